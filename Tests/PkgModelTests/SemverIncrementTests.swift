// Hand-written rules for `inc`, `diff` and `coerce`. Expected values were taken from node-semver 7.6.2.

import PkgModel
import Testing

@Suite struct SemverIncrementTests {
    /// (version, release, identifier, result)
    @Test(arguments: [
        ("1.2.3", ReleaseType.major, nil, "2.0.0"),
        ("1.0.0-5", .major, nil, "1.0.0"),
        ("1.2.0-5", .minor, nil, "1.2.0"),
        ("1.2.0-5", .patch, nil, "1.2.0"),
        ("1.2.3", .premajor, nil, "2.0.0-0"),
        ("1.2.3", .preminor, "beta", "1.3.0-beta.0"),
        ("1.2.3", .prepatch, "rc", "1.2.4-rc.0"),
        ("1.2.3", .prerelease, nil, "1.2.4-0"),
        ("1.2.3-beta.1", .prerelease, nil, "1.2.3-beta.2"),
        ("1.2.3-alpha.4", .prerelease, "beta", "1.2.3-beta.0"),
        ("1.2.3-beta.4", .prerelease, "beta", "1.2.3-beta.5"),
        ("1.2.3-beta", .prerelease, "beta", "1.2.3-beta.0"),
        ("1.2.3-beta", .prerelease, nil, "1.2.3-beta.0"),
        ("1.2.3", .pre, nil, "1.2.3-0"),
    ] as [(String, ReleaseType, String?, String)])
    func increments(version: String, release: ReleaseType, identifier: String?, expected: String) throws {
        #expect(try Version(version).incremented(release, identifier: identifier).description == expected)
    }

    @Test func rejectsAnIdentifierThatIsNotOne() throws {
        #expect(throws: SemverError.self) { try Version("1.2.3").incremented(.prerelease, identifier: "b@d") }
    }

    /// (first, second, diff)
    @Test(arguments: [
        ("1.2.3", "1.2.3", nil), ("1.2.3", "2.0.0", ReleaseType.major), ("1.2.3", "1.3.0-rc.1", .preminor),
        ("1.0.0-1", "1.0.0", .major), ("1.2.0-1", "1.2.0", .minor), ("1.2.3-1", "1.2.3", .patch),
        ("1.2.3-a", "1.2.3-b", .prerelease), ("1.2.3", "1.2.4-0", .prepatch),
    ] as [(String, String, ReleaseType?)])
    func diff(first: String, second: String, expected: ReleaseType?) throws {
        #expect(try Version.diff(Version(first), Version(second)) == expected)
    }

    /// (text, coerced)
    @Test(arguments: [
        ("v2", "2.0.0"), ("x 3.4", "3.4.0"), ("a1.2.3.4b", "1.2.3"), ("1.12345678901234567", "1.0.0"),
        ("01.2.3", nil), ("12345678901234567890", nil), ("9999999999999999.1", nil), ("no digits", nil),
    ] as [(String, String?)])
    func coerce(text: String, expected: String?) {
        #expect(Version.coerce(text)?.description == expected)
    }
}
