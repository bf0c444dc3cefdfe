extension Packument {
    /// Removes a version as npm's unpublish does, moving `latest` to the highest remaining version
    /// in node-semver's loose order (prereleases included, as `semver.compareLoose` sorts them).
    ///
    /// Versions that do not parse sort lowest, so a corrupt entry never becomes `latest`.
    public mutating func removeVersion(_ version: String, time: String? = nil) {
        removeVersion(version, time: time, areInIncreasingOrder: Self.semverLooseOrder)
    }

    /// Orders version strings as `semver.compareLoose` does, unparsable strings first.
    static func semverLooseOrder(_ lhs: String, _ rhs: String) -> Bool {
        switch (Version.parse(lhs, loose: true), Version.parse(rhs, loose: true)) {
        case (let left?, let right?): left < right
        case (nil, _?): true
        case (_, nil): false
        }
    }
}
