import ArgumentParser
import Foundation
import PkgCore

/// `pkg why <name>` (alias `explain`): the chains of dependents that keep a package installed.
struct WhyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why", abstract: "Explain why a package is installed (npm explain).", aliases: ["explain"]
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A package name, `name@range`, or a folder such as `node_modules/a`.")
    var packages: [String] = []

    func validate() throws {
        if packages.isEmpty { throw ValidationError("Name the package to explain: `pkg why <name>`.") }
    }

    func run() throws {
        let directory = Project.findRoot(from: FileManager.default.currentDirectoryPath)
        let tree = try InstalledTree.load(projectDirectory: directory)
        let explanations = try Explanation.explain(packages, in: tree)
        global.console.output(global.json ? Explanation.json(explanations) : Explanation.text(explanations))
    }
}
