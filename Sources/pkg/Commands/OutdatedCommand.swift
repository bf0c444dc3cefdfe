import ArgumentParser
import Foundation
import PkgCore
import PkgResolver

/// `pkg outdated`: installed dependencies behind what their ranges or the `latest` tag allow;
/// exits 1 when any is, as npm does.
struct OutdatedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outdated", abstract: "List dependencies with newer versions in the registry (npm outdated)."
    )
    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "Check every installed package's dependencies, not only the project's.")
    var all = false
    @Flag(help: "Print `path:name@wanted:name@current:name@latest:dependent` lines.")
    var parseable = false
    @Argument(help: "Only check these package names.")
    var packages: [String] = []

    func run() async throws {
        let directory = Project.findRoot(from: FileManager.default.currentDirectoryPath)
        let tree = try InstalledTree.load(projectDirectory: directory)
        let services = try RegistryServices.make(
            projectDirectory: directory, registry: global.registry, cacheFlag: global.cache,
            offline: global.offline, preferOffline: global.preferOffline, command: "outdated"
        )
        let source = services.source
        let edges = OutdatedReport.edges(in: tree, names: packages, all: all)
        let rows = try await OutdatedReport.rows(tree: tree, edges: edges, omit: Set(global.omitted.map(\.rawValue))) { name in
            switch try await source.metadata(for: name) {
            case .found(let metadata): metadata
            case .notFound: nil
            }
        }
        let console = global.console
        if global.json {
            console.output(OutdatedReport.json(rows))
        } else if !rows.isEmpty {
            console.output(parseable ? OutdatedReport.parseable(rows) : OutdatedReport.table(rows))
        }
        if !rows.isEmpty { throw ExitCode(1) }
    }
}
