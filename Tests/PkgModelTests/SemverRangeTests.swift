// Hand-written rules for `VersionRange`: every range form, the prerelease rule, loose mode, and the
// range functions. Expected values were taken from node-semver 7.6.2.

import PkgModel
import Testing

@Suite struct SemverRangeTests {
    /// (range, validRange, validRange with includePrerelease)
    @Test(arguments: [
        ("1.2.3", "1.2.3", "1.2.3"),
        ("=1.2.3", "1.2.3", "1.2.3"),
        ("v1.2.3", "1.2.3", "1.2.3"),
        (">1.2.3", ">1.2.3", ">1.2.3"),
        ("<=1.2.3", "<=1.2.3", "<=1.2.3"),
        ("~1.2.3", ">=1.2.3 <1.3.0-0", ">=1.2.3 <1.3.0-0"),
        ("~>1.2", ">=1.2.0 <1.3.0-0", ">=1.2.0 <1.3.0-0"),
        ("~1", ">=1.0.0 <2.0.0-0", ">=1.0.0 <2.0.0-0"),
        ("^1.2.3", ">=1.2.3 <2.0.0-0", ">=1.2.3 <2.0.0-0"),
        ("^0.2.3", ">=0.2.3 <0.3.0-0", ">=0.2.3-0 <0.3.0-0"),
        ("^0.0.3", ">=0.0.3 <0.0.4-0", ">=0.0.3-0 <0.0.4-0"),
        ("^1.2.3-beta.2", ">=1.2.3-beta.2 <2.0.0-0", ">=1.2.3-beta.2 <2.0.0-0"),
        ("1.x", ">=1.0.0 <2.0.0-0", ">=1.0.0-0 <2.0.0-0"),
        ("1.2.*", ">=1.2.0 <1.3.0-0", ">=1.2.0-0 <1.3.0-0"),
        ("*", "*", "*"),
        ("", "*", "*"),
        ("x", "*", "*"),
        ("1.2.3 - 2.3.4", ">=1.2.3 <=2.3.4", ">=1.2.3-0 <2.3.5-0"),
        ("1.2 - 2.3", ">=1.2.0 <2.4.0-0", ">=1.2.0-0 <2.4.0-0"),
        ("1.2.3 - 2", ">=1.2.3 <3.0.0-0", ">=1.2.3-0 <3.0.0-0"),
        (">= 1.2.3 < 2", ">=1.2.3 <2.0.0-0", ">=1.2.3 <2.0.0-0"),
        ("~ 1.2", ">=1.2.0 <1.3.0-0", ">=1.2.0 <1.3.0-0"),
        ("^ 1.2", ">=1.2.0 <2.0.0-0", ">=1.2.0-0 <2.0.0-0"),
        ("1.2.3 || >=2.0.0", "1.2.3||>=2.0.0", "1.2.3||>=2.0.0"),
        ("<1.x", "<1.0.0-0", "<1.0.0-0"),
        (">1.x", ">=2.0.0", ">=2.0.0-0"),
        ("<=1.2.x", "<1.3.0-0", "<1.3.0-0"),
        (">=0.0.0", "*", ">=0.0.0"),
        ("1.2.3*", "1.2.3", "1.2.3"),
        ("1.2.3 - 2.3.4||x", "*", "*"),
        ("<0.0.0-0||1", ">=1.0.0 <2.0.0-0", ">=1.0.0-0 <2.0.0-0"),
        (">*", "<0.0.0-0", "<0.0.0-0"),
        ("\t>=1.2.3\n\u{00A0}<2 ", ">=1.2.3 <2.0.0-0", ">=1.2.3 <2.0.0-0"),
    ])
    func normalizes(text: String, normalized: String, withPrereleases: String) throws {
        #expect(try VersionRange(text).normalized == normalized)
        #expect(try VersionRange(text, includePrerelease: true).normalized == withPrereleases)
    }

    @Test(arguments: ["a*b", "1.2.3 -", ">=1.2.3 <", "~1.2.3.4", "1.2.3 || ^a", "^1.2.3 9007199254740992"])
    func rejects(text: String) {
        #expect(throws: SemverError.invalidRange(text, loose: false)) { try VersionRange(text) }
    }

    @Test func looseModeDropsWhatIsNotAComparator() throws {
        #expect(try VersionRange(">=01.2.3 junk", loose: true).normalized == ">=1.2.3")
        #expect(throws: SemverError.self) { try VersionRange(">=01.2.3 junk") }
        #expect(throws: SemverError.self) { try VersionRange("junk", loose: true) }
    }

    /// (range, version, satisfied, satisfied with includePrerelease)
    @Test(arguments: [
        ("^1.2.3", "1.5.0", true, true),
        ("^1.2.3", "2.0.0-rc.1", false, false),
        ("^1.2.3", "1.5.0-rc.1", false, true),
        ("^1.2.3-beta.1", "1.2.3-beta.2", true, true),
        ("^1.2.3-beta.1", "1.2.4-beta.1", false, true),
        ("*", "1.0.0-a", false, true),
        (">1.2.3-0 <2", "1.2.3-x", true, true),
        (">1.2.3-0 <2", "1.2.4-x", false, true),
        ("<1.2.3", "1.2.3-beta", false, true),
        ("1.2.3", "1.2.3+build", true, true),
        ("1.2.3 - 2.3.4", "2.3.4", true, true),
        ("1.2.3 - 2.3", "2.3.9", true, true),
        ("~1.2", "1.3.0", false, false),
        ("1.x || >=2.5.0 <3", "2.6.1", true, true),
    ])
    func satisfies(range: String, version: String, expected: Bool, expectedWithPrereleases: Bool) throws {
        let parsed = try Version(version)
        #expect(try VersionRange(range).satisfied(by: parsed) == expected)
        #expect(try VersionRange(range, includePrerelease: true).satisfied(by: parsed) == expectedWithPrereleases)
        #expect(try VersionRange(range).versionSet.contains(parsed) == expected)
        #expect(try VersionRange(range, includePrerelease: true).versionSet.contains(parsed) == expectedWithPrereleases)
    }

    @Test func maxAndMinSatisfying() throws {
        let versions = try ["1.2.3", "1.2.4", "1.3.0-rc.1", "1.2.4+build", "2.0.0"].map { try Version($0) }
        let range = try VersionRange("~1.2")
        #expect(range.maxSatisfying(versions)?.descriptionWithBuild == "1.2.4")
        #expect(range.minSatisfying(versions)?.description == "1.2.3")
        #expect(try VersionRange("^3").maxSatisfying(versions) == nil)
        #expect(range.maxSatisfying(["1.2.9", "junk", "1.2.10"]) { Version.parse($0) } == "1.2.10")
    }

    /// (range, minVersion)
    @Test(arguments: [
        ("^1.2.3", "1.2.3"), (">1.2.3", "1.2.4"), (">1.2.3-beta", "1.2.3-beta.0"), ("*", "0.0.0"),
        (">=0.0.0-0 <1", "0.0.0"), ("<0.0.0-0", nil), ("1.2.3 || 0.5.x", "0.5.0"), (">2 <1", nil),
    ] as [(String, String?)])
    func minVersion(range: String, expected: String?) throws {
        #expect(try VersionRange(range).minVersion()?.description == expected)
    }

    @Test func minVersionOverflowThrowsOnlyWhereNodeDoes() throws {
        #expect(try VersionRange(">1.2.9007199254740991").minVersion()?.description == "1.2.9007199254740992")
        #expect(throws: SemverError.self) { try VersionRange(">1.2.9007199254740991", loose: true).minVersion() }
    }

    /// (left, right, intersects)
    @Test(arguments: [
        ("^1.2.3", "~1.5", true), ("^1.2.3", "^2", false), (">1 <2", "1.5.0", false), ("1.x", "<1.0.0", false),
        ("<0.0.0-0", "*", true), ("1.2.3 || 2.0.0", ">=2", true), ("=1.0.0", "1.0.0", true),
    ])
    func intersects(left: String, right: String, expected: Bool) throws {
        // node's answer, quirks included: `<0.0.0-0` "intersects" `*` because ANY intersects everything.
        #expect(try VersionRange(left).intersects(VersionRange(right)) == expected)
    }

    @Test func errorsNameTheRange() {
        let error = SemverError.invalidRange(">=1.2.3 <", loose: false)
        #expect(error.code == "EINVALIDRANGE")
        #expect(error.rendered().hasPrefix("error EINVALIDRANGE: `>=1.2.3 <` is not a valid semver range"))
    }
}
