import Foundation
import Testing
@testable import PkgCore

@Suite struct IncrementalLinkerTests {
    @Test func linksTopLevelFoldersAsEntriesArriveAndLeavesNestedOnes() async throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path + "/cache")
        let project = directory.path + "/project"
        let a = try StoreFixtures.entry(store, name: "a", version: "1.0.0", files: ["lib/deep/index.js": "a"])
        let b = try StoreFixtures.entry(store, name: "@s/b", version: "1.0.0", files: ["b.js": "b"])
        let targets = [
            LinkTarget(placed: PlacedPackage(path: ["a"], nodeID: "a@1"), integrity: a.index.integrity),
            LinkTarget(placed: PlacedPackage(path: ["@s/b"], nodeID: "b@1"), integrity: b.index.integrity),
            LinkTarget(placed: PlacedPackage(path: ["a", "@s/b"], nodeID: "b@1"), integrity: b.index.integrity),
            // An alias installs the same instance under a second top-level name.
            LinkTarget(placed: PlacedPackage(path: ["alias"], nodeID: "a@1"), integrity: a.index.integrity),
        ]
        let linker = IncrementalLinker(projectDirectory: project, targets: targets, concurrency: 2)
        linker.entryReady(nodeID: "b@1", entry: b)
        linker.entryReady(nodeID: "a@1", entry: a)
        linker.entryReady(nodeID: "unplaced@1", entry: a)
        let outcome = await linker.finish()
        #expect(outcome.failures.isEmpty)
        #expect(outcome.linked == ["node_modules/a", "node_modules/@s/b", "node_modules/alias"])
        #expect(outcome.methods == [.hardLink])
        #expect(directory.read("project/node_modules/a/lib/deep/index.js") == "a")
        #expect(directory.read("project/node_modules/alias/lib/deep/index.js") == "a")
        #expect(directory.read("project/node_modules/@s/b/b.js") == "b")
        #expect(!directory.exists("project/node_modules/a/node_modules"), "nested folders wait for the full link")

        // The full link completes the plan around the early folders and counts them as added.
        let report = try Linker(projectDirectory: project).link(targets, entries: ["a@1": a, "b@1": b], early: outcome)
        #expect(report.added == 4 && report.removed == 0 && report.changed == 0)
        #expect(Set(report.materialized) == Set(targets.map(\.placed.relativePath)))
        #expect(directory.read("project/node_modules/a/node_modules/@s/b/b.js") == "b")
        #expect(Linker(projectDirectory: project).isUpToDate(targets))
    }

    @Test func aFailedEarlyLinkFailsTheLink() async throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path + "/cache")
        let project = directory.path + "/project"
        let a = try StoreFixtures.entry(store, name: "a", version: "1.0.0")
        // A file where the folder must go.
        directory.write("project/node_modules/a", "in the way")
        let targets = [LinkTarget(placed: PlacedPackage(path: ["a"], nodeID: "a@1"), integrity: a.index.integrity)]
        let linker = IncrementalLinker(projectDirectory: project, targets: targets, concurrency: 1)
        linker.entryReady(nodeID: "a@1", entry: a)
        let outcome = await linker.finish()
        #expect(outcome.linked.isEmpty)
        #expect(outcome.failures["node_modules/a"]?.code == "EFS")
        #expect(throws: InstallError.self) { try Linker(projectDirectory: project).link(targets, entries: ["a@1": a], early: outcome) }
    }
}
