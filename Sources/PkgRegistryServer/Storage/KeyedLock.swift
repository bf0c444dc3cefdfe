/// An async mutex per key: waiters queue in arrival order and never block a thread.
import PkgModel
actor KeyedLock<Key: Hashable & Sendable> {
    /// Present while the key is held; the waiters queued behind the holder.
    private var waiters: [Key: [CheckedContinuation<Void, Never>]] = [:]

    init() {}

    func lock(_ key: Key) async {
        if waiters[key] == nil {
            waiters[key] = []
            return
        }
        await withCheckedContinuation { continuation in
            waiters[key, default: []].append(continuation)
        }
    }

    func unlock(_ key: Key) {
        guard var queue = waiters[key] else { return }
        if queue.isEmpty {
            waiters[key] = nil
        } else {
            let next = queue.removeFirst()
            waiters[key] = queue
            next.resume()
        }
    }

    nonisolated func withLock<Result: Sendable>(
        _ key: Key, _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        await lock(key)
        do {
            let result = try await body()
            await unlock(key)
            return result
        } catch {
            await unlock(key)
            throw error
        }
    }
}
