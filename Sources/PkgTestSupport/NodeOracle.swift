// Runs JavaScript on the machine's real `node`, for differential tests against npm's own libraries.
//
// Differential tests ask node once per batch (write every case as JSON, run one script, read JSON
// back), because starting node costs ~50 ms and tests must stay fast. A test that needs node calls
// `NodeOracle.find()` and skips with a printed reason when it returns `nil`.

import Foundation

/// The `node` executable on `PATH`, and where npm's bundled libraries (node-semver, …) live.
package struct NodeOracle: Sendable {
    /// Why running a script failed.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// The `node` executable.
    package let nodePath: String

    /// Finds `node` on `PATH`; `nil` when it is not installed.
    package static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> NodeOracle? {
        guard let path = executable(named: "node", environment: environment) else { return nil }
        return NodeOracle(nodePath: path)
    }

    /// `npm root -g`: the folder holding the global `npm` package, whose `npm/node_modules` has npm's
    /// dependencies (node-semver at `npm/node_modules/semver`); `nil` when npm is not installed.
    package func npmGlobalRoot() async -> String? {
        guard let npm = NodeOracle.executable(named: "npm", environment: ProcessInfo.processInfo.environment),
              let output = try? await ChildProcess.run(npm, ["root", "-g"]), output.status == 0
        else { return nil }
        let text = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The path of a library bundled with npm, such as `semver`, if it exists.
    package func npmBundledModule(_ name: String) async -> String? {
        guard let root = await npmGlobalRoot() else { return nil }
        let path = root + "/npm/node_modules/" + name
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Runs `script` with `input` on its standard input and returns its standard output.
    ///
    /// The script reads its input with `require('fs').readFileSync(0)`; `arguments` become
    /// `process.argv.slice(2)`.
    /// - Throws: `Failure` with node's stderr when node exits with a non-zero status.
    package func run(script: String, input: Data = Data(), arguments: [String] = []) async throws -> Data {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pkg-node-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("script.js")
        try Data(script.utf8).write(to: scriptURL)
        let node = try await ChildProcess.run(nodePath, [scriptURL.path] + arguments, input: input)
        guard node.status == 0 else {
            throw Failure(description: "node exited with status \(node.status): \(node.stderr)")
        }
        return node.standardOutput
    }

    /// Runs `script` with `input` encoded as JSON and decodes its JSON output.
    package func run<Input: Encodable, Output: Decodable>(
        script: String, input: Input, as output: Output.Type, arguments: [String] = []
    ) async throws -> Output {
        let data = try await run(script: script, input: JSONEncoder().encode(input), arguments: arguments)
        return try JSONDecoder().decode(Output.self, from: data)
    }

    static func executable(named name: String, environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
