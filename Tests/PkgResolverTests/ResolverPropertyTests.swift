import PkgModel
import PkgResolver
import PkgTestSupport
import Testing

/// Metamorphic properties over seeded random registries (STYLE.md section 7). A failure names its
/// seed; `SeededRegistry(seed:)` reproduces it.
@Suite struct ResolverPropertyTests {
    static let seeds: [UInt64] = Array(1...80)

    @Test(arguments: seeds)
    func sameInputGivesTheSameGraphWhateverTheFetchOrder(seed: UInt64) async {
        let registry = SeededRegistry(seed: seed)
        let first = await outcome(registry.source(), registry.request)
        for delaySeed: UInt64 in [7, 8] {
            let again = await outcome(registry.source(delaySeed: delaySeed &+ seed), registry.request)
            #expect(again == first, "seed \(seed), delay seed \(delaySeed)")
        }
    }

    @Test(arguments: seeds)
    func everyResolvedEdgeSatisfiesItsEffectiveRange(seed: UInt64) async {
        let registry = SeededRegistry(seed: seed)
        guard let resolution = try? await Resolver(source: registry.source()).resolve(registry.request) else { return }
        let graph = resolution.graph
        var edges = graph.rootEdges.map { ("root", $0.key, $0.value) }
        for (id, package) in graph.packages {
            edges += package.edges.map { (id.description, $0.key, $0.value) }
        }
        for (dependent, name, edge) in edges {
            guard let target = edge.target else {
                #expect(edge.kind.isOptional, "seed \(seed): \(dependent) \(name) has no target")
                continue
            }
            #expect(graph.packages[target] != nil, "seed \(seed): \(dependent) \(name) points outside the graph")
            #expect(Self.satisfies(edge.effectiveSpecifier, edgeName: name, target: target), "seed \(seed): \(dependent) \(name)@\(edge.effectiveSpecifier) -> \(target)")
        }
    }

    /// Only over registries where every range is satisfiable: like npm, the resolver does not
    /// backtrack, so with a dead range, dropping the dependency that pinned a good version can
    /// expose a newer version whose own dependencies cannot be met (docs/resolution.md).
    @Test(arguments: seeds)
    func removingADependencyNeverMakesASolvableGraphUnsolvable(seed: UInt64) async {
        let registry = SeededRegistry(seed: seed, unsatisfiableRanges: false)
        guard (try? await Resolver(source: registry.source()).resolve(registry.request)) != nil else { return }
        for name in registry.request.dependencies.keys.sorted() {
            var smaller = registry.request
            smaller.dependencies[name] = nil
            let result = await outcome(registry.source(), smaller)
            #expect(result.hasPrefix("ok"), "seed \(seed): removing \(name) failed:\n\(result)")
        }
    }

    /// The rendered graph or error, for comparing two runs.
    func outcome(_ source: InMemoryPackageSource, _ request: ResolutionRequest) async -> String {
        do {
            let resolution = try await Resolver(source: source).resolve(request)
            return "ok\n" + render(resolution.graph) + "\n" + resolution.warnings.map { $0.rendered(severity: .warning) }.joined(separator: "\n")
        } catch {
            return error.rendered()
        }
    }

    static func satisfies(_ specifier: String, edgeName: String, target: PackageID) -> Bool {
        var name = edgeName
        var range = specifier
        if specifier.hasPrefix("npm:") {
            let rest = specifier.dropFirst(4)
            guard let at = rest.lastIndex(of: "@") else { return false }
            name = String(rest[..<at])
            range = String(rest[rest.index(after: at)...])
        }
        guard name == target.name, let version = Version.parse(target.version),
            let parsed = try? VersionRange(range == "" ? "*" : range, loose: true)
        else { return false }
        return parsed.satisfied(by: version)
    }
}
