// `pkg run <script>`: the root project's own scripts, with `pre<name>` and `post<name>` as npm
// runs them, output shown live.
import PkgModel

package enum ProjectScripts {
    /// Runs `name` (with its pre/post scripts) and returns the first non-zero exit status, or 0.
    /// `pkg start` falls back to `node server.js` as npm does.
    /// - Throws: `InstallError.missingScript` when package.json does not define `name`.
    package static func run(
        _ name: String, arguments: [String], project: Project, runner: ScriptRunner, announce: (String) -> Void
    ) throws(InstallError) -> Int32 {
        var scripts = project.manifest.scripts
        if name == "start", scripts["start"] == nil, FileOperations.exists(project.directory + "/server.js") {
            scripts["start"] = "node server.js"
        }
        guard let script = scripts[name] else {
            throw .missingScript(name: name, available: scripts.keys.sorted())
        }
        let steps: [(String, String?, [String])] = [("pre" + name, scripts["pre" + name], [String]()), (name, script, arguments), ("post" + name, scripts["post" + name], [])]
        for (event, command, extra) in steps {
            guard let command else { continue }
            let label = "\(project.manifest.name ?? "")@\(project.manifest.version ?? "")"
            announce("\n> \(label) \(event)\n> \(([command] + extra.map(ScriptRunner.shellQuoted)).joined(separator: " "))\n")
            let outcome = try runner.run(
                event: event, script: command, arguments: extra, packageDirectory: project.directory,
                name: project.manifest.name, version: project.manifest.version, output: .inherit
            )
            if outcome.status != 0 { return outcome.status }
        }
        return 0
    }
}
