/// One resolved package instance: everything an install needs without fetching its packument.
///
/// The fields are the ones the linker and the platform and script checks read (`bin`,
/// `os`/`cpu`/`libc`, `engines`, `hasInstallScript`), so `pkg ci` goes from lockfile to
/// node_modules with tarball downloads only.
public struct LockfilePackage: Sendable, Hashable {
    /// Where to download the tarball; `nil` for a package bundled inside its parent's tarball.
    public var resolved: LockfileTarball?
    /// The tarball's integrity; `nil` only for bundled packages.
    public var integrity: Integrity?
    /// Resolved edges by kind: dependency name (the alias, for `npm:` aliases) to instance.
    public var dependencies: [LockfileDependencyKind: [String: LockfilePackageKey]]
    /// The package's own dependency specifiers by kind (as its manifest wrote them), so a later
    /// resolution can check each locked edge against its range without fetching the packument.
    public var specifiers: [LockfileDependencyKind: [String: String]]
    /// Peer dependencies marked optional in the package's `peerDependenciesMeta`, sorted.
    public var optionalPeers: [String]
    /// The package's `bundleDependencies`: names shipped inside its tarball, never resolved.
    public var bundleDependencies: [String]
    /// Needed only by the importers' devDependencies (omitted by `--omit=dev`).
    public var dev: Bool
    /// Needed only through optional edges, so a failed install of it is not fatal.
    public var optional: Bool
    /// Needed only through paths that are each dev or optional (omitted when both are omitted).
    public var devOptional: Bool
    /// Needed only to satisfy peer dependencies.
    public var peer: Bool
    /// Shipped inside a dependent's tarball (`bundleDependencies`); never downloaded on its own.
    public var bundled: Bool
    /// Executables to link, command name to path inside the package (already normalised).
    public var bin: [String: String]
    /// Platform constraints, in npm's `os`/`cpu`/`libc` syntax (`!win32` excludes).
    public var os: [String]
    /// CPU constraints.
    public var cpu: [String]
    /// C library constraints (`glibc`, `musl`).
    public var libc: [String]
    /// Engine ranges (`node`, `npm`), checked with a warning as npm does.
    public var engines: [String: String]
    /// Whether install scripts (preinstall, install, postinstall, or a binding.gyp) exist.
    public var hasInstallScript: Bool
    /// The registry's deprecation message, shown again on install.
    public var deprecated: String?

    /// Creates a package entry; every field but the location and integrity has an empty default.
    public init(
        resolved: LockfileTarball?,
        integrity: Integrity?,
        dependencies: [LockfileDependencyKind: [String: LockfilePackageKey]] = [:],
        dev: Bool = false,
        optional: Bool = false,
        devOptional: Bool = false,
        peer: Bool = false,
        bundled: Bool = false,
        bin: [String: String] = [:],
        os: [String] = [],
        cpu: [String] = [],
        libc: [String] = [],
        engines: [String: String] = [:],
        hasInstallScript: Bool = false,
        deprecated: String? = nil,
        specifiers: [LockfileDependencyKind: [String: String]] = [:],
        optionalPeers: [String] = [],
        bundleDependencies: [String] = []
    ) {
        self.specifiers = specifiers.filter { !$0.value.isEmpty }
        self.optionalPeers = optionalPeers
        self.bundleDependencies = bundleDependencies
        self.resolved = resolved
        self.integrity = integrity
        self.dependencies = dependencies.filter { !$0.value.isEmpty }
        self.dev = dev
        self.optional = optional
        self.devOptional = devOptional
        self.peer = peer
        self.bundled = bundled
        self.bin = bin
        self.os = os
        self.cpu = cpu
        self.libc = libc
        self.engines = engines
        self.hasInstallScript = hasInstallScript
        self.deprecated = deprecated
    }

    /// All resolved edges regardless of kind, for graph walks.
    public var allEdges: [(name: String, kind: LockfileDependencyKind, target: LockfilePackageKey)] {
        LockfileDependencyKind.allCases.flatMap { kind in
            (dependencies[kind] ?? [:]).sorted { $0.key < $1.key }.map { (name: $0.key, kind: kind, target: $0.value) }
        }
    }
}
