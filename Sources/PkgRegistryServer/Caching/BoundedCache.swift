// A thread-safe map with a byte budget, shared by the registry's read caches. Entries leave in
// the order they were least recently stored or read, so the packages being installed right now
// stay while the long tail is dropped; nothing here is needed for correctness, only for speed.
import Synchronization

/// A least-recently-used cache bounded by the total cost (bytes) of its values.
final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var cost: Int
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var totalCost = 0
        var clock: UInt64 = 0
    }

    /// The budget; a value costing more than this is never stored.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached value for `key`, marked as just used.
    func value(for key: Key) -> Value? {
        state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[key] = entry
            return entry.value
        }
    }

    /// Stores `value`, evicting the least recently used entries until the budget holds.
    func store(_ value: Value, cost: Int, for key: Key) {
        guard cost <= capacity else { return }
        state.withLock { state in
            state.clock += 1
            if let old = state.entries.updateValue(Entry(value: value, cost: cost, lastUse: state.clock), forKey: key) {
                state.totalCost -= old.cost
            }
            state.totalCost += cost
            guard state.totalCost > capacity else { return }
            // Evict the older half at once, so a full cache pays the sort rarely, not per store.
            let byAge = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }
            for (oldKey, entry) in byAge where state.totalCost > capacity / 2 && oldKey != key {
                state.entries[oldKey] = nil
                state.totalCost -= entry.cost
            }
        }
    }

    /// Forgets `key`.
    func remove(_ key: Key) {
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: key) { state.totalCost -= old.cost }
        }
    }

    /// The number of entries and their total cost, for tests and logs.
    var usage: (count: Int, cost: Int) {
        state.withLock { ($0.entries.count, $0.totalCost) }
    }
}
