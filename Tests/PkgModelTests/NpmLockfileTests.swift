import Foundation
import PkgModel
import Testing

@Suite struct NpmLockfileTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/lockfile")

    static func read(_ file: String) throws -> Lockfile {
        try NpmLockfile.read([UInt8](Data(contentsOf: fixtures.appendingPathComponent(file))), file: file)
    }

    static func key(_ text: String) throws -> LockfilePackageKey { try LockfilePackageKey(text) }

    @Test func resolvesEdgesByNodeLookupAndSplitsCopiesThatDiffer() throws {
        let lockfile = try Self.read("npm-v3-nested.json")
        #expect(lockfile.packages.keys.map(\.description).sorted() == [
            "a@1.0.0(b@1.0.0)", "a@1.0.0(b@3.0.0)", "b@1.0.0", "b@2.0.0", "b@3.0.0", "c@1.0.0",
            "fsevents@2.3.3", "string-width@4.2.3", "x@1.0.0", "y@1.0.0",
        ])
        #expect(lockfile.distinctNameAndVersionCount == 9)
        #expect(lockfile.danglingEdges.isEmpty)

        let a = try #require(lockfile.packages[try Self.key("a@1.0.0(b@1.0.0)")])
        #expect(a.dependencies == [.dependencies: ["b": try Self.key("b@1.0.0")]])
        #expect(a.resolved == .registryPath("a/-/a-1.0.0.tgz"))
        #expect(!a.dev, "a copy needed by production and a dev-only copy merge into a production instance")
        #expect(lockfile.packages[try Self.key("a@1.0.0(b@3.0.0)")]?.dependencies[.dependencies]?["b"] == (try Self.key("b@3.0.0")))
        #expect(lockfile.packages[try Self.key("y@1.0.0")]?.dependencies[.dependencies]?["a"] == (try Self.key("a@1.0.0(b@3.0.0)")))

        let x = try #require(lockfile.packages[try Self.key("x@1.0.0")])
        #expect(x.dev)
        #expect(x.dependencies[.dependencies] == ["a": try Self.key("a@1.0.0(b@1.0.0)"), "b": try Self.key("b@2.0.0")])

        let b2 = try #require(lockfile.packages[try Self.key("b@2.0.0")])
        #expect(b2.bin == ["bee": "cli.js"])
        #expect(b2.engines.isEmpty, "an old array `engines` is dropped, not an error")
        #expect(b2.integrity?.description == "sha1-CCCC")

        #expect(lockfile.packages[try Self.key("c@1.0.0")]?.resolved == .url("https://other.example/c-1.0.0.tgz"))
        let fsevents = try #require(lockfile.packages[try Self.key("fsevents@2.3.3")])
        #expect(fsevents.optional && fsevents.hasInstallScript && fsevents.os == ["darwin"])
        #expect(lockfile.packages[try Self.key("string-width@4.2.3")]?.dependencies.isEmpty == true, "an unmet peer is dropped")

        #expect(lockfile.root == LockfileImporter(dependencies: [
            .dependencies: [
                "a": LockfileImporterDependency(specifier: "^1.0.0", package: try Self.key("a@1.0.0(b@1.0.0)")),
                "b": LockfileImporterDependency(specifier: "^2.0.0", package: try Self.key("b@2.0.0")),
                "str": LockfileImporterDependency(specifier: "npm:string-width@^4.0.0", package: try Self.key("string-width@4.2.3")),
            ],
            .devDependencies: ["x": LockfileImporterDependency(specifier: "^1.0.0", package: try Self.key("x@1.0.0"))],
            .optionalDependencies: ["fsevents": LockfileImporterDependency(specifier: "^2.3.0", package: try Self.key("fsevents@2.3.3"))],
        ]))
    }

    @Test func importedLockfilesSerializeStably() throws {
        let lockfile = try Self.read("npm-v3-nested.json")
        let bytes = LockfileSerializer.serialize(lockfile)
        #expect(try LockfileParser.parse(bytes) == lockfile)
        #expect(LockfileSerializer.serialize(try Self.read("npm-v3-nested.json")) == bytes)
    }

    @Test func refusesVersion1WithAHint() throws {
        #expect(throws: LockfileError.npmVersion1(file: "npm-v1.json")) { try Self.read("npm-v1.json") }
        let error = LockfileError.npmVersion1(file: "package-lock.json")
        #expect(error.rendered() == """
            error ELOCKFILEVERSION: `package-lock.json` is an npm lockfileVersion 1 lockfile, which is unsupported

            hint: run `npm install` first (npm 7 or later) to upgrade it, or delete it and run `pkg install`
            """)
    }

    @Test func refusesWorkspaceLinksClearly() throws {
        #expect(throws: LockfileError.unsupportedNpmFeature(
            file: "npm-v3-workspace-link.json", path: #"packages["node_modules/lib"]"#, feature: "a workspace or `file:` link")) {
            try Self.read("npm-v3-workspace-link.json")
        }
    }

    @Test func refusesMalformedDocuments() {
        #expect(throws: LockfileError.self) { try NpmLockfile.read(Array("{".utf8)) }
        #expect(throws: LockfileError.missingVersion(file: "package-lock.json")) { try NpmLockfile.read(Array("{}".utf8)) }
        #expect(throws: LockfileError.self) {
            try NpmLockfile.read(Array(#"{"lockfileVersion": 3, "packages": {"node_modules/a": {}}}"#.utf8))
        }
        #expect(throws: LockfileError.unsupportedVersion(file: "package-lock.json", version: 4, supported: "npm lockfileVersion 2 and 3")) {
            try NpmLockfile.read(Array(#"{"lockfileVersion": 4, "packages": {}}"#.utf8))
        }
    }

    static let corpus = URL(fileURLWithPath: "/work/shared/corpus")

    @Test(arguments: [("node-tar", 361), ("uptime-kuma", 1199), ("saleor-dashboard", 2494)])
    func importsTheCorpus(project: String, distinct: Int) throws {
        let file = Self.corpus.appendingPathComponent(project).appendingPathComponent("package-lock.json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            print("skipping importsTheCorpus(\(project)): \(file.path) is absent")
            return
        }
        let lockfile = try NpmLockfile.read([UInt8](Data(contentsOf: file)), file: "\(project)/package-lock.json")
        #expect(lockfile.distinctNameAndVersionCount == distinct)
        #expect(lockfile.danglingEdges.isEmpty)
        #expect(!lockfile.root.dependencies.isEmpty)
        // Every registry tarball of the corpus is under npmjs, so every location is relative.
        #expect(lockfile.packages.values.allSatisfy { if case .registryPath = $0.resolved { true } else { false } })
        let bytes = LockfileSerializer.serialize(lockfile)
        #expect(try LockfileParser.parse(bytes, file: "pkg.lock") == lockfile)
    }
}
