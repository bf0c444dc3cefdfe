// The node_modules hoister: a pure function from a resolved graph to a folder layout.
//
// Like npm's arborist (place-dep.js), it places the root's dependencies first, then walks the
// graph breadth first, each package's edges in alphabetical order, and puts every dependency as
// high in the tree as it can go: the project's `node_modules` when the name is free there,
// otherwise the highest folder between the conflict and the dependent. A placement is refused
// when it would shadow a name that an already-processed package below it resolves, through Node's
// lookup, to a different instance. So every processed edge stays correct as the tree grows, and
// the final tree resolves every edge of every package (the property test checks exactly this by
// simulating Node's lookup).
//
// Some cyclic graphs have no finite layout without symlinks (a@1 → b@1 → a@2 → b@2 → a@1): each
// nested copy needs another copy below it. Those stop at `maximumDepth` with `ELAYOUT`.

/// Computes where each package goes in `node_modules`.
package enum Hoister {
    /// Nesting deeper than this means an unlayable cycle; real trees stay far below it.
    package static let maximumDepth = 48

    /// Lays out `graph` so every edge resolves, hoisting as high as possible and nesting only on
    /// conflict.
    /// - Throws: `InstallError.invalidFolderName` for an edge name that is not a package folder,
    ///   `.missingGraphNode` for an edge to an unknown instance, `.unlayableCycle` for a cycle that
    ///   needs unbounded nesting.
    package static func place(_ graph: LayoutGraph) throws(InstallError) -> Placement {
        var tree = LocationTree()
        var queue: [Int] = []
        for name in graph.rootDependencies.keys.sorted() {
            guard let target = graph.rootDependencies[name] else { continue }
            try validate(name: name, target: target, dependent: nil, graph: graph)
            queue.append(tree.add(name: name, nodeID: target, under: 0))
        }
        var cursor = 0
        while cursor < queue.count {
            let location = queue[cursor]
            cursor += 1
            guard let nodeID = tree.locations[location].nodeID, let node = graph.nodes[nodeID] else { continue }
            tree.markProcessed(location, dependencyNames: node.dependencies.keys)
            for name in node.dependencies.keys.sorted() {
                guard let target = node.dependencies[name] else { continue }
                try validate(name: name, target: target, dependent: nodeID, graph: graph)
                let isPeer = node.peers.contains(name)
                if let placed = try placeEdge(name: name, target: target, isPeer: isPeer, from: location, tree: &tree, graph: graph) {
                    queue.append(placed)
                }
            }
        }
        return Placement(packages: tree.placedPackages())
    }

    /// Makes `require(name)` from `dependent` load `target`; returns the new folder, if one was made.
    private static func placeEdge(
        name: String, target: String, isPeer: Bool, from dependent: Int, tree: inout LocationTree, graph: LayoutGraph
    ) throws(InstallError) -> Int? {
        let chain = tree.chain(to: dependent)
        var start = 0
        if let holder = tree.lookup(name: name, from: dependent) {
            let found = tree.locations[holder].children[name].flatMap { tree.locations[$0].nodeID }
            if found == target { return nil }
            // The holder conflicts and shadows everything above it: only folders below it remain.
            start = (chain.firstIndex(of: holder) ?? chain.count - 1) + 1
        }
        // A peer goes beside its dependent, so the dependent's own folder is not a candidate.
        let end = isPeer && chain.count > 1 ? chain.count - 1 : chain.count
        var folder = dependent
        for candidate in chain[start..<max(start, end)] where canPlace(name: name, target: target, at: candidate, tree: tree, graph: graph) {
            folder = candidate
            break
        }
        // The dependent's own folder always accepts (nothing below it is processed yet); a peer that
        // fits nowhere beside its dependent nests inside it rather than resolve wrongly.
        let depth = tree.locations[folder].depth + 1
        guard depth <= maximumDepth else {
            throw .unlayableCycle(package: target, depth: depth)
        }
        return tree.add(name: name, nodeID: target, under: folder)
    }

    /// Whether adding `name → target` under `folder` keeps every processed edge below it intact.
    ///
    /// Only processed folders below `folder` whose package has an edge named `name` can be
    /// affected. The check visits the smaller of two sets: the folders below `folder`, or the
    /// processed folders anywhere that have such an edge (indexed by name). At the root the
    /// second is a handful where the first is the whole tree (walking it was a sixteenth of a
    /// `pkg ci`'s CPU on a 2,500-package project); deep in a large tree the first is smaller.
    private static func canPlace(name: String, target: String, at folder: Int, tree: LocationTree, graph: LayoutGraph) -> Bool {
        let folderDepth = tree.locations[folder].depth
        func breaksAnEdge(from location: Int) -> Bool {
            guard let nodeID = tree.locations[location].nodeID,
                  let wanted = graph.nodes[nodeID]?.dependencies[name], wanted != target,
                  let holder = tree.lookup(name: name, from: location)
            else { return false }
            let current = tree.locations[holder].children[name].flatMap { tree.locations[$0].nodeID }
            return tree.locations[holder].depth < folderDepth && current == wanted
        }
        let dependents = tree.processedDependents(of: name)
        if dependents.count < tree.locations[folder].subtreeSize {
            return !dependents.contains { tree.isInside($0, folder: folder) && breaksAnEdge(from: $0) }
        }
        var stack = [folder]
        while let location = stack.popLast() {
            stack.append(contentsOf: tree.locations[location].children.values)
            if tree.locations[location].processed && breaksAnEdge(from: location) { return false }
        }
        return true
    }

    private static func validate(name: String, target: String, dependent: String?, graph: LayoutGraph) throws(InstallError) {
        guard FolderName.isValid(name) else {
            throw .invalidFolderName(name: name, requiredBy: dependent)
        }
        guard graph.nodes[target] != nil else {
            throw .missingGraphNode(id: target, requiredBy: dependent)
        }
    }
}

/// The growing tree of package folders; index 0 is the project root.
private struct LocationTree {
    struct Location {
        var parent: Int?
        var name: String
        var nodeID: String?
        var depth: Int
        var children: [String: Int] = [:]
        /// Whether its edges were placed (they count in `canPlace` from then on).
        var processed = false
        /// Folders in its subtree, itself included.
        var subtreeSize = 1
    }

    var locations = [Location(parent: nil, name: "", nodeID: nil, depth: 0)]
    /// Dependency name → the processed locations whose package has an edge of that name.
    private var dependentsByName: [String: [Int]] = [:]

    /// Marks `location` processed: its edges (`dependencyNames`) now count in `canPlace`.
    mutating func markProcessed(_ location: Int, dependencyNames: some Sequence<String>) {
        locations[location].processed = true
        for name in dependencyNames { dependentsByName[name, default: []].append(location) }
    }

    /// The processed locations whose package has an edge named `name`.
    func processedDependents(of name: String) -> [Int] {
        dependentsByName[name] ?? []
    }

    /// Whether `location` is `folder` or lies below it.
    func isInside(_ location: Int, folder: Int) -> Bool {
        let folderDepth = locations[folder].depth
        var current = location
        while locations[current].depth > folderDepth, let parent = locations[current].parent { current = parent }
        return current == folder
    }

    mutating func add(name: String, nodeID: String, under parent: Int) -> Int {
        locations.append(Location(parent: parent, name: name, nodeID: nodeID, depth: locations[parent].depth + 1))
        let index = locations.count - 1
        locations[parent].children[name] = index
        var ancestor: Int? = parent
        while let current = ancestor {
            locations[current].subtreeSize += 1
            ancestor = locations[current].parent
        }
        return index
    }

    /// Root first, ending with `location`.
    func chain(to location: Int) -> [Int] {
        var result: [Int] = []
        var current: Int? = location
        while let index = current {
            result.append(index)
            current = locations[index].parent
        }
        return result.reversed()
    }

    /// Node's lookup: the nearest folder, from `location` upwards, whose `node_modules` has `name`.
    func lookup(name: String, from location: Int) -> Int? {
        var current: Int? = location
        while let index = current {
            if locations[index].children[name] != nil { return index }
            current = locations[index].parent
        }
        return nil
    }

    func placedPackages() -> [PlacedPackage] {
        var result: [PlacedPackage] = []
        result.reserveCapacity(locations.count)
        var paths: [[String]] = Array(repeating: [], count: locations.count)
        for index in locations.indices.dropFirst() {
            let location = locations[index]
            guard let parent = location.parent, let nodeID = location.nodeID else { continue }
            paths[index] = paths[parent] + [location.name]
            result.append(PlacedPackage(path: paths[index], nodeID: nodeID))
        }
        return result
    }
}
