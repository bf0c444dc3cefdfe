/// The result of resolution as a graph (not a folder layout): the root's edges and every package
/// instance, keyed by `PackageID`. The linker in PkgCore turns it into node_modules, placing each
/// peer edge's target beside its dependent (or higher), never inside it.
///
/// It doubles as the lockfile's content: passed back as `ResolutionRequest.previous`, its choices
/// are kept wherever they are still valid.
public struct ResolvedGraph: Sendable, Hashable {
    /// The root project's edges by edge name, each with the kind and specifier of package.json. A
    /// name in both dependencies and devDependencies is a dev edge with the dev specifier (npm).
    public var rootEdges: [String: ResolvedEdge]
    public var packages: [PackageID: ResolvedPackage]

    public init(rootEdges: [String: ResolvedEdge] = [:], packages: [PackageID: ResolvedPackage] = [:]) {
        self.rootEdges = rootEdges
        self.packages = packages
    }

    /// The instance an edge name resolves to from `dependent` (`nil` = the root).
    public func target(of edgeName: String, from dependent: PackageID? = nil) -> PackageID? {
        guard let dependent else { return rootEdges[edgeName]?.target }
        return packages[dependent]?.edges[edgeName]?.target
    }

    /// Package IDs in a stable order (name, version, discriminator).
    public var sortedIDs: [PackageID] { packages.keys.sorted() }

    /// The packages reachable from the root without passing through `skipped`: what an install
    /// lays out once those optional packages are left out, with everything only they need.
    public func reachable(avoiding skipped: Set<PackageID>) -> Set<PackageID> {
        var seen: Set<PackageID> = []
        var stack = rootEdges.values.compactMap(\.target).filter { !skipped.contains($0) }
        while let id = stack.popLast() {
            guard seen.insert(id).inserted, let package = packages[id] else { continue }
            for edge in package.edges.values {
                if let target = edge.target, !skipped.contains(target), !seen.contains(target) { stack.append(target) }
            }
        }
        return seen
    }
}
