// Making an install's new store entries durable without an `fsync` per file, for installs that
// wait for the disk (`StoreDurability.Mode.waitForDisk`: library callers, tests, systems without a
// boot id; the command line returns earlier and leaves the `sync` to a detached process). Every
// entry is renamed into place complete, but its files may still be only in the page cache: an
// operating system crash before they reach the disk would leave entries that look whole and are
// not, and every project links from them. So such an install does not report success before
// `sync(2)` has returned for everything it committed.
//
// One `sync` at the end cost ~100 ms of pure waiting after a 333-package install into an empty
// store on the benchmark machine (the disk writing what extraction produced in ~0.4 s). This
// flusher instead calls `sync` from a thread of its own every 50 ms while commits happen, so the
// disk works while the install extracts and links, and the last `sync` only has the tail left.
// (`sync` rather than `syncfs`: Glibc does not export `syncfs` to Swift. It also flushes other
// programs' writes, which only ever makes it slower, never less safe.)
import Foundation

/// Flushes the store to disk in the background while an install commits entries.
package final class StoreFlusher: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var started = false
    private var stopping = false
    private var committedSinceSync = false
    private var finished: [CheckedContinuation<Void, Never>] = []
    private var done = false

    private static let interval: TimeInterval = 0.05

    package init() {}

    /// Called after each entry is committed; the first call starts the flushing thread.
    package func committed() {
        condition.lock()
        defer { condition.unlock() }
        committedSinceSync = true
        guard !started, !stopping else { return }
        started = true
        let thread = Thread { [self] in run() }
        thread.name = "pkg store flush"
        thread.start()
    }

    /// Returns once everything committed before this call is on disk; at once when nothing was.
    package func finish() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            stopping = true
            if !started {
                condition.unlock()
                continuation.resume()
                return
            }
            if done {
                // Entries committed after the thread stopped (late speculative fetches) get one more `sync`.
                let needed = committedSinceSync
                committedSinceSync = false
                condition.unlock()
                guard needed else { return continuation.resume() }
                Thread {
                    sync()
                    continuation.resume()
                }.start()
                return
            }
            finished.append(continuation)
            condition.signal()
            condition.unlock()
        }
    }

    private func run() {
        condition.lock()
        while true {
            if !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: Self.interval)) }
            let last = stopping
            let needed = committedSinceSync || last
            committedSinceSync = false
            condition.unlock()
            if needed { sync() }
            condition.lock()
            if last { break }
        }
        done = true
        let waiting = finished
        finished = []
        condition.unlock()
        for continuation in waiting { continuation.resume() }
    }
}
