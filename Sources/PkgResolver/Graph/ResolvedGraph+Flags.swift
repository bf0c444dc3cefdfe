// npm's calc-dep-flags, as reachability: a flag is set on a package unless some path from the root
// avoids the edges that flag is about (dev: the root's dev edges; optional: optional and optional
// peer edges; devOptional: both; peer: peer edges).

extension ResolvedGraph {
    /// Recomputes every package's `flags` from the edges.
    public mutating func computeFlags() {
        let nonDev = reachable { kind, _ in kind != .dev }
        let nonOptional = reachable { kind, _ in !kind.isOptional }
        let neither = reachable { kind, _ in kind != .dev && !kind.isOptional }
        let nonPeer = reachable { kind, _ in !kind.isPeer }
        for id in packages.keys {
            let dev = !nonDev.contains(id)
            let optional = !nonOptional.contains(id)
            packages[id]?.flags = DependencyFlags(
                dev: dev, optional: optional, devOptional: !neither.contains(id) && !dev && !optional, peer: !nonPeer.contains(id)
            )
        }
    }

    /// Packages reachable from the root through edges `follow(kind, fromRoot)` accepts.
    func reachable(_ follow: (EdgeKind, Bool) -> Bool) -> Set<PackageID> {
        var seen: Set<PackageID> = []
        var stack = rootEdges.values.filter { follow($0.kind, true) }.compactMap(\.target)
        while let id = stack.popLast() {
            guard seen.insert(id).inserted, let package = packages[id] else { continue }
            for edge in package.edges.values where follow(edge.kind, false) {
                if let target = edge.target, !seen.contains(target) { stack.append(target) }
            }
        }
        return seen
    }
}
