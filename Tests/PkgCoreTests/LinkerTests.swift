import Foundation
import Testing
@testable import PkgCore

@Suite struct LinkerTests {
    private struct Fixture {
        let directory = TestDirectory()
        let store: Store
        let project: String
        var entries: [String: StoreEntry] = [:]

        init() throws {
            store = Store(cacheDirectory: directory.path + "/cache")
            project = directory.path + "/project"
            try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
            entries["a@1"] = try StoreFixtures.entry(store, name: "a", version: "1.0.0", files: ["index.js": "module.exports = 'a1'"])
            entries["b@1"] = try StoreFixtures.entry(
                store, name: "b", version: "1.0.0", files: ["bin/b.js": "#!/usr/bin/env node\n"], extra: #","bin":"bin/b.js""#
            )
            entries["b@2"] = try StoreFixtures.entry(store, name: "b", version: "2.0.0", files: ["index.js": "module.exports = 'b2'"])
            entries["@s/c@1"] = try StoreFixtures.entry(
                store, name: "@s/c", version: "1.0.0", files: ["c.js": ""], extra: #","bin":{"c":"c.js"}"#
            )
        }

        func target(_ path: [String], _ id: String) -> LinkTarget {
            LinkTarget(placed: PlacedPackage(path: path, nodeID: id), integrity: entries[id]?.index.integrity ?? "")
        }
    }

    @Test func materialisesFoldersBinsAndState() throws {
        let fixture = try Fixture()
        let linker = Linker(projectDirectory: fixture.project)
        let targets = [
            fixture.target(["a"], "a@1"), fixture.target(["b"], "b@2"),
            fixture.target(["a", "b"], "b@1"), fixture.target(["@s/c"], "@s/c@1"),
        ]
        #expect(!linker.isUpToDate(targets))
        let report = try linker.link(targets, entries: fixture.entries)
        #expect(report.added == 4 && report.removed == 0)
        let nodeModules = fixture.project + "/node_modules"
        #expect(FileManager.default.contents(atPath: nodeModules + "/a/index.js") == Data("module.exports = 'a1'".utf8))
        #expect(FileOperations.exists(nodeModules + "/a/node_modules/b/bin/b.js"))
        #expect(FileOperations.exists(nodeModules + "/@s/c/package.json"))

        // Hard links share the store's inode.
        let entryA = try #require(fixture.entries["a@1"])
        let stored = try FileManager.default.attributesOfItem(atPath: entryA.path(of: try #require(entryA.index.files.first { $0.path == "index.js" })))
        let linked = try FileManager.default.attributesOfItem(atPath: nodeModules + "/a/index.js")
        #expect(stored[.systemFileNumber] as? Int == linked[.systemFileNumber] as? Int)
        #expect(report.methods == [.hardLink])

        // Bins: relative symlinks in the nearest node_modules/.bin, targets executable.
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: nodeModules + "/a/node_modules/.bin/b") == "../b/bin/b.js")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: nodeModules + "/.bin/c") == "../@s/c/c.js")
        #expect(FileManager.default.isExecutableFile(atPath: nodeModules + "/.bin/c"))
        #expect(linker.isUpToDate(targets))
    }

    @Test func secondLinkChangesOnlyWhatDiffers() throws {
        let fixture = try Fixture()
        let linker = Linker(projectDirectory: fixture.project)
        let nodeModules = fixture.project + "/node_modules"
        _ = try linker.link(
            [fixture.target(["a"], "a@1"), fixture.target(["b"], "b@1"), fixture.target(["@s/c"], "@s/c@1")],
            entries: fixture.entries
        )
        FileManager.default.createFile(atPath: nodeModules + "/a/marker", contents: Data())
        try FileManager.default.createDirectory(atPath: nodeModules + "/stranger", withIntermediateDirectories: true)

        let next = [fixture.target(["a"], "a@1"), fixture.target(["b"], "b@2")]
        let report = try linker.link(next, entries: fixture.entries)
        #expect(report.unchanged == 1 && report.changed == 1 && report.removed == 2)
        #expect(FileOperations.exists(nodeModules + "/a/marker"), "an unchanged folder is not touched")
        #expect(!FileOperations.exists(nodeModules + "/stranger"))
        #expect(!FileOperations.exists(nodeModules + "/@s"), "empty scope folders go too")
        #expect(!FileOperations.exists(nodeModules + "/.bin"), "no bins left, no .bin folder")
        #expect(FileManager.default.contents(atPath: nodeModules + "/b/index.js") == Data("module.exports = 'b2'".utf8))
        #expect(linker.isUpToDate(next))
    }

    @Test func deletedFolderOrBinIsNoLongerUpToDate() throws {
        let fixture = try Fixture()
        let linker = Linker(projectDirectory: fixture.project)
        let targets = [fixture.target(["b"], "b@1")]
        _ = try linker.link(targets, entries: fixture.entries)
        try FileManager.default.removeItem(atPath: fixture.project + "/node_modules/.bin/b")
        #expect(!linker.isUpToDate(targets))
        _ = try linker.link(targets, entries: fixture.entries)
        #expect(linker.isUpToDate(targets))
        try FileManager.default.removeItem(atPath: fixture.project + "/node_modules/b")
        #expect(!linker.isUpToDate(targets))
        let report = try linker.link(targets, entries: fixture.entries)
        #expect(report.added == 1)
        #expect(FileOperations.exists(fixture.project + "/node_modules/b/bin/b.js"))
    }

    @Test func copyFallbackWhenHardLinksAreNotAllowed() throws {
        let directory = TestDirectory()
        directory.write("source", "bytes")
        let method = try FileOperations.materialize(directory.path + "/source", at: directory.path + "/copy", allowHardLink: false)
        #expect(method == .clone || method == .copy)
        #expect(directory.read("copy") == "bytes")
        let source = try FileManager.default.attributesOfItem(atPath: directory.path + "/source")
        let copy = try FileManager.default.attributesOfItem(atPath: directory.path + "/copy")
        #expect(source[.systemFileNumber] as? Int != copy[.systemFileNumber] as? Int)
    }

    @Test func binPlanRefusesEscapesAndFirstClaimantWins() {
        let (links, refused) = BinLinks.plan([
            (PlacedPackage(path: ["z"], nodeID: "z@1"), ["tool": "z.js"]),
            (PlacedPackage(path: ["a"], nodeID: "a@1"), ["tool": "a.js", "../../evil": "x.js", "ok": "../../etc/passwd"]),
        ])
        #expect(links.map { "\($0.directory)/\($0.name) -> \($0.destination)" } == ["node_modules/.bin/tool -> ../a/a.js"])
        #expect(refused.count == 2)
        #expect(refused.allSatisfy { $0.code == "EBINPATH" })
    }

    /// A file in a folder whose name starts with a combining mark is linked under that folder
    /// (the parent is found at the last `/` byte; as a `Character`, `/\u{301}` is not `/`).
    @Test func linksFilesBelowAFolderNamedWithACombiningMark() throws {
        let fixture = try Fixture()
        let entry = try StoreFixtures.entry(fixture.store, name: "w", version: "1.0.0", files: ["a/\u{301}b/c.js": "c"])
        let folder = fixture.project + "/node_modules/w"
        _ = try Linker.materialize(entry, into: folder)
        #expect(FileManager.default.contents(atPath: folder + "/a/\u{301}b/c.js") == Data("c".utf8))
    }

    /// Separators followed by a combining mark (or after a prepended one) are separators to the
    /// file system, so the checks look at bytes.
    @Test(arguments: ["x/\u{301}y", "\u{600}/../\u{301}y", "a\\\u{301}b"])
    func binNamesWithHiddenSeparatorsAreRefused(name: String) {
        #expect(!BinLinks.isSafeName(name))
    }

    @Test(arguments: ["/\u{301}etc/passwd", "a\u{600}/../\u{301}\u{600}/../../x", "a/..\u{600}/../x", "x\\\u{301}y"])
    func binTargetsWithHiddenSeparatorsAreRefused(target: String) {
        #expect(!BinLinks.isSafeTarget(target))
    }

    @Test(arguments: [
        (["a"], "node_modules/.bin"), (["@s/x"], "node_modules/.bin"),
        (["a", "b"], "node_modules/a/node_modules/.bin"), (["a", "@s/b", "c"], "node_modules/a/node_modules/@s/b/node_modules/.bin"),
    ])
    func binDirectoryIsTheNearestNodeModules(path: [String], expected: String) {
        #expect(BinLinks.binDirectory(for: path) == expected)
    }
}
