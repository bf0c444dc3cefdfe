// `pkg view <spec> [field...]` (aliases `info`, `show`, `v`): npm view's summary, fields and `--json`.
import ArgumentParser
import Foundation
import PkgModel
import PkgRegistryClient

struct ViewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Show registry information about a package, as npm view does.",
        discussion: """
            A range or tag shows every matching version (`pkg view left-pad@1.x version`). Fields are \
            dotted paths: `dist.tarball`, `dist-tags.latest`, `versions`, `maintainers[0]`.
            """,
        aliases: ["info", "show", "v"]
    )

    @Argument(help: ArgumentHelp("The package: `name`, `name@version`, `name@range` or `name@tag` (default: the package in this folder).", valueName: "package-spec"))
    var spec: String?

    @Argument(help: ArgumentHelp("Fields to print instead of the summary.", valueName: "field"))
    var fields: [String] = []

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @Option(help: "The registry URL.")
    var registry: String?

    func run() async throws {
        let argument = try RegistrySpecArgument(spec)
        let client = try RegistryCommandSupport.client(registry: registry, command: "view")
        let packument: Packument, contentLength: Int?
        do {
            (packument, contentLength) = try await client.packumentForView(named: argument.name)
        } catch {
            RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: argument.name, registry: client.registry(forPackage: argument.name)))
        }
        let view = PackageView(
            packument: packument, versionSpec: argument.versionSpec, fields: fields, json: json,
            terminalWidth: TerminalInfo.standardOutputWidth, unicode: TerminalInfo.unicode,
            contentLength: contentLength
        )
        do {
            if let text = try view.render() { RegistryCommandSupport.output(text) }
        } catch {
            RegistryCommandSupport.fail(error)
        }
    }
}
