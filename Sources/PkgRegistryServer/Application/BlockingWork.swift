// Handlers run on NIO's event loop threads (pkg-registry installs them as the concurrency
// executor), so anything that blocks a thread for long — fsync, reading and parsing a large
// record or publish body, inspecting a tarball — must run elsewhere, or every connection on that
// loop stalls behind it. This is the one place that decides where.
import NIOPosix

enum BlockingWork {
    /// Runs `body` on NIO's blocking-work thread pool and returns its result.
    static func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
