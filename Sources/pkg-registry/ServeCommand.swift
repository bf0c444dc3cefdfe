import ArgumentParser
import PkgRegistryServer

/// Runs the server until SIGINT or SIGTERM, then finishes requests in flight and exits 0.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the registry (the default).")

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on; 0 picks a free one (default 4873).")
    var port: Int?

    @Flag(help: "Let `npm adduser` create accounts.")
    var allowSignup = false

    @Option(help: "The base URL written into `dist.tarball` (default: the request's Host).")
    var publicURL: String?

    @Flag(help: "Accept first publishes of names npm allows only for old packages (`buffer`, `JSONStream`).")
    var allowLegacyNames = false

    func run() async throws {
        var configuration = try dataOptions.configuration()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if allowSignup { configuration.allowSignup = true }
        if let publicURL { configuration.publicURL = publicURL }
        if allowLegacyNames { configuration.allowLegacyNames = true }

        try await RegistryServer.run(configuration: configuration)
    }
}
