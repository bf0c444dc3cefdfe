// The `pkg-registry` command line: a thin executable over PkgRegistryServer.
import ArgumentParser
import NIOCore
import NIOPosix
import PkgModel

/// The entry point: hands Swift concurrency's global executor to NIO's event loops before
/// anything else runs, so a request's handler runs on the thread that owns its connection
/// instead of hopping to the concurrency pool and back (measured: see docs/benchmarks.md).
@main
enum RegistryEntryPoint {
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await RegistryCommand.main()
    }
}

/// `pkg-registry` serves a registry; `pkg-registry user ...` manages its accounts.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkg-registry",
        abstract: "A self-hosted npm-compatible package registry.",
        version: PkgVersion.current,
        subcommands: [ServeCommand.self, UserCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
