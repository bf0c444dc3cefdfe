import ArgumentParser
import Foundation
import PkgCore
import PkgModel

/// Runs one of the project's scripts, exiting with the script's status.
private func runScript(_ name: String, arguments: [String], global: GlobalOptions, command: String) throws {
    let console = global.console
    let project = try Project(directory: Project.findRoot(from: FileManager.default.currentDirectoryPath))
    let runner = ScriptRunner(projectDirectory: project.directory, command: command)
    let status = try ProjectScripts.run(name, arguments: arguments, project: project, runner: runner) { banner in
        console.info(banner)
    }
    if status != 0 { throw ExitCode(status) }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a package.json script with node_modules/.bin on PATH.", aliases: ["run-script"]
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The script to run; lists the scripts when omitted.")
    var script: String?
    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script (after `--`).")
    var arguments: [String] = []

    func run() throws {
        guard let script else {
            let project = try Project(directory: Project.findRoot(from: FileManager.default.currentDirectoryPath))
            let scripts = project.manifest.scripts
            if global.json {
                let data = try JSONSerialization.data(withJSONObject: scripts, options: [.sortedKeys])
                global.console.output(String(decoding: data, as: UTF8.self))
            } else {
                for name in scripts.keys.sorted() { global.console.output("\(name)\n  \(scripts[name] ?? "")") }
            }
            return
        }
        try runScript(script, arguments: arguments.first == "--" ? Array(arguments.dropFirst()) : arguments, global: global, command: "run-script")
    }
}

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Run the `test` script.", aliases: ["t"])
    @OptionGroup var global: GlobalOptions
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func run() throws {
        try runScript("test", arguments: arguments.first == "--" ? Array(arguments.dropFirst()) : arguments, global: global, command: "test")
    }
}

struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Run the `start` script (default `node server.js`).")
    @OptionGroup var global: GlobalOptions
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func run() throws {
        try runScript("start", arguments: arguments.first == "--" ? Array(arguments.dropFirst()) : arguments, global: global, command: "start")
    }
}
