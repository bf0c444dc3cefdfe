import Foundation
import PkgModel
import Testing

@Suite struct PackageNameTests {
    func rule(_ name: String) -> PackageNameError.Rule? {
        do {
            _ = try PackageName(name)
            return nil
        } catch {
            return error.rule
        }
    }

    func newRule(_ name: String) -> PackageNameError.Rule? {
        do {
            try PackageName(name).validateForNewPackage()
            return nil
        } catch {
            return error.rule
        }
    }

    @Test(arguments: [
        ("", PackageNameError.Rule.empty),
        (".hidden", .startsWithPeriod),
        ("_private", .startsWithUnderscore),
        (" spaced", .surroundingWhitespace),
        ("spaced\n", .surroundingWhitespace),
        ("node_modules", .blocked),
        ("FAVICON.ICO", .blocked),
        ("has space", .notURLFriendly),
        ("a/b", .notURLFriendly),
        ("@scope", .notURLFriendly),
        ("@/x", .notURLFriendly),
        ("@s/", .notURLFriendly),
        ("@s/x/y", .notURLFriendly),
        ("caf\u{e9}", .notURLFriendly),
        ("a@b", .notURLFriendly),
        ("a:b", .notURLFriendly),
    ])
    func invalidNamesNameTheirRule(name: String, expected: PackageNameError.Rule) {
        #expect(rule(name) == expected)
    }

    @Test(arguments: [
        ("http", PackageNameError.Rule.coreModuleName),
        ("fs/promises", .notURLFriendly),
        ("Express", .uppercase),
        ("@Scope/x", .uppercase),
        ("a!", .specialCharacters),
        ("@s/x~", .specialCharacters),
        (String(repeating: "a", count: 215), .tooLong),
    ])
    func stricterRulesApplyOnlyToNewNames(name: String, expected: PackageNameError.Rule) {
        #expect(newRule(name) == expected)
        if expected.appliesOnlyToNewPackages {
            #expect(rule(name) == nil, "\(name) is still valid for existing packages")
        }
    }

    @Test func acceptsOrdinaryNames() throws {
        for name in ["left-pad", "@babel/core", "lodash.merge", "a", "@s/x.y_z-1", "~tilde", "(x)"] {
            #expect(rule(name) == nil, "\(name)")
        }
        #expect(newRule("@types/node") == nil)
        #expect(newRule("@scope/a!") == .specialCharacters)
        #expect(newRule("@a!/b") == nil, "special characters are checked after the scope only")
        #expect(newRule(String(repeating: "a", count: 214)) == nil)
    }

    @Test func partsAndEncodings() throws {
        let scoped = try PackageName("@babel/core")
        #expect(scoped.scope == "@babel")
        #expect(scoped.unscopedName == "core")
        #expect(scoped.isScoped)
        #expect(scoped.urlEncoded == "@babel%2fcore")
        #expect(scoped.tarballFileName(version: "7.24.0") == "core-7.24.0.tgz")
        let plain = try PackageName("left-pad")
        #expect(plain.scope == nil)
        #expect(plain.unscopedName == "left-pad")
        #expect(plain.urlEncoded == "left-pad")
        #expect(plain.tarballFileName(version: "1.3.0") == "left-pad-1.3.0.tgz")
        #expect(plain.description == "left-pad")
        #expect(try PackageName("b") > PackageName("a"))
    }

    @Test func errorIsADiagnosticWithTheRule() {
        let error = #expect(throws: PackageNameError.self) { try PackageName("Foo Bar") }
        #expect(error?.code == "EINVALIDPACKAGENAME")
        #expect(error?.rendered() == """
            error EINVALIDPACKAGENAME: invalid package name `Foo Bar`: name can only contain URL-friendly characters

            hint: use only letters, digits, `-`, `.` and `_`, with at most one `/` after an `@scope`
            """)
    }

    @Test func agreesWithValidateNpmPackageNameOnGeneratedNames() async throws {
        var random = JSONTestRandom(seed: 7_214)
        let alphabet = Array("abcxyzABZ0129-._~!*()'@/ %:é")
        var names: [String] = ["http", "HTTP", "node_modules", "Node_Modules", "fs/promises", "@s/http", "favicon.ico"]
        for _ in 0..<3_000 {
            var name = ""
            if Int.random(in: 0..<3, using: &random) == 0 { name = "@sc/" }
            for _ in 0..<Int.random(in: 0...8, using: &random) { name.append(alphabet.randomElement(using: &random)!) }
            names.append(name)
        }
        names.append(String(repeating: "x", count: 215))
        let script = """
            const fs = require('fs');
            const validate = require('validate-npm-package-name');
            const names = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            fs.writeFileSync(process.argv[3], JSON.stringify(names.map(n => { const r = validate(n); return [r.validForOldPackages, r.validForNewPackages]; })));
            """
        let input = JSONValue.array(names.map { .string($0) }).serialized()
        guard let output = try await JSONNodeOracle.run(script: script, input: input) else { return }
        let results = try #require(try JSONValue(parsing: output).arrayValue)
        try #require(results.count == names.count)
        for (name, result) in zip(names, results) {
            #expect(PackageName.isValid(name) == result[0]?.boolValue, "existing-name rules for `\(name)`")
            let validForNew = (try? PackageName(name).validateForNewPackage()) != nil
            #expect(validForNew == result[1]?.boolValue, "new-name rules for `\(name)`")
        }
    }

    @Test func collationMatchesLocaleCompareEnglish() async throws {
        var random = JSONTestRandom(seed: 99)
        let alphabet = Array("abzABZ019-._~!*()'@/")
        var names: [String] = []
        for _ in 0..<800 {
            var name = ""
            for _ in 0..<Int.random(in: 1...5, using: &random) { name.append(alphabet.randomElement(using: &random)!) }
            names.append(name)
        }
        let script = """
            const fs = require('fs');
            const names = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            fs.writeFileSync(process.argv[3], JSON.stringify(names.slice().sort((a, b) => a.localeCompare(b, 'en'))));
            """
        guard let output = try await JSONNodeOracle.run(script: script, input: JSONValue.array(names.map { .string($0) }).serialized()) else { return }
        let expected = try #require(try JSONValue(parsing: output).arrayValue?.compactMap(\.stringValue))
        #expect(names.sorted(by: NameCollation.precedes) == expected)
    }
}
