/// One package instance of a resolved graph: the chosen manifest, its edges and its flags.
public struct ResolvedPackage: Sendable, Hashable {
    public var id: PackageID
    /// The chosen version's manifest (dependency specs, dist, bin, platform fields…): the lockfile
    /// records these so a later resolution can keep this choice without fetching metadata.
    public var metadata: VersionMetadata
    /// Edge name (the folder name: an alias or the package name) → edge. Bundled dependencies have
    /// no edges (they come from the tarball).
    public var edges: [String: ResolvedEdge]
    public var flags: DependencyFlags

    public init(id: PackageID, metadata: VersionMetadata, edges: [String: ResolvedEdge] = [:], flags: DependencyFlags = DependencyFlags()) {
        self.id = id
        self.metadata = metadata
        self.edges = edges
        self.flags = flags
    }

    public var name: String { id.name }
    public var version: String { id.version }
    public var tarball: String { metadata.tarball }
    public var integrity: String? { metadata.integrity }
    public var bin: [String: String] { metadata.bin }
    public var os: [String] { metadata.os }
    public var cpu: [String] { metadata.cpu }
    public var libc: [String] { metadata.libc }
    public var engines: [String: String] { metadata.engines }
    public var hasInstallScript: Bool { metadata.hasInstallScript }
    public var deprecated: String? { metadata.deprecated }
    public var bundleDependencies: [String] { metadata.bundleDependencies }
}
