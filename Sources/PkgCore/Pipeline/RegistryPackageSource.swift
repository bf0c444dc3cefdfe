// The resolver's `PackageSource` over the registry client: abbreviated packuments (cached on disk
// with ETag revalidation by the client) converted to the resolver's `PackageMetadata`.
import PkgModel
import PkgRegistryClient
import PkgResolver

/// Package metadata from an npm-compatible registry.
package struct RegistryPackageSource: PackageSource {
    package let client: RegistryClient

    package init(client: RegistryClient) {
        self.client = client
    }

    package func metadata(for name: String) async throws -> PackageMetadataResult {
        switch try await client.packument(named: name) {
        case .found(let document):
            return .found(Self.metadata(try document.packument()))
        case .notFound:
            return .notFound
        case .offline(let name):
            throw InstallError.notInStoreOffline(package: name)
        }
    }

    /// The resolver's view of a packument.
    package static func metadata(_ packument: Packument) -> PackageMetadata {
        let times = packument.time
        var versions: [String: VersionMetadata] = [:]
        for manifest in packument.manifests {
            guard let version = manifest.version else { continue }
            let dist = manifest.dist
            var metadata = VersionMetadata(
                name: manifest.name ?? packument.name, version: version,
                dependencies: manifest.dependencies, optionalDependencies: manifest.optionalDependencies,
                peerDependencies: manifest.peerDependencies,
                bundleDependencies: manifest.bundleDependencies,
                os: manifest.os, cpu: manifest.cpu, libc: manifest.libc, engines: manifest.engines,
                deprecated: manifest.deprecated, hasInstallScript: manifest.hasInstallScript, bin: manifest.bin,
                tarball: dist.tarball ?? "", integrity: dist.integrity?.description, publishTime: times[version]
            )
            // `.init` takes whichever `PeerDependencyMeta` the resolver declares.
            for name in manifest.optionalPeers { metadata.peerDependenciesMeta[name] = .init(optional: true) }
            versions[version] = metadata
        }
        return PackageMetadata(name: packument.name, distTags: packument.distTags, versions: versions)
    }
}
