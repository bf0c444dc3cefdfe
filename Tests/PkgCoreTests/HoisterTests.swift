import Testing
@testable import PkgCore

@Suite struct HoisterTests {
    private func layout(_ graph: LayoutGraph) throws -> [String: String] {
        let placement = try Hoister.place(graph)
        return Dictionary(uniqueKeysWithValues: placement.packages.map { ($0.relativePath, $0.nodeID) })
    }

    @Test func hoistsSharedDependencyToTheRoot() throws {
        let graph = LayoutGraph(
            rootDependencies: ["a": "a@1", "b": "b@1"],
            nodes: [
                .init(id: "a@1", dependencies: ["c": "c@1"]),
                .init(id: "b@1", dependencies: ["c": "c@1"]),
                .init(id: "c@1"),
            ]
        )
        #expect(try layout(graph) == [
            "node_modules/a": "a@1", "node_modules/b": "b@1", "node_modules/c": "c@1",
        ])
    }

    @Test func nestsOnlyTheConflictingVersion() throws {
        let graph = LayoutGraph(
            rootDependencies: ["a": "a@1", "c": "c@2"],
            nodes: [
                .init(id: "a@1", dependencies: ["c": "c@1", "d": "d@1"]),
                .init(id: "c@1"), .init(id: "c@2"), .init(id: "d@1"),
            ]
        )
        #expect(try layout(graph) == [
            "node_modules/a": "a@1", "node_modules/c": "c@2", "node_modules/d": "d@1",
            "node_modules/a/node_modules/c": "c@1",
        ])
    }

    @Test func firstAlphabeticalClaimantWinsTheRootFolder() throws {
        // b's c@1 is reached first (breadth first, alphabetical), so z's c@2 nests.
        let graph = LayoutGraph(
            rootDependencies: ["b": "b@1", "z": "z@1"],
            nodes: [
                .init(id: "b@1", dependencies: ["c": "c@1"]),
                .init(id: "z@1", dependencies: ["c": "c@2"]),
                .init(id: "c@1"), .init(id: "c@2"),
            ]
        )
        #expect(try layout(graph) == [
            "node_modules/b": "b@1", "node_modules/z": "z@1", "node_modules/c": "c@1",
            "node_modules/z/node_modules/c": "c@2",
        ])
    }

    @Test func refusesToShadowAnEdgeThatAlreadyResolves() throws {
        // a@1 (nested under x) already resolves `b` to the root's b@1; x's own dependency on a
        // different `b` must not be placed where it would hide b@1 from a.
        let graph = LayoutGraph(
            rootDependencies: ["a": "a@2", "b": "b@1", "x": "x@1"],
            nodes: [
                .init(id: "a@1", dependencies: ["b": "b@1"]),
                .init(id: "a@2"),
                .init(id: "b@1"), .init(id: "b@2"),
                .init(id: "x@1", dependencies: ["a": "a@1", "y": "y@1"]),
                .init(id: "y@1", dependencies: ["b": "b@2"]),
            ]
        )
        let placement = try Hoister.place(graph)
        for package in placement.packages {
            for (name, target) in graph.nodes[package.nodeID]?.dependencies ?? [:] {
                #expect(placement.resolve(from: package.path, name: name) == target)
            }
        }
    }

    @Test func scopedAndAliasedFolders() throws {
        let graph = LayoutGraph(
            rootDependencies: ["@scope/tool": "@scope/tool@1", "old-pad": "left-pad@1"],
            nodes: [
                .init(id: "@scope/tool@1", dependencies: ["left-pad": "left-pad@2"]),
                .init(id: "left-pad@1"), .init(id: "left-pad@2"),
            ]
        )
        #expect(try layout(graph) == [
            "node_modules/@scope/tool": "@scope/tool@1",
            "node_modules/old-pad": "left-pad@1",
            "node_modules/left-pad": "left-pad@2",
        ])
    }

    @Test func simpleCyclesDeduplicate() throws {
        let graph = LayoutGraph(
            rootDependencies: ["a": "a@1"],
            nodes: [.init(id: "a@1", dependencies: ["b": "b@1"]), .init(id: "b@1", dependencies: ["a": "a@1"])]
        )
        #expect(try layout(graph) == ["node_modules/a": "a@1", "node_modules/b": "b@1"])
    }

    @Test func unlayableCycleIsAnError() {
        let graph = LayoutGraph(
            rootDependencies: ["a": "a@1"],
            nodes: [
                .init(id: "a@1", dependencies: ["b": "b@1"]), .init(id: "b@1", dependencies: ["a": "a@2"]),
                .init(id: "a@2", dependencies: ["b": "b@2"]), .init(id: "b@2", dependencies: ["a": "a@1"]),
            ]
        )
        #expect {
            try Hoister.place(graph)
        } throws: { error in
            guard case .unlayableCycle = error as? InstallError else { return false }
            return true
        }
    }

    // `x\u{600}/../\u{301}y`: a `/` with a prepended and a combining mark is one Character that
    // is not `/`, so a Character split saw one component where the kernel sees `x\u{600}`, `..`, `\u{301}y`.
    @Test(arguments: ["../evil", "a/b/c", "@scope", "@/x", ".bin", "node_modules", "", "a\\b", "@s/..",
                      "x\u{600}/../\u{301}y", "@s\u{600}/../\u{301}y", "a/\u{301}"])
    func refusesFolderNamesThatEscape(name: String) {
        let graph = LayoutGraph(rootDependencies: [name: "x@1"], nodes: [.init(id: "x@1")])
        #expect(throws: InstallError.invalidFolderName(name: name, requiredBy: nil)) {
            try Hoister.place(graph)
        }
    }

    @Test func missingInstanceIsAnError() {
        let graph = LayoutGraph(rootDependencies: ["a": "a@1"], nodes: [.init(id: "a@1", dependencies: ["b": "b@9"])])
        #expect(throws: InstallError.missingGraphNode(id: "b@9", requiredBy: "a@1")) {
            try Hoister.place(graph)
        }
    }

    /// The property: on random graphs, Node's lookup from every placed package finds, for each of
    /// its edges, exactly the instance the edge names; and the layout is deterministic.
    @Test(arguments: 0..<300)
    func everyEdgeResolvesOnRandomGraphs(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        let acyclic = seed % 3 != 0
        let graph = RandomGraph.make(using: &random, acyclic: acyclic)
        let outcome = Result { () throws(InstallError) -> Placement in try Hoister.place(graph) }
        guard case .success(let placement) = outcome else {
            if case .failure(.unlayableCycle) = outcome {
                #expect(!acyclic, "an acyclic graph always has a layout")
            } else {
                Issue.record("unexpected \(outcome)")
            }
            return
        }
        for (name, target) in graph.rootDependencies {
            #expect(placement.resolve(from: [], name: name) == target)
        }
        var paths = Set<[String]>()
        for package in placement.packages {
            #expect(paths.insert(package.path).inserted)
            for (name, target) in graph.nodes[package.nodeID]?.dependencies ?? [:] {
                #expect(placement.resolve(from: package.path, name: name) == target,
                        "\(package.relativePath) requires \(name) → \(target)")
            }
        }
        #expect(try Hoister.place(graph) == placement)
    }
}

/// SplitMix64: a tiny deterministic generator so failures reproduce from the seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

enum RandomGraph {
    /// Names `p0…pN` (some scoped), each with a few versions; an acyclic graph only has edges from
    /// a name to later names.
    static func make(using random: inout SeededRandom, acyclic: Bool) -> LayoutGraph {
        let nameCount = Int.random(in: 2...14, using: &random)
        let names = (0..<nameCount).map { $0 % 4 == 3 ? "@s/p\($0)" : "p\($0)" }
        var nodes: [LayoutGraph.Node] = []
        var versions: [String: [String]] = [:]
        for name in names {
            versions[name] = (1...Int.random(in: 1...3, using: &random)).map { "\(name)@\($0)" }
        }
        for (index, name) in names.enumerated() {
            for id in versions[name] ?? [] {
                var dependencies: [String: String] = [:]
                let candidates = acyclic ? Array(names[(index + 1)...]) : names
                for _ in 0..<Int.random(in: 0...4, using: &random) {
                    guard let dependency = candidates.randomElement(using: &random),
                          let target = versions[dependency]?.randomElement(using: &random) else { continue }
                    dependencies[dependency] = target
                }
                nodes.append(.init(id: id, dependencies: dependencies))
            }
        }
        var root: [String: String] = [:]
        for name in names.shuffled(using: &random).prefix(Int.random(in: 1...4, using: &random)) {
            root[name] = versions[name]?.randomElement(using: &random)
        }
        return LayoutGraph(rootDependencies: root, nodes: nodes)
    }
}
