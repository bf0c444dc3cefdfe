// `pkg unpublish [<name>[@<version>]]`: npm unpublish; the whole package needs `--force`.
import ArgumentParser
import Foundation
import PkgModel
import PkgRegistryClient

struct UnpublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpublish",
        abstract: "Remove a version, or with --force a whole package, from the registry.",
        discussion: "A removed version number can never be published again."
    )

    @Argument(help: ArgumentHelp("`name@version`, or `name` with --force for every version (default: this folder's package).", valueName: "package-spec"))
    var spec: String?

    @Flag(help: "Allow removing the whole package, or its last version.")
    var force = false

    @Flag(name: .customLong("dry-run"), help: "Report what would be removed without removing it.")
    var dryRun = false

    @Option(help: "The registry URL.")
    var registry: String?

    @Option(help: "A one-time password from your authenticator, sent as `npm-otp`.")
    var otp: String?

    func validate() throws {
        guard let spec else { return }
        let requested = try RegistrySpecArgument(spec).versionSpec
        if let requested, requested != "*", Version.parse(requested) == nil {
            throw ValidationError("Can only unpublish a single version, or the entire project.\nTags and ranges are not supported.")
        }
        if (requested == nil || requested == "*") && !force {
            throw ValidationError("Refusing to delete entire project.\nRun with --force to do this.")
        }
    }

    func run() async throws {
        let name: String
        var version: String?
        if let spec {
            let argument = try RegistrySpecArgument(spec)
            name = argument.name
            version = argument.versionSpec
            if let requested = version, requested != "*" {
                guard Version.parse(requested) != nil else {
                    throw ValidationError("Can only unpublish a single version, or the entire project.\nTags and ranges are not supported.")
                }
            } else {
                version = nil
            }
        } else {
            guard let local = RegistryCommandSupport.packageName(in: ".") else {
                throw ValidationError("no package named: pass `<name>@<version>` or run in a package folder")
            }
            name = local
            version = RegistryCommandSupport.packageVersion(in: ".")
        }
        if version == nil && !force {
            throw ValidationError("Refusing to delete entire project.\nRun with --force to do this.")
        }
        let client = try RegistryCommandSupport.client(registry: registry, command: "unpublish")
        let target = client.registry(forPackage: name)
        do {
            let versions = try await client.fullPackument(named: name, write: true).versions
            if versions.count == 1, let version, versions[0] == version, !force {
                throw ValidationError("Refusing to delete the last version of the package. It will block from republishing a new version for 24 hours.\nRun with --force to do this.")
            }
            let label = versions.count == 1 || version == nil ? name : "\(name)@\(version ?? "")"
            if !dryRun {
                _ = try await client.unpublish(name: name, version: version, oneTimePassword: otp)
            }
            RegistryCommandSupport.output("- \(label)")
        } catch let error as RegistryError {
            RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: name, registry: target))
        }
    }
}
