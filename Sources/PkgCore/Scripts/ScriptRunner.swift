// Running package.json scripts the way npm does: `sh -c`, in the package folder, with
// `node_modules/.bin` of the package and each enclosing folder on PATH and npm's variables set
// (NPM-SEMANTICS.md section 11.5).
import Foundation
import PkgModel

/// Runs lifecycle and `pkg run` scripts.
package struct ScriptRunner: Sendable {
    /// How output is handled: shown live (the user's own scripts) or captured and shown only on
    /// failure (dependency scripts).
    package enum Output: Sendable {
        case inherit
        case capture
    }

    /// What a script run produced.
    package struct Outcome: Sendable, Hashable {
        package var status: Int32
        package var output: String
    }

    /// The project root (`INIT_CWD` and `npm_config_local_prefix`).
    package var projectDirectory: String
    package var environment: [String: String]
    /// The command that caused the run (`install`, `run-script`), as `npm_command`.
    package var command: String

    package init(projectDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment, command: String) {
        self.projectDirectory = projectDirectory
        self.environment = environment
        self.command = command
    }

    /// PATH for a script in `packageDirectory`: its `node_modules/.bin`, then each ancestor's up to
    /// `/`, then the inherited PATH (duplicates removed).
    package func searchPath(for packageDirectory: String) -> String {
        var folders: [String] = []
        var current = URL(fileURLWithPath: packageDirectory).standardizedFileURL.path
        while true {
            if !current.hasSuffix("/node_modules") {
                folders.append((current == "/" ? "" : current) + "/node_modules/.bin")
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        folders += (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }.joined(separator: ":")
    }

    /// The environment npm gives a script.
    package func scriptEnvironment(
        event: String, script: String, packageDirectory: String, name: String?, version: String?
    ) -> [String: String] {
        var result = environment
        result["PATH"] = searchPath(for: packageDirectory)
        result["npm_lifecycle_event"] = event
        result["npm_lifecycle_script"] = script
        result["npm_package_json"] = packageDirectory + "/package.json"
        result["npm_package_name"] = name ?? ""
        result["npm_package_version"] = version ?? ""
        result["npm_command"] = command
        result["npm_config_local_prefix"] = projectDirectory
        result["npm_config_user_agent"] = "pkg/\(PkgVersion.current) node/\(environment["NODE_VERSION"] ?? "unknown")"
        result["INIT_CWD"] = environment["INIT_CWD"] ?? projectDirectory
        result["npm_execpath"] = CommandLine.arguments.first ?? "pkg"
        return result
    }

    /// Runs `script` with `sh -c` in `packageDirectory`; extra arguments are shell-quoted.
    package func run(
        event: String, script: String, arguments: [String] = [], packageDirectory: String,
        name: String?, version: String?, output: Output
    ) throws(InstallError) -> Outcome {
        let command = ([script] + arguments.map(Self.shellQuoted)).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: environment["SHELL_FOR_SCRIPTS"] ?? "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: packageDirectory)
        process.environment = scriptEnvironment(event: event, script: script, packageDirectory: packageDirectory, name: name, version: version)
        let pipe = Pipe()
        if case .capture = output {
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
        }
        do {
            try process.run()
        } catch {
            throw .fileSystem(operation: "start the `\(event)` script in", path: packageDirectory, reason: "\(error.localizedDescription)")
        }
        var captured = Data()
        if case .capture = output {
            captured = pipe.fileHandleForReading.readDataToEndOfFile()
        }
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Outcome(status: status, output: String(decoding: captured, as: UTF8.self))
    }

    /// `'…'` quoting for `sh`, as npm escapes arguments after `--`.
    package static func shellQuoted(_ argument: String) -> String {
        if !argument.isEmpty, argument.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) }) {
            return argument
        }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

