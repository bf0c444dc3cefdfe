// Ordering versions as node-semver's `compare` does (`classes/semver.js` `compareMain`/`comparePre`).
//
// A release sorts after its prereleases (`1.0.0-rc.1` < `1.0.0`). Prereleases compare identifier by
// identifier; a shorter list that is a prefix of a longer one sorts first (`1.0.0-a` < `1.0.0-a.0`).
// Build metadata is ignored; `compareBuild` is the tie-break node offers for sorting.

extension Version {
    /// node-semver's `compare`: -1, 0 or 1, without allocating.
    public static func compare(_ left: Version, _ right: Version) -> Int {
        if left.major != right.major { return left.major < right.major ? -1 : 1 }
        if left.minor != right.minor { return left.minor < right.minor ? -1 : 1 }
        if left.patch != right.patch { return left.patch < right.patch ? -1 : 1 }
        return comparePrerelease(left.prerelease, right.prerelease)
    }

    static func comparePrerelease(_ left: [PrereleaseIdentifier], _ right: [PrereleaseIdentifier]) -> Int {
        if left.isEmpty || right.isEmpty {
            return left.isEmpty == right.isEmpty ? 0 : (left.isEmpty ? 1 : -1)
        }
        var index = 0
        while true {
            if index == left.count && index == right.count { return 0 }
            if index == right.count { return 1 }
            if index == left.count { return -1 }
            if left[index] != right[index] {
                // node returns here even when the identifiers compare equal (huge numbers): that 0 is final.
                return PrereleaseIdentifier.compare(left[index], right[index])
            }
            index += 1
        }
    }

    /// node-semver's `compareBuild`: `compare`, then the build identifiers as a tie-break.
    public static func compareBuild(_ left: Version, _ right: Version) -> Int {
        let main = compare(left, right)
        if main != 0 { return main }
        var index = 0
        while true {
            if index == left.build.count && index == right.build.count { return 0 }
            if index == right.build.count { return 1 }
            if index == left.build.count { return -1 }
            let a = left.build[index], b = right.build[index]
            if a != b {
                return PrereleaseIdentifier.compare(.alphanumeric(a), .alphanumeric(b))
            }
            index += 1
        }
    }

    public static func < (left: Version, right: Version) -> Bool {
        compare(left, right) < 0
    }
}
