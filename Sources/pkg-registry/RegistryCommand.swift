import ArgumentParser
import PkgModel
import PkgRegistryServer

/// The `pkg-registry` command line: a thin executable over PkgRegistryServer.
@main
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkg-registry",
        abstract: "A self-hosted npm-compatible package registry.",
        version: PkgVersion.current,
        subcommands: []
    )
}
