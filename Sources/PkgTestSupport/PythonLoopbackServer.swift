import Foundation

/// A Python HTTP server script (a test target's fixture) running on 127.0.0.1 for the length of
/// one test. The script prints `PORT <n>` once listening and exits when its stdin closes, so a
/// crashed test run never leaves it behind.
///
/// Tests that use it are disabled (with the reason shown) when `python3` is missing.
package final class PythonLoopbackServer: @unchecked Sendable {
    package static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    package static var isAvailable: Bool { python != nil }

    package let port: Int
    private let process: Process
    private let input: Pipe

    package var baseURL: String { "http://127.0.0.1:\(port)" }
    package var secureBaseURL: String { "https://127.0.0.1:\(port)" }

    /// Starts the script at `scriptPath` and waits for its `PORT <n>` line.
    package init(scriptPath: String, arguments: [String] = []) throws {
        guard let python = Self.python else { throw LoopbackServerError.pythonMissing }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scriptPath] + arguments
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

package enum LoopbackServerError: Error {
    case pythonMissing
    case noPort(String)
}
