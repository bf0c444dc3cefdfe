import Testing
@testable import PkgModel

@Suite struct RangeParseCacheTests {
    @Test func aCachedRangeEqualsAFreshParseAndKeepsItsOptions() throws {
        for _ in 0..<3 {
            let range = try VersionRange("^1.2.3 || 2.x", loose: false, includePrerelease: false)
            let fresh = VersionRange(
                comparatorSets: try #require(RangeParser(loose: false, includePrerelease: false).parse("^1.2.3 || 2.x"))
            )
            #expect(range.comparatorSets == fresh.comparatorSets)
        }
        let withPrereleases = try VersionRange("^1.2.3", includePrerelease: true)
        #expect(withPrereleases.includePrerelease)
        #expect(withPrereleases.satisfied(by: try Version("1.5.0-rc.1")))
        #expect(try !VersionRange("^1.2.3").satisfied(by: try Version("1.5.0-rc.1")), "options are part of the key")
    }

    @Test func anInvalidRangeStaysInvalidWhenCached() {
        for _ in 0..<2 {
            #expect(throws: SemverError.self) { try VersionRange(">=1.2.3 || =>x", loose: false) }
        }
    }
}
