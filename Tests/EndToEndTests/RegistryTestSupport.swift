import Foundation
import PkgHTTP
import PkgTestSupport

/// The outcome of a finished child process.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    var output: String { stdout + stderr }
}

enum RegistryTestSupport {
    /// The absolute path of `name` on `PATH`, or `nil`.
    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func temporaryDirectory(_ label: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-\(label)-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `executable arguments` in `directory`, feeding `input` on stdin; `environment` is added
    /// to this process's.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:], input: String = ""
    ) async throws -> CommandResult {
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let result = try await ChildProcess.run(executable, arguments, in: directory, environment: merged, input: Data(input.utf8))
        return CommandResult(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Runs a command under `script` so it sees a terminal, typing `lines` one at a time the
    /// way a person answers prompts (npm's prompts need a TTY and read one line per prompt).
    /// `nil` when `script` is not installed.
    static func runInteractive(
        _ command: [String], in directory: String, environment: [String: String], lines: [String]
    ) async throws -> CommandResult? {
        guard let script = which("script") else { return nil }
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = ["-qec", quoted, "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let stdout = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stdout
        process.standardInput = stdin
        try process.run()
        let typing = Task {
            for line in lines {
                try await Task.sleep(for: .milliseconds(1500))
                stdin.fileHandleForWriting.write(Data((line + "\n").utf8))
            }
        }
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let out = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: CommandResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: ""))
            }
        }
        typing.cancel()
        try? stdin.fileHandleForWriting.close()
        return result
    }

    /// One client for every test: pkg's own libcurl client, kept-alive connections, no retries so a
    /// refused request shows as it is.
    static let http = HTTPClient(configuration: .init(retryPolicy: RetryPolicy(retries: 0)))

    /// One HTTP request to the registry under test.
    static func request(
        _ method: String, _ url: String, token: String? = nil, body: [UInt8]? = nil
    ) async throws -> (status: Int, body: Data) {
        var headers = HTTPHeaders()
        if let token { headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)") }
        if body != nil { headers.replaceOrAdd(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(
            method: HTTPMethod(rawValue: method), url: url, headers: headers,
            body: body.map { Data($0) }, timeout: .seconds(60), retries: 0
        )
        let response = try await http.send(request)
        return (response.status, response.body)
    }

    static func json(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
