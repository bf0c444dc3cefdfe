import PkgModel
import PkgResolver
import PkgTestSupport

/// `manifest("a@1.0.0", dependencies: ["b": "^1.0.0"])`: a published version, written compactly.
func manifest(
    _ label: String,
    dependencies: [String: String] = [:],
    optionalDependencies: [String: String] = [:],
    peerDependencies: [String: String] = [:],
    optionalPeers: Set<String> = [],
    os: [String] = [],
    engines: [String: String] = [:],
    deprecated: String? = nil
) -> VersionMetadata {
    let at = label.lastIndex(of: "@") ?? label.endIndex
    return VersionMetadata(
        name: String(label[..<at]), version: String(label[label.index(after: at)...]),
        dependencies: dependencies, optionalDependencies: optionalDependencies, peerDependencies: peerDependencies,
        peerDependenciesMeta: Dictionary(uniqueKeysWithValues: optionalPeers.map { ($0, PeerDependencyMeta(optional: true)) }),
        os: os, engines: engines, deprecated: deprecated
    )
}

func resolve(_ source: InMemoryPackageSource, _ request: ResolutionRequest) async throws(ResolutionError) -> Resolution {
    try await Resolver(source: source).resolve(request)
}

/// The rendered error of a resolution that must fail, or a note that it did not.
func failure(_ source: InMemoryPackageSource, _ request: ResolutionRequest) async -> String {
    do {
        let resolution = try await resolve(source, request)
        return "unexpectedly resolved:\n" + render(resolution.graph)
    } catch {
        return error.rendered()
    }
}

/// One line per edge, sorted: `root a@^1.0.0 -> a@1.2.0`, `a@1.2.0 b@^2 (peer) -> b@2.0.0`.
func render(_ graph: ResolvedGraph) -> String {
    func line(_ dependent: String, _ name: String, _ edge: ResolvedEdge) -> String {
        let kind = edge.kind == .prod ? "" : " (\(edge.kind.rawValue))"
        return "\(dependent) \(name)@\(edge.effectiveSpecifier)\(kind) -> \(edge.target?.description ?? "none")"
    }
    var lines = graph.rootEdges.keys.sorted().compactMap { name in graph.rootEdges[name].map { line("root", name, $0) } }
    for id in graph.sortedIDs {
        guard let package = graph.packages[id] else { continue }
        lines += package.edges.keys.sorted().compactMap { name in package.edges[name].map { line(id.description, name, $0) } }
    }
    return lines.joined(separator: "\n")
}

/// The chosen `name@version`s, sorted.
func installed(_ resolution: Resolution) -> [String] {
    resolution.graph.sortedIDs.map(\.description)
}
