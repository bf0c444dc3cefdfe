import Foundation
@testable import PkgCore
import PkgResolver
import Testing

@Suite("OutdatedReport")
struct OutdatedReportTests {
    static func metadata(_ name: String, _ versions: [String], latest: String) -> PackageMetadata {
        var result = PackageMetadata(name: name, distTags: ["latest": latest])
        for version in versions {
            result.versions[version] = VersionMetadata(name: name, version: version, dependencies: ["unpublished": "^9.0.0"])
        }
        return result
    }

    static let registry: [String: PackageMetadata] = [
        "a": metadata("a", ["1.0.0", "1.1.0", "2.0.0"], latest: "2.0.0"),
        "b": metadata("b", ["1.1.0"], latest: "1.1.0"),
        "c": metadata("c", ["1.0.0", "1.2.0", "1.3.0", "2.0.0", "2.1.0"], latest: "1.3.0"),
        "d": metadata("d", ["1.0.0", "1.0.1"], latest: "1.0.1"),
        "missing": metadata("missing", ["1.0.0"], latest: "1.0.0"),
        "wrong": metadata("wrong", ["1.0.0", "2.1.0"], latest: "2.1.0"),
    ]

    static func rows(names: [String] = [], all: Bool = false, omit: Set<String> = []) async throws -> ([OutdatedRow], String, TestDirectory) {
        let (directory, app) = InspectFixture.write()
        let tree = try InstalledTree.load(projectDirectory: app)
        let registry = Self.registry
        let rows = try await OutdatedReport.rows(tree: tree, edges: OutdatedReport.edges(in: tree, names: names, all: all), omit: omit) { registry[$0] }
        return (rows, app, directory)
    }

    @Test("the root's outdated edges, as npm's table")
    func table() async throws {
        let (rows, _, directory) = try await Self.rows()
        _ = directory
        #expect(OutdatedReport.table(rows) == """
            Package         Current  Wanted  Latest  Location            Depended by
            a                 1.0.0   1.1.0   2.0.0  node_modules/a      app
            alias:c@^1.0.0    1.0.0   1.3.0   1.3.0  node_modules/alias  app
            d                 1.0.0   1.0.1   1.0.1  node_modules/d      app
            missing         MISSING   1.0.0   1.0.0  -                   app
            wrong             1.0.0   2.1.0   2.1.0  node_modules/wrong  app
            """)
    }

    @Test("--all adds every package's edges; names select the edges into those packages")
    func allAndNames() async throws {
        let (all, _, first) = try await Self.rows(all: true)
        _ = first
        #expect(all.map { "\($0.name) \($0.current ?? "MISSING") \($0.wanted) \($0.latest) \($0.dependent)" } == [
            "a 1.0.0 1.1.0 2.0.0 app", "a 1.0.0 1.1.0 2.0.0 d", "alias:c@^1.0.0 1.0.0 1.3.0 1.3.0 app",
            "c 1.2.0 1.3.0 1.3.0 a", "c 2.0.0 2.1.0 1.3.0 b", "c 1.2.0 1.3.0 1.3.0 d",
            "d 1.0.0 1.0.1 1.0.1 app", "missing MISSING 1.0.0 1.0.0 app", "wrong 1.0.0 2.1.0 2.1.0 app",
        ])
        let (named, app, second) = try await Self.rows(names: ["c"])
        _ = second
        #expect(OutdatedReport.json(named) == """
            {
              "c": [
                {
                  "current": "1.2.0",
                  "wanted": "1.3.0",
                  "latest": "1.3.0",
                  "dependent": "a",
                  "location": "\(app)/node_modules/c"
                },
                {
                  "current": "2.0.0",
                  "wanted": "2.1.0",
                  "latest": "1.3.0",
                  "dependent": "b",
                  "location": "\(app)/node_modules/b/node_modules/c"
                },
                {
                  "current": "1.2.0",
                  "wanted": "1.3.0",
                  "latest": "1.3.0",
                  "dependent": "d",
                  "location": "\(app)/node_modules/c"
                }
              ]
            }
            """)
        #expect(OutdatedReport.parseable(Array(named.prefix(1))) == "\(app)/node_modules/c:c@1.3.0:c@1.2.0:c@1.3.0:a")
    }

    @Test("--omit dev leaves dev packages out; an unknown package is skipped")
    func omitAndUnknown() async throws {
        let (rows, _, directory) = try await Self.rows(omit: ["dev"])
        _ = directory
        #expect(!rows.contains { $0.name == "d" })
        #expect(OutdatedReport.table([]) == "")
    }

    @Test("wanted is the resolver's choice: latest when it satisfies, else the highest match")
    func versionChoice() async {
        let metadata = Self.metadata("c", ["1.0.0", "1.2.0", "1.3.0", "2.0.0", "3.0.0-beta.1"], latest: "1.3.0")
        #expect(await VersionChoice.pick("^1.0.0", from: metadata) == "1.3.0")
        #expect(await VersionChoice.pick("^2.0.0", from: metadata) == "2.0.0")
        #expect(await VersionChoice.pick("*", from: metadata) == "1.3.0")
        #expect(await VersionChoice.pick("^4.0.0", from: metadata) == nil)
        #expect(await VersionChoice.pick("latest", from: metadata) == "1.3.0")
    }
}
