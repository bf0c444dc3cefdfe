// An npm version range, exactly as node-semver 7 (`classes/range.js`) parses and tests it.
//
// A range is a union (`||`) of comparator sets; a set is an intersection of comparators. Every form
// (`1.2.3`, `=1.2.3`, `v1.2.3`, `<`/`<=`/`>`/`>=`, `~1.2`, `~>1.2`, `^1.2.3`, `1.x`, `1.2.*`, `*`, ``,
// `1.2.3 - 2.3`, whitespace variants) is lowered to plain comparators by `VersionRange+Parsing.swift`,
// and `versionSet` lowers those into the set algebra the resolver intersects (`VersionSet.swift`).
//
// The prerelease rule (the one everybody trips on): unless `includePrerelease` is set, a version with a
// prerelease satisfies a comparator set only if some comparator in that set names a prerelease of the
// same MAJOR.MINOR.PATCH. So `^1.2.3-beta.1` accepts `1.2.3-beta.2` and `1.5.0` but not `1.5.0-rc.1`,
// `*` accepts no prerelease at all, and `>1.2.3-0 <2` accepts `1.2.3-x` but not `1.2.4-x`.
//
// Other pitfalls reproduced from node-semver:
// - Build metadata never matters; `1.2.3+a` satisfies `1.2.3`.
// - `<1.2.3` written by a user includes `1.2.3-beta` in comparison order, but the prerelease rule still
//   rejects it unless the set names a `1.2.3-…` prerelease. x-ranges and carets add `-0` to their upper
//   bounds (`^1.2.3` is `>=1.2.3 <2.0.0-0`) so that the bound itself excludes `2.0.0-rc`.
// - In loose mode, comparators that do not parse are silently dropped; a range is invalid only when a
//   whole `||` alternative is left empty of them. A number that overflows still fails the whole range.
// - `normalized` is node's `validRange` string: `*` for "any", `<0.0.0-0` for "nothing".

/// A parsed npm range such as `^1.2.3 || >=2.0.0-beta <3`.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    /// The `||` alternatives, each an intersection of comparators (node's `range.set`).
    public let comparatorSets: [[Comparator]]
    /// Whether the range was parsed in loose mode (it also parses the versions it tests from text).
    public let loose: Bool
    /// Whether prereleases satisfy the range without the prerelease rule.
    public let includePrerelease: Bool

    /// Parses `text` as `new Range(text, { loose, includePrerelease })` does.
    /// - Throws: `SemverError.invalidRange` when no alternative is left, or a number overflows.
    public init(_ text: String, loose: Bool = false, includePrerelease: Bool = false) throws {
        guard let sets = RangeParseCache.comparatorSets(text, loose: loose, includePrerelease: includePrerelease) else {
            throw SemverError.invalidRange(text, loose: loose)
        }
        self.comparatorSets = sets
        self.loose = loose
        self.includePrerelease = includePrerelease
    }

    /// A range from comparator sets built in code.
    public init(comparatorSets: [[Comparator]], includePrerelease: Bool = false) {
        self.comparatorSets = comparatorSets
        self.loose = false
        self.includePrerelease = includePrerelease
    }

    /// The range that every release satisfies (`*`).
    public static let any = VersionRange(comparatorSets: [[.any]])

    /// node's `range.range`, which `validRange` returns (with `*` for the empty string).
    public var normalized: String {
        let text = comparatorSets.map { set in set.map(\.description).joined(separator: " ") }.joined(separator: "||")
        return text.isEmpty ? "*" : text
    }

    public var description: String { normalized }

    /// Whether `version` is in the range, with the prerelease rule (node's `range.test`).
    public func satisfied(by version: Version) -> Bool {
        for set in comparatorSets where VersionRange.testSet(set, version, includePrerelease: includePrerelease) {
            return true
        }
        return false
    }

    /// node's `testSet`: every comparator passes, then the prerelease rule.
    @inline(__always)
    static func testSet(_ set: [Comparator], _ version: Version, includePrerelease: Bool) -> Bool {
        for comparator in set where !comparator.test(version) { return false }
        if version.prerelease.isEmpty || includePrerelease { return true }
        for comparator in set {
            guard let bound = comparator.version, !bound.prerelease.isEmpty else { continue }
            if bound.major == version.major && bound.minor == version.minor && bound.patch == version.patch {
                return true
            }
        }
        return false
    }

    /// The highest satisfying version; the first of equals wins (node's `maxSatisfying`).
    public func maxSatisfying<Versions: Sequence<Version>>(_ versions: Versions) -> Version? {
        maxSatisfying(versions) { $0 }
    }

    /// The lowest satisfying version; the first of equals wins (node's `minSatisfying`).
    public func minSatisfying<Versions: Sequence<Version>>(_ versions: Versions) -> Version? {
        minSatisfying(versions) { $0 }
    }

    /// The candidate with the highest satisfying version (`nil` from `version` skips a candidate), so a
    /// caller can pick among manifests or raw strings without a second lookup.
    public func maxSatisfying<Candidates: Sequence>(
        _ candidates: Candidates, version: (Candidates.Element) -> Version?
    ) -> Candidates.Element? {
        best(of: candidates, version: version, replacingWhen: -1)
    }

    /// The candidate with the lowest satisfying version (`nil` from `version` skips a candidate).
    public func minSatisfying<Candidates: Sequence>(
        _ candidates: Candidates, version: (Candidates.Element) -> Version?
    ) -> Candidates.Element? {
        best(of: candidates, version: version, replacingWhen: 1)
    }

    private func best<Candidates: Sequence>(
        of candidates: Candidates, version: (Candidates.Element) -> Version?, replacingWhen order: Int
    ) -> Candidates.Element? {
        var best: (candidate: Candidates.Element, version: Version)?
        for candidate in candidates {
            guard let parsed = version(candidate), satisfied(by: parsed) else { continue }
            if let current = best, Version.compare(current.version, parsed) != order { continue }
            best = (candidate, parsed)
        }
        return best?.candidate
    }

    /// The lowest version that could satisfy the range, or `nil` if none can (node's `minVersion`).
    /// - Throws: `SemverError` where node throws: `>1.2.9007199254740991` bumps the patch past the
    ///   limit, and node re-parses that candidate when the range is loose or includes prereleases; and
    ///   a bound with a loose-only identifier (`-0099999999999999999999`) fails node's strict clone.
    public func minVersion() throws -> Version? {
        let zero = Version(major: 0, minor: 0, patch: 0)
        if satisfied(by: zero) { return zero }
        let zeroPrerelease = Version(major: 0, minor: 0, patch: 0, prerelease: [.numeric(0)])
        if satisfied(by: zeroPrerelease) { return zeroPrerelease }
        var lowest: Version?
        for set in comparatorSets {
            var setLowest: Version?
            for comparator in set {
                guard var candidate = comparator.version else { continue }
                // node clones the bound by parsing its text in strict mode, which fails for a loose
                // identifier such as `09007199254740993` (too big to become a number, so kept as text).
                if candidate.prerelease.contains(where: \.isDigitsWithLeadingZero) {
                    throw SemverError.invalidVersion(candidate.description, loose: false)
                }
                candidate.build = []
                switch comparator.operator {
                case .less, .lessOrEqual:
                    continue
                case .greater:
                    if candidate.prerelease.isEmpty {
                        candidate.patch += 1
                    } else {
                        candidate.prerelease.append(.numeric(0))
                    }
                case .equal, .greaterOrEqual:
                    break
                }
                if setLowest.map({ Version.compare(candidate, $0) > 0 }) ?? true { setLowest = candidate }
            }
            if let setLowest, lowest.map({ Version.compare($0, setLowest) > 0 }) ?? true { lowest = setLowest }
        }
        guard let lowest else { return nil }
        if lowest.patch > Version.maxSafeInteger, loose || includePrerelease,
           comparatorSets.first.map({ !($0.count == 1 && $0[0].isAny) }) ?? false {
            throw SemverError.numberTooLarge(lowest.description, component: "patch")
        }
        return satisfied(by: lowest) ? lowest : nil
    }

    /// Whether some version satisfies both ranges (node's `intersects`), with this range's options.
    public func intersects(_ other: VersionRange) -> Bool {
        comparatorSets.contains { mine in
            VersionRange.isSatisfiable(mine, includePrerelease: includePrerelease)
                && other.comparatorSets.contains { theirs in
                    VersionRange.isSatisfiable(theirs, includePrerelease: includePrerelease)
                        && mine.allSatisfy { left in
                            theirs.allSatisfy { right in left.intersects(right, includePrerelease: includePrerelease) }
                        }
                }
        }
    }

    /// node's `isSatisfiable`: every pair of comparators in the set intersects.
    static func isSatisfiable(_ set: [Comparator], includePrerelease: Bool) -> Bool {
        var remaining = set
        var candidate = remaining.popLast()
        var result = true
        while result, !remaining.isEmpty, let tested = candidate {
            result = remaining.allSatisfy { tested.intersects($0, includePrerelease: includePrerelease) }
            candidate = remaining.popLast()
        }
        return result
    }
}
