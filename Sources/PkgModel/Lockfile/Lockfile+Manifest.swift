extension Lockfile {
    /// Lists how the lockfile's importer differs from `manifest`, for `pkg ci` (empty when current).
    ///
    /// Uses the manifest's normalised maps, so a name listed in both `dependencies` and
    /// `optionalDependencies` counts once, as optional, exactly as npm reads it.
    public func isUpToDate(with manifest: PackageManifest, importer: String = Lockfile.rootImporter) -> [LockfileMismatch] {
        isUpToDate(importer: importer, specifiers: [
            .dependencies: manifest.dependencies,
            .devDependencies: manifest.devDependencies,
            .optionalDependencies: manifest.optionalDependencies,
            .peerDependencies: manifest.peerDependencies,
        ])
    }
}

extension LockfileDependencyKind {
    /// The lockfile kind recording a package.json dependency map.
    public init(_ kind: DependencyKind) {
        switch kind {
        case .production: self = .dependencies
        case .dev: self = .devDependencies
        case .optional: self = .optionalDependencies
        case .peer: self = .peerDependencies
        }
    }
}
