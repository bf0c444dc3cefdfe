// The hoister's output: which instance sits in which `node_modules` folder.

/// One package folder of a laid-out `node_modules` tree.
package struct PlacedPackage: Sendable, Hashable, Comparable {
    /// The chain of folder names from the project root, e.g. `["a", "@s/b"]` for
    /// `node_modules/a/node_modules/@s/b`.
    package var path: [String]
    /// The instance installed in this folder.
    package var nodeID: String

    package init(path: [String], nodeID: String) {
        self.path = path
        self.nodeID = nodeID
    }

    /// The folder relative to the project root, in lockfile form (`node_modules/a/node_modules/b`).
    package var relativePath: String {
        path.map { "node_modules/" + $0 }.joined(separator: "/")
    }

    /// The name the folder answers to under its `node_modules` (the alias for `npm:` aliases).
    package var folderName: String { path.last ?? "" }

    /// Depth first, then path, the order npm links bins and runs scripts in.
    package static func < (lhs: PlacedPackage, rhs: PlacedPackage) -> Bool {
        if lhs.path.count != rhs.path.count { return lhs.path.count < rhs.path.count }
        return lhs.path.lexicographicallyPrecedes(rhs.path)
    }
}

/// A complete `node_modules` layout: every folder and the instance it holds.
package struct Placement: Sendable, Hashable {
    /// Every placed folder, sorted by depth then path.
    package var packages: [PlacedPackage]

    package init(packages: [PlacedPackage]) {
        self.packages = packages.sorted()
    }

    /// Simulates Node's module lookup: from the package folder at `path` (empty for the project
    /// root), which instance does `require(name)` load? `nil` when nothing is found.
    ///
    /// Node looks in `<folder>/node_modules`, then in the `node_modules` of each enclosing package
    /// folder, up to the project root's.
    package func resolve(from path: [String], name: String) -> String? {
        let index = self.index
        var base = path
        while true {
            if let found = index[base + [name]] { return found }
            if base.isEmpty { return nil }
            base.removeLast()
        }
    }

    /// Folder path to instance id, for lookups.
    package var index: [[String]: String] {
        Dictionary(packages.map { ($0.path, $0.nodeID) }, uniquingKeysWith: { first, _ in first })
    }
}
