import Foundation
@testable import PkgCore
import Testing

@Suite("InstalledTree")
struct InstalledTreeTests {
    @Test("edges resolve as Node's lookup does, with npm's flags")
    func edgesAndFlags() throws {
        let (directory, app) = InspectFixture.write()
        _ = directory
        let tree = try InstalledTree.load(projectDirectory: app)
        func node(_ location: String) -> InstalledTree.Node? { tree.nodes.first { $0.location == location } }
        #expect(tree.nodes.map(\.location).sorted() == [
            "", "node_modules/a", "node_modules/alias", "node_modules/b", "node_modules/b/node_modules/c",
            "node_modules/c", "node_modules/d", "node_modules/extra", "node_modules/wrong",
        ])
        #expect(node("node_modules/alias")?.pkgid == "alias@npm:c@1.0.0")
        #expect(node("node_modules/extra")?.extraneous == true)
        #expect(node("node_modules/d")?.dev == true)
        #expect(node("node_modules/a")?.dev == false)
        #expect(node("node_modules/c")?.dev == false)
        #expect(node("node_modules/b/node_modules/c")?.extraneous == false)
        let rootEdges = tree.root.edgesOut.map { tree.edges[$0] }
        #expect(rootEdges.first { $0.name == "missing" }?.isMissing == true)
        #expect(rootEdges.first { $0.name == "opt" }?.isMissing == false)
        #expect(rootEdges.first { $0.name == "wrong" }?.isInvalid == true)
        #expect(rootEdges.first { $0.name == "d" }?.type == .dev)
        #expect(rootEdges.first { $0.name == "alias" }?.isValid == true)
        let fromB = tree.edges.first { tree.nodes[$0.from].location == "node_modules/b" && $0.name == "c" }
        #expect(fromB.flatMap { $0.to.map { tree.nodes[$0].location } } == "node_modules/b/node_modules/c")
    }

    @Test("a link back to an ancestor is listed once, not walked forever")
    func linkCycle() throws {
        let (directory, app) = InspectFixture.write()
        _ = directory
        try FileManager.default.createDirectory(atPath: app + "/node_modules/a/node_modules", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: app + "/node_modules/a/node_modules/self", withDestinationPath: app)
        let tree = try InstalledTree.load(projectDirectory: app)
        #expect(tree.nodes.filter { $0.name == "self" }.map(\.location) == ["node_modules/a/node_modules/self"])
        #expect(!tree.nodes.contains { $0.location.hasPrefix("node_modules/a/node_modules/self/") })
    }

    @Test("a folder without package.json is an error")
    func missingManifest() {
        let directory = TestDirectory()
        #expect(throws: InspectError.missingManifest(path: directory.path)) {
            try InstalledTree.load(projectDirectory: directory.path)
        }
    }
}
