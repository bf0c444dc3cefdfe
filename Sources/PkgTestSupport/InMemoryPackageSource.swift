import PkgModel
import PkgResolver

/// A registry held in memory, for resolver tests that run in microseconds.
///
/// Names listed in `failingNames` throw (a network failure); unknown names are `.notFound`. An
/// optional `delay` per name lets tests shuffle the order in which answers arrive. Every request is
/// recorded in `log`, with the highest number of requests that were in flight at once.
public struct InMemoryPackageSource: PackageSource {
    public var packages: [String: PackageMetadata]
    public var failingNames: Set<String>
    public var delay: (@Sendable (String) -> Duration)?
    public let log = RequestLog()

    /// A source from published manifests; `distTags[name]` defaults to `latest` = the highest release.
    public init(
        _ manifests: [VersionMetadata],
        distTags: [String: [String: String]] = [:],
        failingNames: Set<String> = [],
        delay: (@Sendable (String) -> Duration)? = nil
    ) {
        var packages: [String: PackageMetadata] = [:]
        for var manifest in manifests {
            if manifest.tarball.isEmpty { manifest.tarball = Self.tarballURL(manifest.name, manifest.version) }
            if manifest.integrity == nil { manifest.integrity = "sha512-\(manifest.name)@\(manifest.version)" }
            packages[manifest.name, default: PackageMetadata(name: manifest.name)].versions[manifest.version] = manifest
        }
        for (name, metadata) in packages {
            if let tags = distTags[name] {
                packages[name]?.distTags = tags
            } else {
                let versions = metadata.versions.keys.compactMap { Version.parse($0) }
                let latest = versions.filter { !$0.isPrerelease }.max() ?? versions.max()
                if let latest { packages[name]?.distTags = ["latest": latest.description] }
            }
        }
        self.packages = packages
        self.failingNames = failingNames
        self.delay = delay
    }

    public func metadata(for name: String) async throws -> PackageMetadataResult {
        await log.begin(name)
        if let delay { try? await Task.sleep(for: delay(name)) }
        await log.end()
        if failingNames.contains(name) { throw InMemorySourceError(name: name) }
        guard let metadata = packages[name] else { return .notFound }
        return .found(metadata)
    }

    /// `https://registry.test/<name>/-/<basename>-<version>.tgz`, like a registry's tarball URL.
    public static func tarballURL(_ name: String, _ version: String) -> String {
        let basename = name.split(separator: "/").last.map(String.init) ?? name
        return "https://registry.test/\(name)/-/\(basename)-\(version).tgz"
    }
}

/// The failure an `InMemoryPackageSource` throws for a name in `failingNames`.
public struct InMemorySourceError: Error, CustomStringConvertible {
    public var name: String
    public var description: String { "connection refused while fetching `\(name)`" }
}

/// What an `InMemoryPackageSource` was asked, in order, and how many requests overlapped.
public actor RequestLog {
    public private(set) var names: [String] = []
    public private(set) var maxInFlight = 0
    private var inFlight = 0

    public init() {}

    func begin(_ name: String) {
        names.append(name)
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
    }

    func end() {
        inFlight -= 1
    }
}
