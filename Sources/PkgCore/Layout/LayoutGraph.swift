// The hoister's input: just enough of a resolved graph to decide where every package goes.
//
// This is the seam between resolution (PkgResolver's `ResolvedGraph`) and layout, kept as plain
// strings so the hoister stays a pure function that property tests can drive with random graphs.

/// Package instances and their edges, as the hoister needs them.
///
/// A node id names one resolved package instance (for example `left-pad@1.3.0`); an edge name is
/// the folder name the dependent `require`s, which differs from the package name for `npm:`
/// aliases.
package struct LayoutGraph: Sendable, Hashable {
    /// One resolved package instance and the instances its edges point to.
    package struct Node: Sendable, Hashable {
        /// The instance's identity, unique in the graph.
        package var id: String
        /// Edge name (the folder name used by `require`) to the id of the instance it resolves to.
        package var dependencies: [String: String]
        /// Edge names that are peer dependencies: their targets go beside the dependent (or
        /// higher), never inside it, so the dependent and its parent share one copy.
        package var peers: Set<String>

        package init(id: String, dependencies: [String: String] = [:], peers: Set<String> = []) {
            self.id = id
            self.dependencies = dependencies
            self.peers = peers
        }
    }

    /// The root project's edges: folder name to instance id.
    package var rootDependencies: [String: String]
    /// Every instance, keyed by its id.
    package var nodes: [String: Node]

    package init(rootDependencies: [String: String], nodes: [String: Node]) {
        self.rootDependencies = rootDependencies
        self.nodes = nodes
    }

    package init(rootDependencies: [String: String], nodes: [Node]) {
        self.rootDependencies = rootDependencies
        self.nodes = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
