import Foundation
import Synchronization
import Testing
@testable import PkgCore

@Suite struct BlockingThreadPoolTests {
    /// Counts jobs running at once and the most ever seen.
    final class Gauge: Sendable {
        let state = Mutex((running: 0, most: 0, done: 0))
        func enter() { state.withLock { $0.running += 1; $0.most = max($0.most, $0.running) } }
        func leave() { state.withLock { $0.running -= 1; $0.done += 1 } }
    }

    final class Gate: Sendable {
        let isOpen = Mutex(false)
    }

    @Test func jobsBeyondTheLimitWaitForAThreadAndAllRun() async throws {
        let pool = BlockingThreadPool(name: "test", maximumThreads: 2, stackSize: 1 << 20)
        let gauge = Gauge()
        let gate = Gate()
        // Each job blocks until the gate opens, as an extraction waits for its download.
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask {
                    try await pool.value {
                        gauge.enter()
                        defer { gauge.leave() }
                        while !gate.isOpen.withLock({ $0 }) { usleep(1_000) }
                        return index
                    }
                }
            }
            // However loaded the machine, two jobs start; a third must not while they block.
            for _ in 0..<2_000 where gauge.state.withLock({ $0.running }) < 2 { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(50))
            #expect(gauge.state.withLock { $0.running } == 2, "two threads, two jobs at a time")
            gate.isOpen.withLock { $0 = true }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<6))
        #expect(gauge.state.withLock { $0.most } == 2)
    }

    @Test func errorsReachTheAwaitingTaskAndThreadsAreReused() async throws {
        struct Failure: Error {}
        let pool = BlockingThreadPool(name: "test", maximumThreads: 1, stackSize: 1 << 20)
        await #expect(throws: Failure.self) { try await pool.value { throw Failure() } }
        let first = try await pool.value { Thread.current.description }
        let second = try await pool.value { Thread.current.description }
        #expect(first == second, "one thread serves one job after another")
    }
}
