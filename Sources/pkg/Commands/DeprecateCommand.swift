// `pkg deprecate <spec> <message>`: npm deprecate; an empty message un-deprecates.
import ArgumentParser
import Foundation
import PkgModel
import PkgRegistryClient

struct DeprecateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deprecate",
        abstract: "Deprecate the versions matching a spec; an empty message removes the deprecation.",
        discussion: "`pkg deprecate name@\"<2\" \"use 2.x\"` deprecates every 1.x; `pkg deprecate name \"\"` un-deprecates every version."
    )

    @Argument(help: ArgumentHelp("The package and the versions (a version or range; all versions when omitted).", valueName: "package-spec"))
    var spec: String

    @Argument(help: "The message shown to people installing these versions; \"\" to un-deprecate.")
    var message: String

    @Option(help: "The registry URL.")
    var registry: String?

    @Option(help: "A one-time password from your authenticator, sent as `npm-otp`.")
    var otp: String?

    func run() async throws {
        let argument = try RegistrySpecArgument(spec)
        let rangeText = argument.versionSpec.flatMap { $0.isEmpty ? nil : $0 } ?? "*"
        guard let range = try? VersionRange(rangeText, loose: true, includePrerelease: true) else {
            RegistryCommandSupport.fail(RegistryCommandError.invalidRange(rangeText))
        }
        let client = try RegistryCommandSupport.client(registry: registry, command: "deprecate")
        do {
            let changed = try await client.deprecate(name: argument.name, range: range, message: message, oneTimePassword: otp)
            if changed.isEmpty {
                RegistryCommandSupport.log("warn deprecate No version found for \(rangeText)")
            }
        } catch {
            RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: argument.name, registry: client.registry(forPackage: argument.name)))
        }
    }
}
