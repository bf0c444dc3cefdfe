// Threads for work that blocks a thread for its whole length, such as an extraction that pulls
// its input from a download (libarchive reads by blocking). Swift's cooperative pool must not
// block, so each extraction used to start a thread of its own: 333 thread creations and exits for
// the node-tar corpus (`clone3`, stack `mmap`s, `mprotect`, signal masks, names). Here threads
// are started as needed up to a limit and then reused; jobs beyond the limit wait their turn.
import Foundation

/// A fixed-size set of reusable threads running blocking jobs in submission order.
package final class BlockingThreadPool: @unchecked Sendable {
    /// Shared by every tarball extraction in the process. Sixteen matches the default number of
    /// concurrent downloads, so an extraction rarely waits for a thread; one that does keeps
    /// receiving its chunks meanwhile (`TarballChunkChannel.send` never blocks).
    package static let extraction = BlockingThreadPool(name: "pkg extract", maximumThreads: 16, stackSize: 1 << 20)

    private let name: String
    private let maximumThreads: Int
    private let stackSize: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var nextJob = 0
    private var threads = 0
    private var idle = 0

    package init(name: String, maximumThreads: Int, stackSize: Int) {
        precondition(maximumThreads > 0, "a pool needs a thread")
        self.name = name
        self.maximumThreads = maximumThreads
        self.stackSize = stackSize
    }

    /// Runs `job` on one of the pool's threads, starting one when none is idle and the limit allows.
    package func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        let startThread = idle == 0 && threads < maximumThreads
        if startThread { threads += 1 } else { condition.signal() }
        condition.unlock()
        guard startThread else { return }
        let thread = Thread { [self] in work() }
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }

    /// Runs `body` on the pool and returns its result to the awaiting task.
    package func value<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            run { continuation.resume(with: Result { try body() }) }
        }
    }

    private func work() {
        while true {
            condition.lock()
            while nextJob == jobs.count {
                idle += 1
                condition.wait()
                idle -= 1
            }
            let job = jobs[nextJob]
            nextJob += 1
            if nextJob == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                nextJob = 0
            }
            condition.unlock()
            job()
        }
    }
}
