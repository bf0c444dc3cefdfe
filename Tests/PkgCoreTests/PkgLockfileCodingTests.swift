import Foundation
import PkgModel
import PkgResolver
import Testing
@testable import PkgCore

@Suite struct PkgLockfileCodingTests {
    static let registry = "http://registry.test/"

    /// root → a@1 (→ b@1 via alias `bee`, optional o@1 on darwin, optional peer p@1), b@2 (bin),
    /// dev d@1 (deprecated, install script), two instances of p@1.
    static func graph() -> ResolvedGraph {
        let a = PackageID(name: "a", version: "1.0.0"), b1 = PackageID(name: "b", version: "1.0.0")
        let b2 = PackageID(name: "b", version: "2.0.0"), d = PackageID(name: "d", version: "1.0.0")
        let o = PackageID(name: "@s/o", version: "1.0.0"), p = PackageID(name: "p", version: "1.0.0")
        let p2 = PackageID(name: "p", version: "1.0.0", discriminator: "b@2.0.0")
        func metadata(_ id: PackageID, _ configure: (inout VersionMetadata) -> Void = { _ in }) -> VersionMetadata {
            let url = registry + "\(id.name)/-/\(id.name.split(separator: "/").last ?? "")-\(id.version).tgz"
            var metadata = VersionMetadata(name: id.name, version: id.version, tarball: url, integrity: StoreFixtures.integrity(url))
            configure(&metadata)
            return metadata
        }
        return ResolvedGraph(
            rootEdges: [
                "a": ResolvedEdge(kind: .prod, specifier: "^1.0.0", target: a),
                "b": ResolvedEdge(kind: .prod, specifier: "^2.0.0", target: b2),
                "d": ResolvedEdge(kind: .dev, specifier: "latest", target: d),
                "p": ResolvedEdge(kind: .optional, specifier: "1.0.0", target: p),
            ],
            packages: [
                a: ResolvedPackage(
                    id: a,
                    metadata: metadata(a) {
                        $0.dependencies = ["bee": "npm:b@^1.0.0", "p": "1.x"]
                        $0.optionalDependencies = ["@s/o": "^1.0.0", "gone": "^9"]
                        $0.peerDependencies = ["q": "^1"]
                        $0.peerDependenciesMeta = ["q": .init(optional: true)]
                    },
                    edges: [
                        "bee": ResolvedEdge(kind: .prod, specifier: "npm:b@^1.0.0", target: b1),
                        "p": ResolvedEdge(kind: .prod, specifier: "1.x", target: p2),
                        "@s/o": ResolvedEdge(kind: .optional, specifier: "^1.0.0", target: o),
                    ]
                ),
                b1: ResolvedPackage(id: b1, metadata: metadata(b1)),
                b2: ResolvedPackage(id: b2, metadata: metadata(b2) { $0.bin = ["bee": "cli.js"]; $0.engines = ["node": ">=18"] }),
                d: ResolvedPackage(
                    id: d, metadata: metadata(d) { $0.deprecated = "use e"; $0.hasInstallScript = true },
                    flags: DependencyFlags(dev: true)
                ),
                o: ResolvedPackage(
                    id: o, metadata: metadata(o) { $0.os = ["darwin"]; $0.cpu = ["arm64"]; $0.libc = ["glibc"] },
                    flags: DependencyFlags(optional: true)
                ),
                p: ResolvedPackage(id: p, metadata: metadata(p) { $0.peerDependencies = ["b": "*"] },
                                   edges: ["b": ResolvedEdge(kind: .peer, specifier: "*", target: b2)], flags: DependencyFlags(optional: true)),
                p2: ResolvedPackage(id: p2, metadata: metadata(p2) { $0.peerDependencies = ["b": "*"] },
                                    edges: ["b": ResolvedEdge(kind: .peer, specifier: "*", target: b2)]),
            ]
        )
    }

    /// The graph as it is expected back: edges that resolved to nothing are not recorded.
    static func withoutUnresolvedEdges(_ graph: ResolvedGraph) -> ResolvedGraph {
        var result = graph
        for (id, package) in graph.packages { result.packages[id]?.edges = package.edges.filter { $0.value.target != nil } }
        return result
    }

    @Test func roundTripGivesTheSameGraphAndInstallPlan() throws {
        let coding = PkgLockfileCoding { _ in Self.registry }
        let original = Self.graph()
        let lockfile = try coding.lockfile(original)
        let reparsed = try LockfileParser.parse(LockfileSerializer.serialize(lockfile))
        let back = coding.graph(reparsed)
        #expect(back == Self.withoutUnresolvedEdges(original))
        func plan(_ graph: ResolvedGraph) throws -> Placement {
            try Hoister.place(Installer.layoutGraph(graph, installing: Set(Resolution(graph: graph).packagesToInstall())))
        }
        #expect(try plan(back) == plan(original))
    }

    @Test func storesTarballsRelativeAndReadsThemWithTheConfiguredRegistry() throws {
        let text = LockfileSerializer.serializedString(try PkgLockfileCoding { _ in Self.registry }.lockfile(Self.graph()))
        #expect(text.hasPrefix("{\n  \"lockfileVersion\": 1,"))
        #expect(text.contains(#""resolved": "a/-/a-1.0.0.tgz""#))
        #expect(text.contains(#""p@1.0.0(b@2.0.0)": {"#))
        #expect(text.contains(#""bee": "b@1.0.0""#))
        #expect(!text.contains("registry.test"))
        let mirror = PkgLockfileCoding { _ in "https://mirror.example/npm" }
        let graph = mirror.graph(try LockfileParser.parse(text))
        #expect(graph.packages[PackageID(name: "a", version: "1.0.0")]?.tarball == "https://mirror.example/npm/a/-/a-1.0.0.tgz")
    }

    @Test func encodingIsByteStableAndReadsBack() throws {
        var packages: [PackageID: ResolvedPackage] = [:]
        for index in 0..<30 {
            let id = PackageID(name: "p\(index)", version: "1.0.\(index)")
            packages[id] = ResolvedPackage(id: id, metadata: VersionMetadata(name: id.name, version: id.version, dependencies: ["x": "^1", "a": "2"]))
        }
        let graph = ResolvedGraph(rootEdges: ["p1": ResolvedEdge(kind: .prod, specifier: "^1.0.0", target: PackageID(name: "p1", version: "1.0.1"))], packages: packages)
        let coding = PkgLockfileCoding()
        let bytes = try coding.encode(graph, rootName: "app", rootVersion: "1.0.0")
        var rebuilt = ResolvedGraph(rootEdges: graph.rootEdges)
        for id in graph.sortedIDs.reversed() { rebuilt.packages[id] = graph.packages[id] }
        #expect(try coding.encode(rebuilt, rootName: "app", rootVersion: "1.0.0") == bytes)
        let directory = TestDirectory()
        FileManager.default.createFile(atPath: directory.path + "/pkg.lock", contents: bytes)
        #expect(try coding.read(path: directory.path + "/pkg.lock") == graph)
        #expect(try coding.read(path: directory.path + "/missing.lock") == nil)
    }

    @Test func rejectsALockfileWithADanglingEdge() throws {
        let directory = TestDirectory()
        directory.write("pkg.lock", #"{"lockfileVersion":1,"packages":{"a@1.0.0":{"dependencies":{"b":"b@1.0.0"}}}}"#)
        #expect(throws: LockfileError.self) { try PkgLockfileCoding().read(path: directory.path + "/pkg.lock") }
    }

    @Test func installWritesTheSameLockTwiceAndCiInstallsFromIt() async throws {
        let directory = TestDirectory()
        let coding = PkgLockfileCoding { _ in Self.registry }
        var files: [String: [String: String]] = [:]
        for (id, package) in Self.graph().packages {
            files[package.tarball] = [
                "package.json": #"{"name":"\#(id.name)","version":"\#(id.version)"}"#, "index.js": "module.exports = '\(id)'\n", "cli.js": "",
            ]
        }
        directory.write(
            "app/package.json",
            #"{"name":"app","version":"1.0.0","dependencies":{"a":"^1.0.0","b":"^2.0.0"},"optionalDependencies":{"p":"1.0.0"},"devDependencies":{"d":"latest"}}"#
        )
        FileManager.default.createFile(atPath: directory.path + "/app/pkg.lock", contents: try coding.encode(Self.graph(), rootName: "app", rootVersion: "1.0.0"))
        let installer = Installer(
            projectDirectory: directory.path + "/app", store: Store(cacheDirectory: directory.path + "/cache"),
            source: NoMetadata(), tarballs: MemoryTarballs(packages: files), lockfile: coding
        )
        _ = try await installer.install(InstallOptions())
        let first = try #require(FileManager.default.contents(atPath: directory.path + "/app/pkg.lock"))
        let second = try await installer.install(InstallOptions())
        #expect(!second.lockfileWritten)
        #expect(FileManager.default.contents(atPath: directory.path + "/app/pkg.lock") == first)

        try FileManager.default.removeItem(atPath: directory.path + "/app/node_modules")
        var frozen = InstallOptions()
        frozen.frozenLockfile = true
        _ = try await installer.install(frozen)
        #expect(directory.read("app/node_modules/b/index.js") == "module.exports = 'b@2.0.0'\n")
        #expect(directory.read("app/node_modules/bee/index.js") == "module.exports = 'b@1.0.0'\n")
    }
}
