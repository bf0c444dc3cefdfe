import Foundation

/// A Python HTTP server from `Fixtures/` running on 127.0.0.1 for the length of one test.
///
/// Tests that use it are disabled (with the reason shown) when `python3` is missing.
final class LoopbackServer: @unchecked Sendable {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isAvailable: Bool { python != nil }

    let port: Int
    private let process: Process
    private let input: Pipe

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var secureBaseURL: String { "https://127.0.0.1:\(port)" }

    /// Starts `Fixtures/<script>` and waits for its `PORT <n>` line.
    init(script: String = "http_test_server.py", arguments: [String] = []) throws {
        guard let python = Self.python else { throw LoopbackServerError.pythonMissing }
        let fixture = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [fixture.path] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "),
              let port = Int(text.dropFirst(5).prefix { $0.isNumber })
        else {
            process.terminate()
            throw LoopbackServerError.noPort(text)
        }
        self.port = port
        self.process = process
        self.input = input
    }

    deinit {
        // Closing stdin makes the server exit; terminate covers a server that is stuck.
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }
}

enum LoopbackServerError: Error {
    case pythonMissing
    case noPort(String)
}
