// The registry-backed services an install needs: the metadata source for the resolver and the
// tarball source, built from `.npmrc` and flags.
import PkgResolver

/// Everything `Installer` needs from the outside world.
package struct RegistryServices: Sendable {
    package var store: Store
    package var source: any PackageSource
    package var tarballs: any TarballSource

    /// Builds the services for a project folder.
    /// - Throws: `InstallError.registryUnavailable` until the registry client is wired in.
    package static func make(
        projectDirectory: String, registry: String?, cacheFlag: String?, offline: Bool, preferOffline: Bool
    ) throws(InstallError) -> RegistryServices {
        throw .registryUnavailable(registry: registry ?? "https://registry.npmjs.org/")
    }
}
