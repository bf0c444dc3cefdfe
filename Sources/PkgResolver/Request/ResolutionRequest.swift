import PkgModel

/// Everything the resolver needs from a project: the root's declared dependencies, its overrides,
/// the settings that change resolution, and the previous result (the lockfile) to stay close to.
public struct ResolutionRequest: Sendable, Hashable {
    /// The root package's name and version, used only in messages (`root` when absent).
    public var rootName: String?
    public var rootVersion: String?
    /// Edge name (folder name, possibly an alias) → raw specifier, exactly as in package.json.
    public var dependencies: [String: String]
    public var devDependencies: [String: String]
    public var optionalDependencies: [String: String]
    public var peerDependencies: [String: String]
    public var peerDependenciesMeta: [String: PeerDependencyMeta]
    /// package.json `overrides`; only the root's are ever read (npm does the same).
    public var overrides: Overrides
    public var options: ResolutionOptions
    /// The previous resolution (from the lockfile): its choices are kept wherever still valid.
    public var previous: ResolvedGraph?
    /// Which locked choices to ignore (`pkg update`).
    public var update: UpdateSelection

    public init(
        rootName: String? = nil,
        rootVersion: String? = nil,
        dependencies: [String: String] = [:],
        devDependencies: [String: String] = [:],
        optionalDependencies: [String: String] = [:],
        peerDependencies: [String: String] = [:],
        peerDependenciesMeta: [String: PeerDependencyMeta] = [:],
        overrides: Overrides = Overrides(),
        options: ResolutionOptions = ResolutionOptions(),
        previous: ResolvedGraph? = nil,
        update: UpdateSelection = .none
    ) {
        self.rootName = rootName
        self.rootVersion = rootVersion
        self.dependencies = dependencies
        self.devDependencies = devDependencies
        self.optionalDependencies = optionalDependencies
        self.peerDependencies = peerDependencies
        self.peerDependenciesMeta = peerDependenciesMeta
        self.overrides = overrides
        self.options = options
        self.previous = previous
        self.update = update
    }
}

/// Which previously locked choices `pkg update` discards.
public enum UpdateSelection: Sendable, Hashable {
    /// Keep every locked choice that is still valid (`pkg install`).
    case none
    /// Re-resolve these package names wherever they appear (`pkg update a b`).
    case packages(Set<String>)
    /// Ignore the lockfile entirely (`pkg update`), as npm starts `update` from an empty tree.
    case all
}
