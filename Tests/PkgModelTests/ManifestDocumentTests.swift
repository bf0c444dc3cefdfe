import Foundation
import PkgModel
import Testing

@Suite struct ManifestDocumentTests {
    func document(_ text: String) throws -> ManifestDocument {
        try ManifestDocument(parsing: Array(text.utf8))
    }

    func text(_ document: ManifestDocument) -> String {
        String(decoding: document.serialized(), as: UTF8.self)
    }

    @Test(arguments: [
        "{\n  \"name\": \"a\",\n  \"size\": 1.0,\n  \"x\": [1,2, 3]\n}\n",
        "{\"name\":\"a\"}",
        "\u{FEFF}{\n\t\"name\": \"a\"\n}",
        "{\r\n    \"name\": \"a\",\r\n    \"deps\": {}\r\n}\r\n",
        "  {\n  \"z\": 1, \"a\": {\"\\u0041\": \"\\/\"}\n}\n\n",
    ])
    func unchangedDocumentsRoundTripByteForByte(original: String) throws {
        let parsed = try document(original)
        #expect(!parsed.isModified)
        #expect(parsed.serialized() == Array(original.utf8))
    }

    @Test func detectsIndentNewlineAndFinalNewline() throws {
        let tabs = try document("{\n\t\"a\": 1\n}")
        #expect(tabs.indent == "\t")
        #expect(tabs.newline == "\n")
        #expect(!tabs.hasFinalNewline)
        let crlf = try document("{\r\n    \"a\": 1\r\n}\r\n")
        #expect(crlf.indent == "    ")
        #expect(crlf.newline == "\r\n")
        #expect(crlf.hasFinalNewline)
        let compact = try document("{\"a\":1}\n")
        #expect(compact.indent == "")
        let empty = try document("{}")
        #expect(empty.indent == "  ")
    }

    @Test func editsKeepIndentNewlineFinalNewlineAndUnknownFields() throws {
        var edited = try document("{\r\n\t\"name\": \"a\",\r\n\t\"version\": \"1.0.0\",\r\n\t\"x-custom\": {\"n\": 1.50}\r\n}")
        edited.setVersion("1.1.0")
        #expect(edited.isModified)
        #expect(text(edited) == "{\r\n\t\"name\": \"a\",\r\n\t\"version\": \"1.1.0\",\r\n\t\"x-custom\": {\r\n\t\t\"n\": 1.50\r\n\t}\r\n}")
        var compact = try document("{\"name\":\"a\"}")
        compact.setVersion("1.0.0")
        #expect(text(compact) == #"{"name":"a","version":"1.0.0"}"#)
    }

    @Test func addingADependencyCreatesTheMapAtTheEndAndSortsAsNpmDoes() throws {
        var edited = try document("{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"zeta\": \"1\",\n    \"alpha\": \"1\"\n  },\n  \"license\": \"MIT\"\n}\n")
        #expect(edited.setDependency(name: "@types/node", spec: "^20.0.0") == .production)
        edited.setDependency(name: "mocha", spec: "^10.0.0", kind: .dev)
        #expect(text(edited) == """
            {
              "name": "app",
              "dependencies": {
                "@types/node": "^20.0.0",
                "alpha": "1",
                "zeta": "1"
              },
              "license": "MIT",
              "devDependencies": {
                "mocha": "^10.0.0"
              }
            }

            """)
    }

    @Test func savingAsDevMovesAProductionDependency() throws {
        var edited = try document(#"{"dependencies": {"x": "^1.0.0", "y": "1"}}"#)
        #expect(edited.setDependency(name: "x", spec: "^1.1.0", kind: .dev) == .dev)
        #expect(edited.value(at: ["dependencies"]) == ["y": "1"])
        #expect(edited.value(at: ["devDependencies", "x"]) == "^1.1.0")
        // Without a kind, the dependency stays where it is, and `*` never overwrites a spec.
        #expect(edited.setDependency(name: "x", spec: "*") == .dev)
        #expect(edited.value(at: ["devDependencies", "x"]) == "^1.1.0")
        #expect(edited.setDependency(name: "x", spec: "^2.0.0", kind: .production) == .production)
        #expect(edited.value(at: ["devDependencies"]) == nil, "an emptied map is removed")
        #expect(edited.value(at: ["dependencies", "x"]) == "^2.0.0")
    }

    @Test func optionalAndPeerFollowArboristsRules() throws {
        var edited = try document(#"{"dependencies": {"o": "1"}, "peerDependencies": {"p": "1"}, "peerDependenciesMeta": {"p": {"optional": true}}, "devDependencies": {"p": "0.9"}}"#)
        edited.setDependency(name: "o", spec: "2", kind: .optional)
        #expect(edited.value(at: ["dependencies"]) == nil, "optional names leave dependencies")
        #expect(edited.value(at: ["optionalDependencies", "o"]) == "2")
        edited.setDependency(name: "p", spec: "2", kind: .peer)
        #expect(edited.value(at: ["devDependencies", "p"]) == "2", "a peer that is also dev stays in step")
        #expect(edited.value(at: ["peerDependenciesMeta", "p", "optional"]) == true, "npm does not save meta changes")
        edited.setDependency(name: "p", spec: "3", kind: .production)
        #expect(edited.value(at: ["peerDependencies"]) == nil)
        #expect(try edited.manifest().dependencies == ["p": "3"])
    }

    @Test func removingADependencyClearsEveryMapAndTheBundle() throws {
        var edited = try document(#"{"dependencies": {"a": "1", "b": "1"}, "devDependencies": {"a": "1"}, "bundleDependencies": ["a"]}"#)
        #expect(edited.removeDependency(name: "a") == [.production, .dev])
        #expect(text(edited) == "{\"dependencies\":{\"b\":\"1\"}}")
        var untouched = try document(#"{"dependencies": {"b": "1"}}"#)
        #expect(untouched.removeDependency(name: "zzz") == [])
        #expect(!untouched.isModified)
    }

    @Test func setValueCreatesPathsAndRefusesNonObjects() throws {
        var edited = try document("{\n  \"scripts\": \"oops\"\n}\n")
        try edited.setValue("vitest", at: ["config", "runner", "name"])
        #expect(edited.value(at: ["config", "runner", "name"]) == "vitest")
        let failure = #expect(throws: ManifestError.self) { try edited.setValue("x", at: ["scripts", "test"]) }
        #expect(failure?.message == "`package.json`: cannot edit inside `scripts`, which is \"oops\", not an object")
        try edited.setValue(nil, at: ["config", "runner"])
        #expect(edited.value(at: ["config"]) == [:])
        try edited.setValue(nil, at: ["missing", "deeper"])
        #expect(edited.value(at: ["missing"]) == nil)
    }

    @Test func newDocumentsUseNpmDefaults() {
        let created = ManifestDocument(root: ["name": "new", "version": "1.0.0"])
        #expect(String(decoding: created.serialized(), as: UTF8.self) == "{\n  \"name\": \"new\",\n  \"version\": \"1.0.0\"\n}\n")
    }

    @Test func parseErrorsAreManifestErrors() {
        #expect(throws: ManifestError.self) { try ManifestDocument(parsing: Array("{".utf8)) }
        #expect(throws: ManifestError.self) { try ManifestDocument(parsing: Array("[]".utf8)) }
    }

    /// Runs arborist's add/remove and package-json's `updateDependencies`, then serializes as npm
    /// saves, and compares bytes with ours on generated package.json files and commands.
    @Test func editsMatchNpmOnGeneratedScenarios() async throws {
        var random = JSONTestRandom(seed: 31_337)
        let names = ["a", "B", "@s/x", "@a/y", "c-d", "c.d", "c_d", "z", "a1", "A", "b~"]
        let kinds: [DependencyKind?] = [nil, .production, .dev, .optional, .peer]
        var scenarios: [JSONValue] = []
        var expectedOurs: [[UInt8]] = []
        for _ in 0..<300 {
            var root = JSONObject()
            root["name"] = "app"
            for kind in DependencyKind.allCases.shuffled(using: &random) where Bool.random(using: &random) {
                var map = JSONObject()
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    map[names.randomElement(using: &random)!] = .string(["1", "^2.0.0", "*"].randomElement(using: &random)!)
                }
                root[kind.key] = .object(map)
            }
            root["other"] = ["keep": 1.5]
            let indent = ["  ", "    ", "\t"].randomElement(using: &random)!
            let original = JSONValue.object(root).serializedString(.indented(by: indent)) + "\n"
            var edited = try ManifestDocument(parsing: Array(original.utf8))
            var operations: [JSONValue] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let name = names.randomElement(using: &random)!
                if Int.random(in: 0..<4, using: &random) == 0 {
                    // A no-op removal leaves our file untouched, while npm would re-save (and
                    // drop empty maps); only real removals are compared.
                    if !edited.removeDependency(name: name).isEmpty {
                        operations.append(["rm": .string(name)])
                    }
                } else {
                    let spec = ["*", "^3.0.0", "latest"].randomElement(using: &random)!
                    let kind = kinds.randomElement(using: &random)!
                    edited.setDependency(name: name, spec: spec, kind: kind)
                    let saveType: JSONValue = switch kind {
                    case nil: .null
                    case .production?: "prod"
                    case .dev?: "dev"
                    case .optional?: "optional"
                    case .peer?: "peer"
                    }
                    operations.append(["add": .string(name), "spec": .string(spec), "saveType": saveType])
                }
            }
            guard edited.isModified else { continue }
            scenarios.append(["original": .string(original), "operations": .array(operations), "indent": .string(indent)])
            expectedOurs.append(edited.serialized())
        }
        let script = """
            const fs = require('fs');
            const { add, rm } = require('@npmcli/arborist/lib/add-rm-pkg-deps.js');
            const updateDependencies = require('@npmcli/package-json/lib/update-dependencies.js');
            const scenarios = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            const out = scenarios.map(s => {
              let content = JSON.parse(s.original);
              for (const op of s.operations) {
                const pkg = JSON.parse(JSON.stringify(content));
                if (op.rm !== undefined) rm(pkg, [op.rm]);
                else add({ pkg, add: [{ name: op.add, rawSpec: op.spec }], saveType: op.saveType || undefined });
                // What reify's save passes to PackageJson.update: the four maps and the bundle.
                const update = { dependencies: pkg.dependencies || {}, devDependencies: pkg.devDependencies || {},
                  optionalDependencies: pkg.optionalDependencies || {}, peerDependencies: pkg.peerDependencies || {} };
                content = updateDependencies({ content: update, originalContent: content });
                content.bundleDependencies = pkg.bundleDependencies;
                content = JSON.parse(JSON.stringify(content));
              }
              return JSON.stringify(content, null, s.indent) + '\\n';
            });
            fs.writeFileSync(process.argv[3], JSON.stringify(out));
            """
        guard let output = try await JSONNodeOracle.run(script: script, input: JSONValue.array(scenarios).serialized()) else { return }
        let expected = try #require(try JSONValue(parsing: output).arrayValue)
        try #require(expected.count == scenarios.count)
        var mismatches = 0
        for (index, (node, ours)) in zip(expected, expectedOurs).enumerated() {
            let nodeText = node.stringValue ?? ""
            if Array(nodeText.utf8) != ours {
                mismatches += 1
                if mismatches <= 3 {
                    Issue.record("scenario \(index): \(scenarios[index])\nnpm:\n\(nodeText)\nours:\n\(String(decoding: ours, as: UTF8.self))")
                }
            }
        }
        #expect(mismatches == 0)
    }
}
