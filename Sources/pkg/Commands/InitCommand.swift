import ArgumentParser
import Foundation
import PkgCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a package.json in the current folder.")
    @OptionGroup var global: GlobalOptions
    @Flag(name: [.customShort("y"), .long], help: "Accepted for npm compatibility; pkg never asks questions.")
    var yes = false

    func run() throws {
        let console = global.console
        let result = try ProjectInitializer.initialize(directory: FileManager.default.currentDirectoryPath)
        if result.created {
            console.info("Wrote to \(result.path)")
        } else {
            console.info("\(result.path) already exists; left unchanged")
        }
    }
}
