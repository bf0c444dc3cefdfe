import PkgModel

/// What the resolver needs to know about one package: its dist-tags and published versions.
///
/// It is the resolver's view of an abbreviated packument (`application/vnd.npm.install-v1+json`);
/// PkgCore converts the model's packument into it, so the resolver never parses JSON.
public struct PackageMetadata: Sendable, Hashable {
    /// The package name as published (`@scope/name` or `name`).
    public var name: String
    /// Tag → version, such as `latest` → `2.1.0`.
    public var distTags: [String: String]
    /// Version string → that version's manifest. Strings that are not valid versions are ignored.
    public var versions: [String: VersionMetadata]

    public init(name: String, distTags: [String: String] = [:], versions: [String: VersionMetadata] = [:]) {
        self.name = name
        self.distTags = distTags
        self.versions = versions
    }
}

/// One published version, reduced to the fields that resolution, the lockfile and install need.
public struct VersionMetadata: Sendable, Hashable {
    public var name: String
    public var version: String
    public var dependencies: [String: String]
    public var optionalDependencies: [String: String]
    public var peerDependencies: [String: String]
    public var peerDependenciesMeta: [String: PeerDependencyMeta]
    /// Names that come inside the tarball; the resolver never resolves them.
    public var bundleDependencies: [String]
    public var os: [String]
    public var cpu: [String]
    public var libc: [String]
    /// Engine → range, such as `node` → `>=18`.
    public var engines: [String: String]
    /// The deprecation message; `nil` when the version is not deprecated.
    public var deprecated: String?
    /// Whether the package has a preinstall, install or postinstall script (the packument's field).
    public var hasInstallScript: Bool
    /// Normalised bin map: command name → path inside the package.
    public var bin: [String: String]
    /// The tarball URL (`dist.tarball`).
    public var tarball: String
    /// The SRI string (`dist.integrity`, or `sha1-…` derived from `dist.shasum`); `nil` when unknown.
    public var integrity: String?
    /// ISO 8601 publish time from the packument's `time` map, when known.
    public var publishTime: String?

    public init(
        name: String,
        version: String,
        dependencies: [String: String] = [:],
        optionalDependencies: [String: String] = [:],
        peerDependencies: [String: String] = [:],
        peerDependenciesMeta: [String: PeerDependencyMeta] = [:],
        bundleDependencies: [String] = [],
        os: [String] = [],
        cpu: [String] = [],
        libc: [String] = [],
        engines: [String: String] = [:],
        deprecated: String? = nil,
        hasInstallScript: Bool = false,
        bin: [String: String] = [:],
        tarball: String = "",
        integrity: String? = nil,
        publishTime: String? = nil
    ) {
        self.name = name
        self.version = version
        self.dependencies = dependencies
        self.optionalDependencies = optionalDependencies
        self.peerDependencies = peerDependencies
        self.peerDependenciesMeta = peerDependenciesMeta
        self.bundleDependencies = bundleDependencies
        self.os = os
        self.cpu = cpu
        self.libc = libc
        self.engines = engines
        self.deprecated = deprecated
        self.hasInstallScript = hasInstallScript
        self.bin = bin
        self.tarball = tarball
        self.integrity = integrity
        self.publishTime = publishTime
    }
}
