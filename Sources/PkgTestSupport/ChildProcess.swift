// Running a program from an async test without holding a cooperative-pool thread.
//
// `Process.waitUntilExit()` and `readDataToEndOfFile()` block the calling thread. Called from an
// async test they block one of the pool's threads (two on a 2-core machine) for as long as the
// program runs: a full-suite run that starts `npm install` in two tests at once stalls every other
// test for tens of seconds, and tests that measure or wait for progress flake. Here the blocking
// happens on Dispatch threads and the awaiting task is resumed when the program has exited and
// both of its output streams are read to the end.
import Foundation

/// A program run to completion with its output captured.
package enum ChildProcess {
    /// What the program printed and how it ended.
    package struct Result: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended it (as a shell reports it).
        package var status: Int32
        package var standardOutput: Data
        package var standardError: Data

        package var stdout: String { String(decoding: standardOutput, as: UTF8.self) }
        package var stderr: String { String(decoding: standardError, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments` in `directory`, feeding it `input` on standard input.
    ///
    /// - Parameters:
    ///   - environment: the whole environment; `nil` inherits this process's.
    ///   - mergeStandardError: send standard error to the standard output pipe, interleaved as
    ///     a terminal would show them (`standardError` is then empty).
    /// - Throws: when the program cannot be started.
    package static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String]? = nil, input: Data = Data(), mergeStandardError: Bool = false
    ) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = mergeStandardError ? stdout : stderr
        try process.run()
        // The parent's copies of the child's ends must go, or reading never sees end of file.
        try? stdin.fileHandleForReading.close()
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()

        return await withCheckedContinuation { continuation in
            let streams = DispatchGroup()
            let output = OutputBox()
            DispatchQueue.global().async(group: streams) {
                // A program that exits without reading its input makes this write fail (EPIPE is
                // ignored by Foundation's Process setup); that is the program's business.
                try? stdin.fileHandleForWriting.write(contentsOf: input)
                try? stdin.fileHandleForWriting.close()
            }
            DispatchQueue.global().async(group: streams) {
                output.setStandardOutput(stdout.fileHandleForReading.readDataToEndOfFile())
            }
            if !mergeStandardError {
                DispatchQueue.global().async(group: streams) {
                    output.setStandardError(stderr.fileHandleForReading.readDataToEndOfFile())
                }
            }
            streams.notify(queue: .global()) {
                process.waitUntilExit()
                let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
                let (out, err) = output.contents
                continuation.resume(returning: Result(status: status, standardOutput: out, standardError: err))
            }
        }
    }

    /// The two streams, each written once by its reader thread.
    private final class OutputBox: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()

        func setStandardOutput(_ data: Data) { lock.withLock { out = data } }
        func setStandardError(_ data: Data) { lock.withLock { err = data } }
        var contents: (Data, Data) { lock.withLock { (out, err) } }
    }
}
