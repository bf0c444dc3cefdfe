// The package's own scripts around `pkg pack` and `pkg publish`, in npm's order
// (libnpmpack, pacote's DirFetcher, npm/lib/commands/publish.js):
//
//   pack:    prepack, prepare, <pack>, postpack
//   publish: prepublishOnly, prepack, prepare, <pack>, postpack, <upload>, publish, postpublish
//
// Each event runs only its own script (no pre/post of the event itself), in the package folder,
// with output shown (npm runs them in the foreground for pack and publish) and the banner
// `> name@version event` on stderr, so stdout keeps only the command's data. `postpack` also sees
// `npm_package_integrity`. `--ignore-scripts` skips them all; `--dry-run` still runs them, as npm does.
import Foundation
import PkgModel

/// Runs a package folder's pack and publish lifecycle scripts.
package struct PackLifecycle: Sendable {
    /// The events before packing, in order.
    package static let beforePack = ["prepack", "prepare"]
    package static let afterPack = ["postpack"]
    package static let beforePublish = ["prepublishOnly"]
    package static let afterPublish = ["publish", "postpublish"]

    package var directory: String
    package var ignoreScripts: Bool
    /// `pack` or `publish`, as `npm_command`.
    package var command: String
    package var environment: [String: String]

    package init(directory: String, ignoreScripts: Bool, command: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.directory = directory
        self.ignoreScripts = ignoreScripts
        self.command = command
        self.environment = environment
    }

    /// Runs `events` in order, re-reading package.json before each (a script may change it).
    /// - Throws: `PublishError.scriptFailed` for the first script that exits non-zero.
    package func run(_ events: [String], extraEnvironment: [String: String] = [:], announce: (String) -> Void) throws(PublishError) {
        guard !ignoreScripts else { return }
        let folder = URL(fileURLWithPath: directory).standardizedFileURL.path
        for event in events {
            guard let data = FileManager.default.contents(atPath: folder + "/package.json"),
                  let manifest = try? PackageManifest(parsing: [UInt8](data)),
                  let script = manifest.scripts[event]
            else { continue }
            var runner = ScriptRunner(projectDirectory: folder, environment: environment, command: command)
            runner.environment.merge(extraEnvironment) { _, new in new }
            announce("\n> \(manifest.name ?? "")@\(manifest.version ?? "") \(event)\n> \(script)\n")
            let outcome: ScriptRunner.Outcome
            do {
                outcome = try runner.run(event: event, script: script, packageDirectory: folder, name: manifest.name, version: manifest.version, output: .inherit)
            } catch {
                throw .scriptFailed(event: event, status: -1)
            }
            if outcome.status != 0 { throw .scriptFailed(event: event, status: outcome.status) }
        }
    }
}
