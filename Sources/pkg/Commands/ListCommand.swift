import ArgumentParser
import Foundation
import PkgCore

/// `pkg ls`: the installed tree as `npm ls` prints it.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List installed packages as a tree (npm ls).", aliases: ["list", "la", "ll"]
    )
    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "List every installed package, not only the direct dependencies.")
    var all = false
    @Option(help: "How many levels of dependencies to show (default 0, all with --all).")
    var depth: Int?
    @Flag(help: "Print one absolute folder per line instead of a tree.")
    var parseable = false
    @Argument(help: "Only show these packages (`name` or `name@range`) and the chains leading to them.")
    var packages: [String] = []

    func run() throws {
        let directory = Project.findRoot(from: FileManager.default.currentDirectoryPath)
        let tree = try InstalledTree.load(projectDirectory: directory)
        let report = ListReport(tree: tree, options: .init(
            filters: packages, depth: depth, all: all, omit: Set(global.omitted.map(\.rawValue))
        ))
        let console = global.console
        if global.json {
            console.output(report.json)
        } else if parseable {
            console.output(report.parseable)
        } else {
            console.output(report.text)
        }
        if let failure = report.failure { throw failure }
        if report.filterMatchedNothing { throw ExitCode(1) }
    }
}
