// Handlers run on NIO's event loop threads (pkg-registry installs them as the concurrency
// executor), so anything that blocks a thread for long — fsync, reading and parsing a large
// record or publish body, inspecting a tarball — must run elsewhere, or every connection on that
// loop stalls behind it. This is the one place that decides where.
import NIOPosix

enum BlockingWork {
    /// Threads for blocking work. Most of the blocking is waiting on `fsync` (~5 ms for a
    /// write, rename and directory sync here), not CPU, so there are more threads than cores:
    /// concurrent publishes of different packages then wait on the disk side by side.
    static let threadCount = 16

    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threadCount)
        pool.start()
        return pool
    }()

    /// Runs `body` on the blocking-work thread pool and returns its result.
    static func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await pool.runIfActive(body)
    }
}
