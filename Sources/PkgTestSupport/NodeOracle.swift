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
    package var npmGlobalRoot: String? {
        guard let npm = NodeOracle.executable(named: "npm", environment: ProcessInfo.processInfo.environment),
              let output = try? NodeOracle.capture(executable: npm, arguments: ["root", "-g"]),
              let text = String(data: output, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !text.isEmpty
        else { return nil }
        return text
    }

    /// The path of a library bundled with npm, such as `semver`, if it exists.
    package func npmBundledModule(_ name: String) -> String? {
        guard let root = npmGlobalRoot else { return nil }
        let path = root + "/npm/node_modules/" + name
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Runs `script` with `input` on its standard input and returns its standard output.
    ///
    /// The script reads its input with `require('fs').readFileSync(0)`; `arguments` become
    /// `process.argv.slice(2)`. Input and output go through temporary files, so megabytes of JSON
    /// neither block on a pipe nor need a reader thread.
    /// - Throws: `Failure` with node's stderr when node exits with a non-zero status.
    package func run(script: String, input: Data = Data(), arguments: [String] = []) throws -> Data {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pkg-node-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("script.js")
        let inputURL = directory.appendingPathComponent("input")
        let outputURL = directory.appendingPathComponent("output")
        let errorURL = directory.appendingPathComponent("error")
        try Data(script.utf8).write(to: scriptURL)
        try input.write(to: inputURL)
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: nodePath)
        process.arguments = [scriptURL.path] + arguments
        let inputHandle = try FileHandle(forReadingFrom: inputURL)
        let outputHandle = try FileHandle(forWritingTo: outputURL)
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        defer {
            try? inputHandle.close()
            try? outputHandle.close()
            try? errorHandle.close()
        }
        process.standardInput = inputHandle
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw Failure(description: "node exited with status \(process.terminationStatus): \(stderr)")
        }
        return try Data(contentsOf: outputURL)
    }

    /// Runs `script` with `input` encoded as JSON and decodes its JSON output.
    package func run<Input: Encodable, Output: Decodable>(
        script: String, input: Input, as output: Output.Type, arguments: [String] = []
    ) throws -> Output {
        let data = try run(script: script, input: JSONEncoder().encode(input), arguments: arguments)
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

    private static func capture(executable: String, arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) failed")
        }
        return data
    }
}
