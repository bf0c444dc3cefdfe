import Foundation
import PkgModel
import PkgResolver
import Testing
@testable import PkgCore

/// Serves tarballs from memory: `url` → files; `tampered` URLs return bytes whose integrity differs.
struct MemoryTarballs: TarballSource {
    var packages: [String: [String: String]]
    var tampered: Set<String> = []
    let fetched = LockedBox<[String]>([])

    func fetchTarball(url: String, packageName: String, label package: String, expectedIntegrity: String?, into staging: StagingArea) async throws -> FetchedTarball {
        fetched.withLock { $0.append(url) }
        for (path, content) in packages[url] ?? [:] {
            let full = staging.packageDirectory + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: full, contents: Data(content.utf8))
        }
        let actual = StoreFixtures.integrity(tampered.contains(url) ? url + "#tampered" : url)
        if let expectedIntegrity, expectedIntegrity != actual {
            throw InstallError.integrityMismatch(package: package, expected: expectedIntegrity, actual: actual)
        }
        return FetchedTarball(integrity: actual)
    }
}

struct NoMetadata: PackageSource {
    func metadata(for name: String) async throws -> PackageMetadataResult { .notFound }
}

@Suite struct InstallerTests {
    private static func package(_ name: String, _ version: String, edges: [String: ResolvedEdge] = [:], flags: DependencyFlags = .init()) -> ResolvedPackage {
        let url = "http://registry.test/\(name)/-/\(name)-\(version).tgz"
        return ResolvedPackage(
            id: PackageID(name: name, version: version),
            metadata: VersionMetadata(name: name, version: version, tarball: url, integrity: StoreFixtures.integrity(url)),
            edges: edges, flags: flags
        )
    }

    private static func tarball(_ name: String, _ version: String, extra: String = "") -> (String, [String: String]) {
        ("http://registry.test/\(name)/-/\(name)-\(version).tgz", [
            "package.json": #"{"name":"\#(name)","version":"\#(version)"\#(extra)}"#,
            "index.js": "module.exports = '\(name)@\(version)'\n",
        ])
    }

    /// app → a@1 (→ b@1), b@2, dev d@1.
    private static func lockedGraph() -> ResolvedGraph {
        let b1 = PackageID(name: "b", version: "1.0.0"), b2 = PackageID(name: "b", version: "2.0.0")
        let a = PackageID(name: "a", version: "1.0.0"), d = PackageID(name: "d", version: "1.0.0")
        return ResolvedGraph(
            rootEdges: [
                "a": ResolvedEdge(kind: .prod, specifier: "^1.0.0", target: a),
                "b": ResolvedEdge(kind: .prod, specifier: "^2.0.0", target: b2),
                "d": ResolvedEdge(kind: .dev, specifier: "1.0.0", target: d),
            ],
            packages: [
                a: package("a", "1.0.0", edges: ["b": ResolvedEdge(kind: .prod, specifier: "^1.0.0", target: b1)]),
                b1: package("b", "1.0.0"), b2: package("b", "2.0.0"),
                d: package("d", "1.0.0", flags: DependencyFlags(dev: true)),
            ]
        )
    }

    private struct Fixture {
        let directory = TestDirectory()
        var tarballs: MemoryTarballs
        var project: String { directory.path + "/app" }

        init(manifest: String = #"{"name":"app","version":"1.0.0","dependencies":{"a":"^1.0.0","b":"^2.0.0"},"devDependencies":{"d":"1.0.0"}}"#) throws {
            tarballs = MemoryTarballs(packages: Dictionary(uniqueKeysWithValues: [
                InstallerTests.tarball("a", "1.0.0"), InstallerTests.tarball("b", "1.0.0"),
                InstallerTests.tarball("b", "2.0.0"), InstallerTests.tarball("d", "1.0.0"),
            ]))
            directory.write("app/package.json", manifest)
            let data = try PkgLockfileCoding().encode(InstallerTests.lockedGraph(), rootName: "app", rootVersion: "1.0.0")
            FileManager.default.createFile(atPath: directory.path + "/app/pkg.lock", contents: data)
        }

        func installer() -> Installer {
            Installer(
                projectDirectory: project, store: Store(cacheDirectory: directory.path + "/cache"),
                source: NoMetadata(), tarballs: tarballs
            )
        }
    }

    private func frozen(_ configure: (inout InstallOptions) -> Void = { _ in }) -> InstallOptions {
        var options = InstallOptions()
        options.frozenLockfile = true
        configure(&options)
        return options
    }

    @Test func ciInstallsTheLockedGraphThenIsUpToDate() async throws {
        let fixture = try Fixture()
        let summary = try await fixture.installer().install(frozen())
        #expect(summary.added == 4 && summary.downloaded == 4)
        #expect(fixture.directory.read("app/node_modules/a/node_modules/b/index.js") == "module.exports = 'b@1.0.0'\n")
        #expect(fixture.directory.read("app/node_modules/b/index.js") == "module.exports = 'b@2.0.0'\n")
        #expect(fixture.directory.exists("app/node_modules/d/package.json"))

        let again = try await fixture.installer().install(frozen())
        #expect(again.upToDate)
        #expect(fixture.tarballs.fetched.withLock { $0.count } == 4, "the second install fetched nothing")
    }

    @Test func aCrashBeforeTheStoreSyncIsRepairedByTheNextInstall() async throws {
        let fixture = try Fixture()
        let store = Store(cacheDirectory: fixture.directory.path + "/cache")
        _ = try await fixture.installer().install(frozen())
        let recorded = try #require(InstallState.load(nodeModules: fixture.project + "/node_modules")?.pendingSyncs)
        #expect(recorded.count == 1)
        let journal = try #require(StoreSyncJournal(store: store))
        #expect(journal.status(of: recorded[0]) == .synced, "the install waited for its sync")
        #expect(try await fixture.installer().install(frozen()).upToDate)

        // Now as if the machine had gone down before that sync: the marker outlived the boot (an
        // install already recovered it), and b@2's file, linked into node_modules, reads as zeros.
        try FileManager.default.createDirectory(atPath: journal.directory + "/recovered", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: journal.directory + "/recovered/" + URL(fileURLWithPath: recorded[0]).lastPathComponent, contents: nil)
        _ = try #require(StoreSyncJournal(store: store, bootID: "0b7e5c1a-0000-4000-8000-000000000000")).begin()
        let b2Key = try #require(StoreKey(integrity: StoreFixtures.integrity("http://registry.test/b/-/b-2.0.0.tgz")))
        let b2 = try #require(store.entry(for: b2Key))
        let b2Index = try #require(b2.index.files.first { $0.path == "index.js" })
        let file = b2.path(of: b2Index)
        let size = try #require(FileManager.default.contents(atPath: file)).count
        // In place: the same inode is linked into node_modules.
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.write(contentsOf: Data(repeating: 0, count: size))
        try handle.close()
        #expect(fixture.directory.read("app/node_modules/b/index.js") != "module.exports = 'b@2.0.0'\n")

        let repaired = try await fixture.installer().install(frozen())
        #expect(!repaired.upToDate)
        #expect(repaired.downloaded == 1, "only the damaged entry is fetched again")
        #expect(repaired.changed == 4, "every folder is linked again")
        #expect(fixture.directory.read("app/node_modules/b/index.js") == "module.exports = 'b@2.0.0'\n")
        #expect(journal.staleMarkers().isEmpty)
        #expect(try await fixture.installer().install(frozen()).upToDate)
    }

    @Test func aNewNodeModulesLinkedWhileDownloadingMatchesAFullLink() async throws {
        // No node_modules: top-level folders are linked as tarballs arrive (IncrementalLinker).
        let fresh = try Fixture()
        let freshSummary = try await fresh.installer().install(frozen())
        // An empty node_modules: everything is linked after the downloads (Linker alone).
        let existing = try Fixture()
        try FileManager.default.createDirectory(atPath: existing.project + "/node_modules", withIntermediateDirectories: true)
        let existingSummary = try await existing.installer().install(frozen())
        #expect(freshSummary.added == 4 && existingSummary.added == 4)
        func files(_ fixture: Fixture) -> [String: String] {
            let root = fixture.project + "/node_modules"
            let paths = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
            var contents: [String: String] = [:]
            for path in paths where path != ".pkg-state.json" {
                contents[path] = FileManager.default.contents(atPath: root + "/" + path).map { String(decoding: $0, as: UTF8.self) } ?? "<folder>"
            }
            return contents
        }
        #expect(files(fresh) == files(existing))
        #expect(files(fresh)["a/node_modules/b/index.js"] == "module.exports = 'b@1.0.0'\n")
        #expect(try await fresh.installer().install(frozen()).upToDate)
    }

    @Test func omitDevRemovesDevPackages() async throws {
        let fixture = try Fixture()
        _ = try await fixture.installer().install(frozen())
        let summary = try await fixture.installer().install(frozen { $0.omit = [.dev] })
        #expect(summary.removed == 1)
        #expect(!fixture.directory.exists("app/node_modules/d"))
    }

    @Test func ciFailsWhenPackageJsonChanged() async throws {
        let fixture = try Fixture(manifest: #"{"name":"app","dependencies":{"a":"^1.1.0","c":"1.0.0"},"devDependencies":{"d":"1.0.0"}}"#)
        await #expect(throws: InstallError.lockfileOutOfSync(differences: [
            "Invalid: lock file's a@^1.0.0 does not satisfy a@^1.1.0",
            "Missing: c@1.0.0 from lock file",
            "Extraneous: b is in the lock file but not in package.json",
        ])) {
            try await fixture.installer().install(frozen())
        }
        #expect(!fixture.directory.exists("app/node_modules"))
    }

    @Test func ciWithoutLockfileFails() async throws {
        let fixture = try Fixture()
        try FileManager.default.removeItem(atPath: fixture.project + "/pkg.lock")
        await #expect(throws: InstallError.missingLockfile(path: fixture.project + "/pkg.lock")) {
            try await fixture.installer().install(frozen())
        }
    }

    @Test func integrityMismatchIsFatalAndCachesNothing() async throws {
        var fixture = try Fixture()
        fixture.tarballs.tampered = ["http://registry.test/b/-/b-1.0.0.tgz"]
        await #expect {
            try await fixture.installer().install(frozen { $0.concurrency = 1 })
        } throws: { error in
            (error as? InstallError)?.code == "EINTEGRITY"
        }
        let store = Store(cacheDirectory: fixture.directory.path + "/cache")
        let tamperedKey = try #require(StoreKey(integrity: StoreFixtures.integrity("http://registry.test/b/-/b-1.0.0.tgz")))
        #expect(store.entry(for: tamperedKey) == nil)
        #expect(FileOperations.entries(of: store.root + "/tmp").isEmpty, "the staging folder was discarded")
        #expect(!fixture.directory.exists("app/node_modules/a"))
    }

    @Test func offlineFailsForPackagesNotInTheStore() async throws {
        let fixture = try Fixture()
        await #expect(throws: InstallError.notInStoreOffline(package: "a@1.0.0")) {
            try await fixture.installer().install(frozen { $0.offline = true })
        }
        _ = try await fixture.installer().install(frozen())
        try FileManager.default.removeItem(atPath: fixture.project + "/node_modules")
        let summary = try await fixture.installer().install(frozen { $0.offline = true })
        #expect(summary.added == 4 && summary.downloaded == 0)
    }

    @Test func layoutGraphDropsEdgesToPackagesNotInstalled() {
        let graph = Self.lockedGraph()
        let installing = Set(graph.packages.keys.filter { $0.name != "d" })
        let layout = Installer.layoutGraph(graph, installing: installing)
        #expect(layout.rootDependencies == ["a": "a@1.0.0", "b": "b@2.0.0"])
        #expect(layout.nodes["a@1.0.0"]?.dependencies == ["b": "b@1.0.0"])
    }

    @Test(arguments: [
        ("left-pad", "left-pad", nil, true), ("left-pad@^1.2.0", "left-pad", "^1.2.0", false),
        ("@scope/x@next", "@scope/x", "next", true), ("@scope/x", "@scope/x", nil, true),
        ("alias@npm:real@^2", "alias", "npm:real@^2", false), ("alias@npm:real", "alias", "npm:real", true),
        ("x@1.2.3", "x", "1.2.3", false),
    ] as [(String, String, String?, Bool)])
    func dependencyRequests(argument: String, name: String, specifier: String?, savesChosen: Bool) throws {
        let request = try DependencyRequest(parsing: argument)
        #expect(request.name == name && request.specifier == specifier)
        #expect(request.savesChosenVersion == savesChosen)
    }

    @Test func savedSpecifiers() throws {
        #expect(try DependencyRequest(parsing: "x").savedSpecifier(chosenVersion: "1.2.3", exact: false) == "^1.2.3")
        #expect(try DependencyRequest(parsing: "x@latest").savedSpecifier(chosenVersion: "1.2.3", exact: true) == "1.2.3")
        #expect(try DependencyRequest(parsing: "x@~1.0").savedSpecifier(chosenVersion: "1.0.4", exact: false) == "~1.0")
        #expect(try DependencyRequest(parsing: "y@npm:x").savedSpecifier(chosenVersion: "2.0.0", exact: false) == "npm:x@^2.0.0")
    }
}
