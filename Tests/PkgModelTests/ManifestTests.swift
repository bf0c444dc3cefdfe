import Foundation
import PkgModel
import Testing

@Suite struct PackageManifestTests {
    func manifest(_ text: String) throws -> PackageManifest {
        try PackageManifest(parsing: Array(text.utf8))
    }

    func error(_ text: String, file: String = "package.json") -> ManifestError? {
        do {
            _ = try PackageManifest(parsing: Array(text.utf8), file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesTheFieldsAnInstallNeeds() throws {
        let decoded = try manifest("""
            {
              "name": "@scope/tool", "version": "1.2.3", "description": "d",
              "dependencies": {"a": "^1.0.0", "b": "2.x"},
              "devDependencies": {"t": "*"},
              "optionalDependencies": {"b": "2.1.0"},
              "peerDependencies": {"react": ">=18"},
              "peerDependenciesMeta": {"react": {"optional": true}},
              "bin": "./cli.js",
              "scripts": {"test": "node t.js", "postinstall": "node i.js", "bad": 3},
              "engines": {"node": ">=18", "weird": 1},
              "os": "linux", "cpu": ["x64", "!arm"], "libc": ["glibc"],
              "files": ["lib/"], "main": "lib/index.js",
              "workspaces": {"packages": ["packages/*"]},
              "overrides": {"a": "1.0.0"},
              "private": "yes", "publishConfig": {"tag": "next"},
              "license": {"type": "MIT"}, "deprecated": "use x", "readme": "# hi",
              "keywords": ["a", 1, "b"], "custom": {"kept": true}
            }
            """)
        #expect(decoded.name == "@scope/tool")
        #expect(decoded.packageName?.unscopedName == "tool")
        #expect(decoded.version == "1.2.3")
        #expect(decoded.parsedVersion == Version.parse("1.2.3"))
        #expect(decoded.description == "d")
        #expect(decoded.dependencies == ["a": "^1.0.0"], "optional names leave dependencies")
        #expect(decoded.optionalDependencies == ["b": "2.1.0"])
        #expect(decoded.devDependencies == ["t": "*"])
        #expect(decoded.peerDependencies == ["react": ">=18"])
        #expect(decoded.peerDependenciesMeta["react"]?.optional == true)
        #expect(decoded.bin == ["tool": "cli.js"])
        #expect(decoded.scripts == ["test": "node t.js", "postinstall": "node i.js"])
        #expect(decoded.hasInstallScript)
        #expect(decoded.engines == ["node": ">=18"])
        #expect(decoded.os == ["linux"])
        #expect(decoded.cpu == ["x64", "!arm"])
        #expect(decoded.libc == ["glibc"])
        #expect(decoded.files == ["lib/"])
        #expect(decoded.main == "lib/index.js")
        #expect(decoded.workspaces == ["packages/*"])
        #expect(decoded.overrides == ["a": "1.0.0"])
        #expect(decoded.isPrivate)
        #expect(decoded.publishConfig?["tag"] == "next")
        #expect(decoded.license == "MIT")
        #expect(decoded.deprecated == "use x")
        #expect(decoded.readme == "# hi")
        #expect(decoded.keywords == ["a", "b"])
        #expect(decoded.raw["custom"] == ["kept": true])
        #expect(decoded.dependencies(of: .peer) == ["react": ">=18"])
    }

    @Test func absentFieldsAreEmptyNotErrors() throws {
        let decoded = try manifest("{}")
        #expect(decoded.name == nil)
        #expect(decoded.dependencies.isEmpty)
        #expect(decoded.bundleDependencies == nil)
        #expect(decoded.files == nil)
        #expect(decoded.workspaces == nil)
        #expect(!decoded.isPrivate)
        #expect(!decoded.hasInstallScript)
        #expect(decoded.bin.isEmpty)
        #expect(try manifest(#"{"name": null, "dependencies": null}"#).name == nil)
    }

    @Test(arguments: [
        (#""bundleDependencies": true"#, ["a", "b"] as [String]?),
        (#""bundleDependencies": false"#, []),
        (#""bundledDependencies": ["a"]"#, ["a"]),
        (#""bundleDependencies": {"b": "1"}"#, ["b"]),
        (#""bundleDependencies": ["a"], "bundledDependencies": ["b"]"#, ["a"]),
        (#""bundleDependencies": "a""#, nil),
    ])
    func bundleDependenciesNormalisedAsNpmDoes(field: String, expected: [String]?) throws {
        let decoded = try manifest(#"{"dependencies": {"a": "1", "b": "2"}, "#+field+"}")
        #expect(decoded.bundleDependencies == expected)
    }

    @Test func directoriesBinIsNotedOnlyForTheInstaller() throws {
        let decoded = try manifest(#"{"name": "x", "directories": {"bin": "./bin"}}"#)
        #expect(decoded.directoriesBin == "./bin")
        #expect(decoded.bin.isEmpty)
        #expect(try manifest(#"{"workspaces": ["a", "b/*"]}"#).workspaces == ["a", "b/*"])
    }

    @Test(arguments: [
        (#"{"dependencies": {"foo": 42}}"#, "`package.json`: `dependencies.foo` must be a string, found 42", "change `dependencies.foo` to a string"),
        (#"{"dependencies": ["foo"]}"#, "`package.json`: `dependencies` must be an object of `\"name\": \"version range\"` entries, found an array", nil),
        (#"{"name": 7}"#, "`package.json`: `name` must be a string, found 7", nil),
        (#"{"files": ["a", true]}"#, "`package.json`: `files[1]` must be a string, found true", nil),
        (#"{"workspaces": {"packages": "a"}}"#, "`package.json`: `workspaces.packages` must be an array of strings, found \"a\"", nil),
        (#"{"devDependencies": {"my pkg": {}}}"#, "`package.json`: `devDependencies[\"my pkg\"]` must be a string, found an object", nil),
        (#"{"peerDependencies": {"@s/x": null}}"#, "`package.json`: `peerDependencies.@s/x` must be a string, found null", nil),
        (#"["not", "an", "object"]"#, "`package.json` must contain a JSON object, found an array", "wrap the fields in `{ }`"),
    ])
    func wrongTypesNameFilePathAndValue(text: String, message: String, hint: String?) throws {
        let failure = try #require(error(text))
        #expect(failure.code == "EBADMANIFEST")
        #expect(failure.message == message)
        if let hint { #expect(failure.hint == hint) }
    }

    @Test func invalidJSONNamesTheFile() throws {
        let failure = try #require(error("{\n  \"name\": \"x\",\n}\n", file: "packages/a/package.json"))
        #expect(failure.code == "EJSONPARSE")
        #expect(failure.message == "`packages/a/package.json` is not valid JSON: trailing comma at line 3, column 1")
    }
}

@Suite struct BinNormalizationTests {
    @Test(arguments: [
        (#""./cli.js""#, "x", ["x": "cli.js"]),
        (#""./cli.js""#, "@s/x", ["x": "cli.js"]),
        (#""cli.js""#, nil, [:]),
        (#""""#, "x", [:]),
        (#"["./bin/a.js", "b"]"#, "x", ["a.js": "bin/a.js", "b": "b"]),
        (#"{"a": "../../etc/passwd", "b\\c": "x\\y.js", "d:e": "/abs.js", "": "z.js", "f": 1, "g": ""}"#, "x",
         ["a": "etc/passwd", "c": "x/y.js", "e": "abs.js"]),
        (#"{"a/": "dir/"}"#, "x", ["a": "dir/"]),
        (#"{"..": "a.js", ".": "b.js"}"#, "x", [:]),
        ("42", "x", [:]),
    ] as [(String, String?, [String: String])])
    func normalisesLikeNpm(bin: String, name: String?, expected: [String: String]) throws {
        #expect(BinNormalization.normalize(try JSONValue(parsing: bin), packageName: name) == expected)
    }

    @Test func agreesWithNpmNormalizePackageBin() async throws {
        var random = JSONTestRandom(seed: 4_242)
        let pieces = ["a", "b.js", "..", ".", "/", "\\", ":", "./", "../", "x y", "@s", "", "//"]
        func path() -> String {
            (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        var cases: [JSONValue] = []
        for _ in 0..<600 {
            let bin: JSONValue
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bin = .string(path())
            case 1: bin = .array((0..<Int.random(in: 0...3, using: &random)).map { _ in .string(path()) })
            default:
                var object = JSONObject()
                for _ in 0..<Int.random(in: 0...3, using: &random) { object[path()] = .string(path()) }
                bin = .object(object)
            }
            let name: JSONValue = ["x", "@s/y", .null].randomElement(using: &random)!
            cases.append(["bin": bin, "name": name])
        }
        let script = """
            const fs = require('fs');
            const normalize = require('npm-normalize-package-bin');
            const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            fs.writeFileSync(process.argv[3], JSON.stringify(cases.map(c => {
              const pkg = { bin: c.bin }; if (c.name !== null) pkg.name = c.name;
              return normalize(pkg).bin || {};
            })));
            """
        guard let output = try await JSONNodeOracle.run(script: script, input: JSONValue.array(cases).serialized()) else { return }
        let expected = try #require(try JSONValue(parsing: output).arrayValue)
        try #require(expected.count == cases.count)
        for (testCase, node) in zip(cases, expected) {
            var nodeMap: [String: String] = [:]
            for (key, value) in node.objectValue ?? [:] { nodeMap[key] = value.stringValue }
            let ours = BinNormalization.normalize(testCase["bin"], packageName: testCase["name"]?.stringValue)
            #expect(ours == nodeMap, "\(testCase)")
        }
    }
}
