// Runs a small script in the real `node`, the oracle for JSON.parse/JSON.stringify and for npm's own
// modules (npm-package-arg, validate-npm-package-name). Tests skip with a printed reason when node is
// absent. Private to the JSON/manifest tests so it does not collide with PkgTestSupport's helpers.
import Foundation
import PkgTestSupport

enum JSONNodeOracle {
    /// The path of `node` on PATH, or `nil` when it is not installed.
    static let nodePath: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/node"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// npm's bundled modules folder (`$(npm root -g)/npm/node_modules`), found next to node.
    static let npmModules: String? = {
        guard let nodePath else { return nil }
        let prefix = URL(fileURLWithPath: nodePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            prefix.appendingPathComponent("lib/node_modules/npm/node_modules").path,
            "/usr/lib/node_modules/npm/node_modules",
            "/usr/local/lib/node_modules/npm/node_modules",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }()

    /// Runs `script` with `input` on stdin and returns stdout; `nil` when node is missing.
    static func run(script: String, input: [UInt8]) async throws -> [UInt8]? {
        guard let nodePath else {
            print("skipping node differential test: `node` is not on PATH")
            return nil
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pkg-json-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputFile = directory.appendingPathComponent("input")
        let outputFile = directory.appendingPathComponent("output")
        let scriptFile = directory.appendingPathComponent("script.js")
        try Data(input).write(to: inputFile)
        try Data(script.utf8).write(to: scriptFile)
        var environment = ProcessInfo.processInfo.environment
        if let npmModules { environment["NODE_PATH"] = npmModules }
        let node = try await ChildProcess.run(nodePath, [scriptFile.path, inputFile.path, outputFile.path], environment: environment)
        guard node.status == 0 else {
            throw OracleFailure(status: node.status, stderr: node.stderr)
        }
        return Array(try Data(contentsOf: outputFile))
    }

    struct OracleFailure: Error, CustomStringConvertible {
        var status: Int32
        var stderr: String
        var description: String { "node exited with status \(status): \(stderr)" }
    }
}

/// A small seeded generator (SplitMix64) so failures reproduce from the printed seed.
struct JSONTestRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
