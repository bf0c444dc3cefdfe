// Hand-written rules for `Version`: parsing (strict and loose), printing, ordering, limits.
// Expected values were taken from node-semver 7.6.2; the differential test checks the rest.

import PkgModel
import Testing

@Suite struct SemverVersionTests {
    @Test(arguments: [
        ("1.2.3", "1.2.3"),
        ("v1.2.3", "1.2.3"),
        (" 1.2.3 ", "1.2.3"),
        ("\u{00A0}1.2.3\u{FEFF}", "1.2.3"),
        ("1.2.3-beta.1+build.5", "1.2.3-beta.1"),
        ("1.2.3--", "1.2.3--"),
        ("0.0.0-0", "0.0.0-0"),
        ("9007199254740991.0.0", "9007199254740991.0.0"),
        ("1.2.3-9007199254740991", "1.2.3-9007199254740991"),
    ])
    func strictAccepts(text: String, printed: String) throws {
        #expect(try Version(text).description == printed)
        #expect(Version.parse(text)?.description == printed)
    }

    @Test(arguments: [
        "", "1", "1.2", "1.2.3.4", "=1.2.3", "01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3-", "1.2.3-a..b",
        "1.2.3+", "1.2.3+a..b", "1.2.3beta", "v 1.2.3", "vv1.2.3", "1.2.3 x", "a.b.c", "1.2.3-a_b",
    ])
    func strictRejects(text: String) {
        #expect(Version.parse(text) == nil)
        #expect(throws: SemverError.self) { try Version(text) }
    }

    @Test(arguments: [
        ("=1.2.3", "1.2.3"),
        ("=v1.2.3", "1.2.3"),
        ("v = 1.2.3", "1.2.3"),
        ("01.2.3", "1.2.3"),
        ("1.2.3-01", "1.2.3-1"),
        ("1.2.3beta", "1.2.3-beta"),
        ("1.2.3-", "1.2.3--"),
        ("1.2.34.5", "1.2.3-4.5"),
        ("v\u{00A0}1.2.3", "1.2.3"),
    ])
    func looseAccepts(text: String, printed: String) throws {
        #expect(Version.parse(text) == nil || text == printed)
        #expect(try Version(text, loose: true).description == printed)
    }

    @Test func buildMetadataIsKeptButIgnoredByEquality() throws {
        let a = try Version("1.2.3+a.b")
        let b = try Version("1.2.3+c")
        #expect(a.build == ["a", "b"])
        #expect(a.descriptionWithBuild == "1.2.3+a.b")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Version.compare(a, b) == 0)
        #expect(Version.compareBuild(a, b) < 0)
    }

    @Test func limits() {
        #expect(Version.parse("9007199254740992.0.0") == nil)
        #expect(Version.parse("1.9007199254740992.0", loose: true) == nil)
        #expect(throws: SemverError.numberTooLarge("0.0.9007199254740992", component: "patch")) {
            try Version("0.0.9007199254740992")
        }
        let long = "1.2.3-" + String(repeating: "a", count: 250)
        #expect(Version.parse(long) != nil)
        #expect(Version.parse(long + "a") == nil)
        #expect(throws: SemverError.versionTooLong(" " + long)) { try Version(" " + long) }
    }

    @Test func prereleaseIdentifiersAreNumericBelowTheSafeLimit() throws {
        #expect(try Version("1.0.0-alpha.10").prerelease == [.alphanumeric("alpha"), .numeric(10)])
        #expect(try Version("1.0.0-9007199254740991").prerelease == [.alphanumeric("9007199254740991")])
    }

    @Test(arguments: [
        ("1.0.0-alpha", "1.0.0-alpha.1"),
        ("1.0.0-alpha.1", "1.0.0-alpha.beta"),
        ("1.0.0-alpha.beta", "1.0.0-beta"),
        ("1.0.0-beta.2", "1.0.0-beta.11"),
        ("1.0.0-beta.11", "1.0.0-rc.1"),
        ("1.0.0-rc.1", "1.0.0"),
        ("1.0.0-B", "1.0.0-a"),
        ("1.0.0-0", "1.0.0-a"),
        ("1.9.9", "1.10.0"),
        ("0.0.0-0", "0.0.0"),
    ])
    func ordering(lower: String, higher: String) throws {
        let a = try Version(lower), b = try Version(higher)
        #expect(a < b)
        #expect(Version.compare(a, b) == -1)
        #expect(Version.compare(b, a) == 1)
    }

    @Test func hugePrereleaseNumbersCompareAsDoublesLikeNode() throws {
        let a = try Version("1.0.0-9007199254740993.a")
        let b = try Version("1.0.0-9007199254740992.b")
        #expect(Version.compare(a, b) == 0)
        #expect(a != b)
    }

    @Test func errorsNameTheInputAndHint() {
        let error = SemverError.invalidVersion("1.2", loose: false)
        #expect(error.code == "EINVALIDVERSION")
        #expect(error.message == "`1.2` is not a valid semver version")
        #expect(error.hint?.hasPrefix("write") == true)
    }
}
