// Sets of versions with complement, intersection and union: what the resolver computes with
// (pubgrub's `VersionSet`), and what an npm range lowers to (`VersionRange.versionSet`).
//
// Why two components: npm's prerelease rule makes a range's set of versions something no union of
// intervals in version order can describe. `^1.2.3` holds every release in [1.2.3, 2.0.0-0) but none
// of the prereleases in between, and `>=1.2.3-beta <2` holds the prereleases of 1.2.3 only. So a set is
//
//     releases ∩ R  ∪  prereleases ∩ P
//
// with R and P unions of half-open intervals. A comparator set lowers to R = its interval, and P = its
// interval narrowed to `[t-0, t)` for each MAJOR.MINOR.PATCH `t` that one of its comparators names with
// a prerelease (or P = R with includePrerelease). Every operation works on R and P separately, so the
// algebra is closed and exact.
//
// Canonical form (so `==` is equality of sets): R's bounds are releases (the lowest, 0.0.0, is `nil`);
// P's bounds are prereleases (the lowest, 0.0.0-0, is `nil`); intervals are non-empty and not touching.
//
// Pitfalls: build metadata is ignored everywhere; prerelease numbers above 2^53 compare through doubles
// in node (see `PrereleaseIdentifier.swift`), which no total order reproduces, so such versions may
// land on either side of a bound equal to them.

/// A set of versions, closed under complement, intersection and union.
public struct VersionSet: Sendable, Hashable, CustomStringConvertible {
    private var releases: VersionIntervals
    private var prereleases: VersionIntervals

    private init(releases: VersionIntervals, prereleases: VersionIntervals) {
        self.releases = VersionSet.canonicalReleases(releases)
        self.prereleases = VersionSet.canonicalPrereleases(prereleases)
    }

    /// No version at all.
    public static let empty = VersionSet(releases: .empty, prereleases: .empty)
    /// Every version, prereleases included.
    public static let full = VersionSet(releases: .full, prereleases: .full)

    /// Exactly `version` (and its build-metadata variants, which are the same version).
    public static func exactly(_ version: Version) -> VersionSet {
        var bare = version
        bare.build = []
        let interval = VersionIntervals(lower: bare, upper: bare.successor)
        return bare.isPrerelease
            ? VersionSet(releases: .empty, prereleases: interval)
            : VersionSet(releases: interval, prereleases: .empty)
    }

    /// The versions a range accepts, with its prerelease rule.
    public init(_ range: VersionRange) {
        var result = VersionSet.empty
        for set in range.comparatorSets {
            result = result.union(VersionSet(comparators: set, includePrerelease: range.includePrerelease))
        }
        self = result
    }

    /// The versions one comparator set accepts.
    init(comparators: [Comparator], includePrerelease: Bool) {
        var interval = VersionIntervals.full
        var allowedPrereleases = VersionIntervals.empty
        for comparator in comparators {
            guard var bound = comparator.version else { continue }
            bound.build = []
            let piece: VersionIntervals
            switch comparator.operator {
            case .equal: piece = VersionIntervals(lower: bound, upper: bound.successor)
            case .less: piece = VersionIntervals(lower: nil, upper: bound)
            case .lessOrEqual: piece = VersionIntervals(lower: nil, upper: bound.successor)
            case .greater: piece = bound.successor.map { VersionIntervals(lower: $0, upper: nil) } ?? .empty
            case .greaterOrEqual: piece = VersionIntervals(lower: bound, upper: nil)
            }
            interval = interval.intersection(piece)
            if bound.isPrerelease {
                let tuple = bound.release
                var lowest = tuple
                lowest.prerelease = [.numeric(0)]
                allowedPrereleases = allowedPrereleases.union(VersionIntervals(lower: lowest, upper: tuple))
            }
        }
        self.init(
            releases: interval,
            prereleases: includePrerelease ? interval : interval.intersection(allowedPrereleases)
        )
    }

    public var isEmpty: Bool { releases.isEmpty && prereleases.isEmpty }

    public func contains(_ version: Version) -> Bool {
        version.isPrerelease ? prereleases.contains(version) : releases.contains(version)
    }

    public var complement: VersionSet {
        VersionSet(releases: releases.complement, prereleases: prereleases.complement)
    }

    public func intersection(_ other: VersionSet) -> VersionSet {
        VersionSet(releases: releases.intersection(other.releases), prereleases: prereleases.intersection(other.prereleases))
    }

    public func union(_ other: VersionSet) -> VersionSet {
        VersionSet(releases: releases.union(other.releases), prereleases: prereleases.union(other.prereleases))
    }

    /// Whether every version of this set is also in `other`.
    public func isSubset(of other: VersionSet) -> Bool {
        intersection(other.complement).isEmpty
    }

    /// Whether the sets share no version.
    public func isDisjoint(with other: VersionSet) -> Bool {
        intersection(other).isEmpty
    }

    /// Range-like text: `>=1.2.3 <2.0.0 (prereleases: >=1.2.3-0 <1.2.3)`.
    public var description: String {
        if isEmpty { return "∅" }
        if releases == .full && prereleases == .full { return "*" }
        let releaseText = VersionSet.render(releases)
        return prereleases.isEmpty ? releaseText : "\(releaseText) (prereleases: \(VersionSet.render(prereleases)))"
    }

    private static func render(_ intervals: VersionIntervals) -> String {
        if intervals.isEmpty { return "∅" }
        return intervals.intervals.map { interval in
            switch (interval.lower, interval.upper) {
            case (nil, nil): return "*"
            case (let lower?, nil): return ">=\(lower)"
            case (nil, let upper?): return "<\(upper)"
            case (let lower?, let upper?):
                return upper == lower.successor ? "\(lower)" : ">=\(lower) <\(upper)"
            }
        }.joined(separator: " || ")
    }

    // MARK: Canonical bounds

    /// Release bounds: a prerelease bound moves up to its release, which holds the same releases
    /// below (for an upper bound) or above (for a lower bound) it.
    private static func canonicalReleases(_ intervals: VersionIntervals) -> VersionIntervals {
        let lowest = Version(major: 0, minor: 0, patch: 0)
        return intervals.mapIntervals { interval in
            let lower = interval.lower.map(\.release) ?? lowest
            let upper = interval.upper.map(\.release)
            if let upper, Version.compare(lower, upper) >= 0 { return nil }
            return VersionInterval(lower: lower == lowest ? nil : lower, upper: upper)
        }
    }

    /// Prerelease bounds: a release bound moves up to the next tuple's `-0`, which holds the same
    /// prereleases below (for an upper bound) or above (for a lower bound) it.
    private static func canonicalPrereleases(_ intervals: VersionIntervals) -> VersionIntervals {
        let lowest = Version(major: 0, minor: 0, patch: 0, prerelease: [.numeric(0)])
        return intervals.mapIntervals { interval in
            var lower = interval.lower ?? lowest
            if !lower.isPrerelease {
                guard let next = lower.successor else { return nil }  // nothing above the largest release
                lower = next
            }
            var upper = interval.upper
            if let bound = upper, !bound.isPrerelease { upper = bound.successor }
            if let upper, Version.compare(lower, upper) >= 0 { return nil }
            return VersionInterval(lower: lower == lowest ? nil : lower, upper: upper)
        }
    }
}

extension VersionRange {
    /// The range as a set, for intersecting with other ranges in the resolver.
    public var versionSet: VersionSet { VersionSet(self) }
}
