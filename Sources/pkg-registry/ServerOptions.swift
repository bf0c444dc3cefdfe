import ArgumentParser
import PkgRegistryServer

/// Options every subcommand shares: where the data and the config file are.
struct DataOptions: ParsableArguments {
    @Option(help: "The data directory (default ./registry-data).")
    var data: String?

    @Option(help: "A JSON configuration file; flags override it.")
    var config: String?

    func configuration() throws -> RegistryConfiguration {
        var configuration = RegistryConfiguration()
        if let config {
            do {
                try configuration.apply(configFile: config)
            } catch {
                throw ValidationError("cannot read the configuration file `\(config)`: \(error)")
            }
        }
        if let data { configuration.dataDirectory = data }
        return configuration
    }
}
