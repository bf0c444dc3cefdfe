// The `pkg-registry` command line: a thin executable over PkgRegistryServer.
import ArgumentParser
import PkgModel

/// `pkg-registry` serves a registry; `pkg-registry user ...` manages its accounts.
@main
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkg-registry",
        abstract: "A self-hosted npm-compatible package registry.",
        version: PkgVersion.current,
        subcommands: [ServeCommand.self, UserCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
