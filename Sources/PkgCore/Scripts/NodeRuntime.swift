// The node that installed packages will run under, for `engines.node` checks.
//
// npm checks `engines` against `process.version` of the node running npm. pkg is not a node
// program, so it asks the `node` on PATH (the one that runs the project and its scripts) once per
// run. npm's `node-version` setting (`npm_config_node_version`) overrides it, as it does for npm.
import Foundation

/// Finds the running node's version.
package enum NodeRuntime {
    /// This process's answer, computed on first use: `nil` when no node is found, which makes
    /// every `engines.node` pass (npm cannot run without node, so there is nothing to compare).
    package static let current: String? = version(environment: ProcessInfo.processInfo.environment)

    /// `npm_config_node_version` when set, else the output of `node --version` (`v20.11.1`)
    /// for the first `node` on `environment["PATH"]`.
    package static func version(environment: [String: String]) -> String? {
        for key in ["npm_config_node_version", "NPM_CONFIG_NODE_VERSION"] {
            if let value = environment[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        guard let node = executable(named: "node", path: environment["PATH"] ?? "") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["--version"]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The first executable `name` in the `:`-separated `path`.
    static func executable(named name: String, path: String) -> String? {
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
