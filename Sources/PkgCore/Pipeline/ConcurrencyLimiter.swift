// A counting semaphore for async code: at most `limit` holders at once, waiters served in order.

/// Bounds how many tarballs download and extract at once, whoever started them (the resolver's
/// choices or the install after resolution), so pipelining never floods the registry.
actor ConcurrencyLimiter {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        available = max(1, limit)
    }

    /// Waits for a free slot; pair every call with `release()`.
    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Frees a slot, handing it straight to the longest waiter.
    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
