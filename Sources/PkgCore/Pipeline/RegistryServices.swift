// The registry-backed services an install needs, built from `.npmrc` and flags: the metadata
// source for the resolver, the tarball source and the store.
import PkgRegistryClient
import PkgResolver

/// Everything `Installer` needs from the outside world.
package struct RegistryServices: Sendable {
    package var configuration: NpmConfiguration
    package var store: Store
    package var source: any PackageSource
    package var tarballs: any TarballSource

    /// Builds the services for a project folder: `.npmrc` files (project, user, global),
    /// `npm_config_*` variables, then these flags.
    /// - Throws: `InstallError.invalidProjectFile` when an `.npmrc` cannot be read.
    package static func make(
        projectDirectory: String, registry: String?, cacheFlag: String?, offline: Bool, preferOffline: Bool, command: String
    ) throws(InstallError) -> RegistryServices {
        var cli: [String: IniValue] = [:]
        if let registry { cli["registry"] = .string(registry) }
        if let cacheFlag { cli["cache"] = .string(cacheFlag) }
        if offline { cli["offline"] = .bool(true) }
        if preferOffline { cli["prefer-offline"] = .bool(true) }
        let configuration: NpmConfiguration
        do {
            configuration = try NpmConfiguration.load(cli: cli, workingDirectory: projectDirectory)
        } catch {
            throw .invalidProjectFile(path: ".npmrc", reason: error.message)
        }
        let client = RegistryClient(configuration: configuration, command: command)
        return RegistryServices(
            configuration: configuration,
            store: Store(cacheDirectory: configuration.cache),
            source: RegistryPackageSource(client: client),
            tarballs: RegistryTarballSource(client: client)
        )
    }
}
