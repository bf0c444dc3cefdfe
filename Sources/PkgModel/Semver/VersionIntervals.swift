// Sorted, disjoint half-open intervals of versions: the building block of `VersionSet`.
//
// Every interval is `[lower, upper)`; `nil` means unbounded. Half-open bounds suffice because every
// version has an immediate successor in node's order (`successor(of:)`), so `<= v` is `< successor(v)`
// and `> v` is `>= successor(v)`. Intervals are kept non-empty, sorted and not touching, so two lists
// holding the same bounds kind (see `VersionSet`) are equal exactly when they hold the same versions.

struct VersionInterval: Sendable, Hashable {
    /// Inclusive; `nil` is "from the lowest version".
    var lower: Version?
    /// Exclusive; `nil` is "with no upper limit".
    var upper: Version?

    func contains(_ version: Version) -> Bool {
        if let lower, Version.compare(version, lower) < 0 { return false }
        if let upper, Version.compare(version, upper) >= 0 { return false }
        return true
    }
}

struct VersionIntervals: Sendable, Hashable {
    private(set) var intervals: [VersionInterval]

    static let empty = VersionIntervals(sorted: [])
    static let full = VersionIntervals(sorted: [VersionInterval(lower: nil, upper: nil)])

    private init(sorted: [VersionInterval]) { intervals = sorted }

    /// One interval, or nothing when it is empty.
    init(lower: Version?, upper: Version?) {
        let interval = VersionInterval(lower: lower, upper: upper)
        intervals = VersionIntervals.isEmpty(interval) ? [] : [interval]
    }

    var isEmpty: Bool { intervals.isEmpty }

    func contains(_ version: Version) -> Bool {
        // Binary search for the last interval starting at or before `version`.
        var low = 0, high = intervals.count
        while low < high {
            let middle = (low + high) / 2
            if let lower = intervals[middle].lower, Version.compare(lower, version) > 0 {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low > 0 && intervals[low - 1].contains(version)
    }

    var complement: VersionIntervals {
        var result: [VersionInterval] = []
        var cursor: Version?  // the next gap's lower bound; `nil` only before the first interval
        for interval in intervals {
            if let lower = interval.lower {
                let gap = VersionInterval(lower: cursor, upper: lower)
                if !VersionIntervals.isEmpty(gap) { result.append(gap) }
            }
            guard let upper = interval.upper else { return VersionIntervals(sorted: result) }
            cursor = upper
        }
        result.append(VersionInterval(lower: cursor, upper: nil))
        return VersionIntervals(sorted: result)
    }

    func intersection(_ other: VersionIntervals) -> VersionIntervals {
        var result: [VersionInterval] = []
        var left = 0, right = 0
        while left < intervals.count && right < other.intervals.count {
            let a = intervals[left], b = other.intervals[right]
            let piece = VersionInterval(
                lower: VersionIntervals.maxLower(a.lower, b.lower), upper: VersionIntervals.minUpper(a.upper, b.upper)
            )
            if !VersionIntervals.isEmpty(piece) { result.append(piece) }
            if VersionIntervals.upperLess(a.upper, b.upper) { left += 1 } else { right += 1 }
        }
        return VersionIntervals(sorted: result)
    }

    func union(_ other: VersionIntervals) -> VersionIntervals {
        let all = (intervals + other.intervals).sorted { VersionIntervals.lowerLess($0.lower, $1.lower) }
        var result: [VersionInterval] = []
        for interval in all {
            if var last = result.last, VersionIntervals.touches(last.upper, interval.lower) {
                if VersionIntervals.upperLess(last.upper, interval.upper) { last.upper = interval.upper }
                result[result.count - 1] = last
            } else {
                result.append(interval)
            }
        }
        return VersionIntervals(sorted: result)
    }

    /// Applies `transform` to every interval (`nil` drops it), then drops empties and merges.
    func mapIntervals(_ transform: (VersionInterval) -> VersionInterval?) -> VersionIntervals {
        let mapped = intervals.compactMap(transform).filter { !VersionIntervals.isEmpty($0) }
        return VersionIntervals(sorted: []).union(VersionIntervals(sorted: mapped))
    }

    // MARK: Bounds

    static func isEmpty(_ interval: VersionInterval) -> Bool {
        guard let lower = interval.lower, let upper = interval.upper else { return false }
        return Version.compare(lower, upper) >= 0
    }

    static func lowerLess(_ a: Version?, _ b: Version?) -> Bool {
        guard let b else { return false }
        guard let a else { return true }
        return Version.compare(a, b) < 0
    }

    /// Whether upper bound `a` is below upper bound `b` (`nil` is infinity).
    static func upperLess(_ a: Version?, _ b: Version?) -> Bool {
        guard let a else { return false }
        guard let b else { return true }
        return Version.compare(a, b) < 0
    }

    /// Whether an interval ending at `upper` touches or overlaps one starting at `lower`.
    static func touches(_ upper: Version?, _ lower: Version?) -> Bool {
        guard let upper, let lower else { return true }
        return Version.compare(upper, lower) >= 0
    }

    static func maxLower(_ a: Version?, _ b: Version?) -> Version? {
        guard let a else { return b }
        guard let b else { return a }
        return Version.compare(a, b) >= 0 ? a : b
    }

    static func minUpper(_ a: Version?, _ b: Version?) -> Version? {
        guard let a else { return b }
        guard let b else { return a }
        return Version.compare(a, b) <= 0 ? a : b
    }
}

extension Version {
    /// The next version in node's order: `1.2.4-0` after `1.2.3`, `1.2.3-a.0` after `1.2.3-a`; `nil`
    /// after the largest possible version.
    var successor: Version? {
        if !prerelease.isEmpty {
            return Version(major: major, minor: minor, patch: patch, prerelease: prerelease + [.numeric(0)])
        }
        return nextTuple.map { Version(major: $0.major, minor: $0.minor, patch: $0.patch, prerelease: [.numeric(0)]) }
    }

    /// The next MAJOR.MINOR.PATCH release, carrying past `maxSafeInteger`.
    var nextTuple: Version? {
        if patch < Version.maxSafeInteger { return Version(major: major, minor: minor, patch: patch + 1) }
        if minor < Version.maxSafeInteger { return Version(major: major, minor: minor + 1, patch: 0) }
        if major < Version.maxSafeInteger { return Version(major: major + 1, minor: 0, patch: 0) }
        return nil
    }
}
