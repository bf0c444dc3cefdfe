// Starts the real `pkg-registry` binary as a child process on 127.0.0.1:0 for end-to-end tests,
// waits for its `listening on http://HOST:PORT` line and stops it (SIGTERM) or kills it (SIGKILL).
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running `pkg-registry` child process.
public final class RegistryProcess: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`, with no trailing slash.
    public let baseURL: String
    public let dataDirectory: String
    /// Where the child's stderr (its request log) goes.
    public let logFile: String
    private let process: Process

    public enum Failure: Error, CustomStringConvertible {
        case executableNotFound(String)
        case exitedBeforeListening(status: Int32, log: String)
        case timedOut(log: String)

        public var description: String {
            switch self {
            case .executableNotFound(let path): "pkg-registry not found at `\(path)`; run `swift build` first"
            case .exitedBeforeListening(let status, let log): "pkg-registry exited with \(status) before listening:\n\(log)"
            case .timedOut(let log): "pkg-registry did not print its listening line in time:\n\(log)"
            }
        }
    }

    /// The built `pkg-registry` next to the test bundle, or `PKG_REGISTRY_BIN`.
    public static func executableURL() -> URL {
        if let path = ProcessInfo.processInfo.environment["PKG_REGISTRY_BIN"] { return URL(fileURLWithPath: path) }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On macOS the test binary sits inside `X.xctest/Contents/MacOS`.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS" || directory.lastPathComponent == "Contents" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("pkg-registry")
    }

    /// Starts `pkg-registry --data DATA --port 0 EXTRA...` and waits until it listens.
    public static func start(dataDirectory: String, arguments: [String] = [], timeout: TimeInterval = 60) async throws -> RegistryProcess {
        let executable = executableURL()
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw Failure.executableNotFound(executable.path) }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let logFile = dataDirectory + ".log"
        FileManager.default.createFile(atPath: logFile, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--data", dataDirectory, "--host", "127.0.0.1", "--port", "0"] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: logFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let line: String? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                let deadline = Date().addingTimeInterval(timeout)
                while Date() < deadline {
                    let chunk = stdout.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                    if let newline = buffer.firstIndex(of: 0x0A) {
                        continuation.resume(returning: String(decoding: buffer[..<newline], as: UTF8.self))
                        return
                    }
                }
                continuation.resume(returning: nil)
            }
        }
        let log = { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
        guard let line, line.hasPrefix("listening on ") else {
            if process.isRunning {
                process.terminate()
                throw Failure.timedOut(log: log())
            }
            throw Failure.exitedBeforeListening(status: process.terminationStatus, log: log())
        }
        return RegistryProcess(
            baseURL: String(line.dropFirst("listening on ".count)), dataDirectory: dataDirectory, logFile: logFile, process: process)
    }

    private init(baseURL: String, dataDirectory: String, logFile: String, process: Process) {
        self.baseURL = baseURL
        self.dataDirectory = dataDirectory
        self.logFile = logFile
        self.process = process
    }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM and waits; returns the exit status (0 after a graceful shutdown).
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends SIGKILL and waits: a crash at an arbitrary moment.
    public func kill() {
        if process.isRunning { _ = sendSignal(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

private func sendSignal(_ pid: Int32, _ signal: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.kill(pid, signal)
    #else
    Darwin.kill(pid, signal)
    #endif
}
