/// Settings that change what the resolver picks or reports.
///
/// `omit` is deliberately absent: npm still resolves and locks omitted dev, optional and peer
/// dependencies and only skips them at install, so omission is `Resolution.packagesToInstall`'s job.
public struct ResolutionOptions: Sendable, Hashable {
    /// `--legacy-peer-deps`: create no peer edges at all (peers are neither installed nor checked).
    public var legacyPeerDependencies: Bool
    /// `--strict-peer-deps`: any peer conflict is ERESOLVE, not only the root's.
    public var strictPeerDependencies: Bool
    /// `--force`: peer conflicts of the root become warnings instead of ERESOLVE.
    public var force: Bool
    /// `engine-strict`: an engines mismatch of a non-optional package is an error, not a warning.
    public var engineStrict: Bool
    /// Let ranges match prerelease versions (node-semver's `includePrerelease`); npm's default is off.
    public var includePrerelease: Bool
    /// The dist-tag that an empty specifier and the latest shortcut use (npm's `tag`, `latest`).
    public var defaultTag: String
    /// The machine to install on; `nil` skips the os/cpu/libc checks (for `--lockfile-only`).
    public var platform: Platform?
    /// The node version `engines.node` is checked against; `nil` treats every engine as satisfied.
    public var nodeVersion: String?
    /// The npm version `engines.npm` is checked against (pkg claims npm compatibility).
    public var npmVersion: String?

    public init(
        legacyPeerDependencies: Bool = false,
        strictPeerDependencies: Bool = false,
        force: Bool = false,
        engineStrict: Bool = false,
        includePrerelease: Bool = false,
        defaultTag: String = "latest",
        platform: Platform? = nil,
        nodeVersion: String? = nil,
        npmVersion: String? = "10.8.2"
    ) {
        self.legacyPeerDependencies = legacyPeerDependencies
        self.strictPeerDependencies = strictPeerDependencies
        self.force = force
        self.engineStrict = engineStrict
        self.includePrerelease = includePrerelease
        self.defaultTag = defaultTag
        self.platform = platform
        self.nodeVersion = nodeVersion
        self.npmVersion = npmVersion
    }
}

/// The os/cpu/libc triple that `os`, `cpu` and `libc` fields are checked against, in Node's names
/// (`process.platform`, `process.arch`, `glibc`/`musl`).
public struct Platform: Sendable, Hashable {
    public var os: String
    public var cpu: String
    /// `glibc`, `musl`, or `nil` when unknown (a package that names a libc then does not match).
    public var libc: String?

    public init(os: String, cpu: String, libc: String? = nil) {
        self.os = os
        self.cpu = cpu
        self.libc = libc
    }
}
