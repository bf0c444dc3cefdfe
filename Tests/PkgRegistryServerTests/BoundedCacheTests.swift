import Testing
@testable import PkgRegistryServer

@Suite struct BoundedCacheTests {
    @Test func staysWithinItsBudgetAndKeepsWhatWasUsedLast() {
        let cache = BoundedCache<Int, String>(capacity: 10)
        for key in 0..<5 { cache.store("v\(key)", cost: 2, for: key) }
        #expect(cache.usage.count == 5)
        #expect(cache.value(for: 0) == "v0")  // 0 is now the most recently used
        cache.store("v5", cost: 2, for: 5)
        #expect(cache.usage.cost <= 10)
        #expect(cache.value(for: 0) == "v0")
        #expect(cache.value(for: 5) == "v5")
        #expect(cache.value(for: 1) == nil)
    }

    @Test func aValueOverTheBudgetIsNotStored() {
        let cache = BoundedCache<String, Int>(capacity: 3)
        cache.store(1, cost: 4, for: "big")
        #expect(cache.value(for: "big") == nil)
        #expect(cache.usage.cost == 0)
    }

    @Test func replacingAndRemovingKeepTheCostRight() {
        let cache = BoundedCache<String, Int>(capacity: 100)
        cache.store(1, cost: 10, for: "a")
        cache.store(2, cost: 30, for: "a")
        #expect(cache.usage.cost == 30)
        cache.remove("a")
        #expect(cache.usage.count == 0)
        #expect(cache.usage.cost == 0)
    }
}
