// The installed tree as npm's arborist `loadActual` sees it: one node per package folder under
// node_modules (read from its package.json), edges from each package's declared dependencies to
// the folder Node's `require` would find, and npm's dependency flags computed from those edges.
//
// Decisions (mirroring arborist, so `pkg ls`/`why`/`outdated` print what npm prints for the same
// node_modules, whoever installed it):
// - The tree is read from the disk, not from pkg.lock: it shows what is really there (extraneous,
//   missing and invalid packages included). `.pkg-state.json` only adds the `resolved` URL.
// - Edge types: `peerDependencies` (peer, or peerOptional per `peerDependenciesMeta`), then
//   `dependencies` (prod), `optionalDependencies` (optional) and, for the root only,
//   `devDependencies` (dev); a later map replaces an earlier one for the same name, as
//   arborist's `_loadDeps` does.
// - An edge resolves to `children[name]` of its dependent, else of the dependent's parent folder,
//   up to the root (Node's module lookup). It is valid when the found version satisfies the range
//   loosely (tags, URLs, git and paths are always valid, as npm cannot check them offline).
// - Flags are reachability from the root: `dev` unless reached through a path whose first edge
//   is not dev; `optional` unless reached through a path without optional edges; `devOptional`
//   unless reached without dev or optional edges; `peer` unless reached without peer edges;
//   `extraneous` when not reached at all.
import Foundation
import PkgModel
import PkgRegistryClient

/// A read-only view of `node_modules` with npm's edges and flags.
package struct InstalledTree: Sendable {
    /// npm's edge types.
    package enum EdgeType: String, Sendable, Hashable {
        case prod, dev, optional, peer, peerOptional

        package var isOptional: Bool { self == .optional || self == .peerOptional }
        package var isPeer: Bool { self == .peer || self == .peerOptional }
    }

    /// A dependency declared by one package (or the root) and what satisfies it on disk.
    package struct Edge: Sendable, Hashable {
        package var from: Int
        package var name: String
        package var spec: String
        package var type: EdgeType
        /// The node Node's lookup finds, or `nil` when nothing is installed under that name.
        package var to: Int?
        /// The found node satisfies `spec`.
        package var isValid: Bool

        /// Nothing is installed and the edge is not optional (arborist's `MISSING`).
        package var isMissing: Bool { to == nil && !type.isOptional }
        /// Something is installed but does not satisfy the range (arborist's `INVALID`).
        package var isInvalid: Bool { to != nil && !isValid }
    }

    /// One package folder (or the project root, index 0).
    package struct Node: Sendable, Hashable {
        /// Relative to the root with `/`: `""` for the root, `node_modules/a/node_modules/b`.
        package var location: String
        /// The absolute folder.
        package var path: String
        /// The folder name (an alias for `npm:` installs); the root's folder basename.
        package var name: String
        /// The manifest; empty when the folder has no readable package.json.
        package var manifest: PackageManifest
        package var hasManifest: Bool
        package var parent: Int?
        /// Folder name → node, for the folders in this node's node_modules.
        package var children: [String: Int] = [:]
        package var edgesOut: [Int] = []
        package var edgesIn: [Int] = []
        package var dev = true
        package var optional = true
        package var devOptional = true
        package var peer = true
        package var extraneous = true
        /// The tarball URL pkg installed it from, when `.pkg-state.json` and pkg.lock say.
        package var resolved: String?

        package var isRoot: Bool { parent == nil }
        package var packageName: String? { manifest.name }
        package var version: String { manifest.version ?? "" }

        /// arborist's `pkgid`: `name@version`, `alias@npm:real@version`, the root by its package name.
        package var pkgid: String {
            if isRoot { return "\(manifest.name ?? name)@\(version)" }
            if let real = manifest.name, real != name { return "\(name)@npm:\(real)@\(version)" }
            return "\(name)@\(version)"
        }

        /// The depth of the folder: 0 for the root, 1 for `node_modules/a`.
        package var depth: Int {
            location.isEmpty ? 0 : location.components(separatedBy: "node_modules/").count - 1
        }
    }

    package var nodes: [Node]
    package var edges: [Edge]

    package var root: Node { nodes[0] }

    /// The manifest of a folder without a readable package.json (arborist's empty package).
    package static let emptyManifest: PackageManifest? = try? PackageManifest(json: .object(JSONObject()))

    /// Reads the project at `directory` and everything under its node_modules.
    /// - Throws: `InspectError.missingManifest` without a root package.json, `.invalidManifest`
    ///   when it does not parse.
    package static func load(projectDirectory directory: String) throws(InspectError) -> InstalledTree {
        let manifestPath = directory + "/package.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw .missingManifest(path: directory)
        }
        let manifest: PackageManifest
        do { manifest = try PackageManifest(parsing: [UInt8](data), file: manifestPath) } catch {
            throw .invalidManifest(path: manifestPath, reason: error.message)
        }
        let root = Node(
            location: "", path: directory, name: (directory as NSString).lastPathComponent,
            manifest: manifest, hasManifest: true, parent: nil
        )
        var tree = InstalledTree(nodes: [root], edges: [])
        tree.loadChildren(of: 0, ancestors: [URL(fileURLWithPath: directory).resolvingSymlinksInPath().path])
        tree.resolved(from: Self.resolvedURLs(projectDirectory: directory))
        for index in tree.nodes.indices { tree.loadEdges(of: index) }
        tree.computeFlags()
        return tree
    }

    /// Builds a tree from nodes already in memory (tests, packing): edges and flags are derived.
    package init(nodes: [Node]) {
        self.nodes = nodes
        self.edges = []
        for index in self.nodes.indices { loadEdges(of: index) }
        computeFlags()
    }

    private init(nodes: [Node], edges: [Edge]) {
        self.nodes = nodes
        self.edges = edges
    }

    /// The folders of `node_modules` under the node, scopes expanded, in name order.
    private mutating func loadChildren(of index: Int, ancestors: Set<String> = []) {
        let folder = nodes[index].path + "/node_modules"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        var names: [String] = []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            if entry.hasPrefix("@") {
                let scoped = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + entry)) ?? []
                names += scoped.sorted().filter { !$0.hasPrefix(".") }.map { entry + "/" + $0 }
            } else {
                names.append(entry)
            }
        }
        for name in names {
            let path = folder + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let data = FileManager.default.contents(atPath: path + "/package.json")
            let manifest = data.flatMap { try? PackageManifest(parsing: [UInt8]($0)) }
            guard let usable = manifest ?? Self.emptyManifest else { continue }
            let location = (nodes[index].location.isEmpty ? "" : nodes[index].location + "/") + "node_modules/" + name
            let child = Node(
                location: location, path: path, name: name, manifest: usable,
                hasManifest: manifest != nil, parent: index
            )
            nodes.append(child)
            let childIndex = nodes.count - 1
            nodes[index].children[name] = childIndex
            // A linked folder (a `file:` dependency) may point back at an ancestor: never walk a
            // real folder twice on one path.
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard !ancestors.contains(real) else { continue }
            loadChildren(of: childIndex, ancestors: ancestors.union([real]))
        }
    }

    /// The node `name` resolves to from `index`: its own node_modules, then each ancestor's.
    package func resolve(_ name: String, from index: Int) -> Int? {
        var current: Int? = index
        while let node = current {
            if let child = nodes[node].children[name] { return child }
            current = nodes[node].parent
        }
        return nil
    }

    private mutating func loadEdges(of index: Int) {
        let manifest = nodes[index].manifest
        var declared: [(String, String, EdgeType)] = []
        var order: [String] = []
        var types: [String: (String, EdgeType)] = [:]
        func add(_ map: [String: String], _ type: (String) -> EdgeType) {
            for name in map.keys.sorted() {
                guard let spec = map[name] else { continue }
                if types[name] == nil { order.append(name) }
                types[name] = (spec, type(name))
            }
        }
        add(manifest.peerDependencies) { manifest.peerDependenciesMeta[$0]?.optional == true ? .peerOptional : .peer }
        add(manifest.dependencies) { _ in .prod }
        add(manifest.optionalDependencies) { _ in .optional }
        if nodes[index].isRoot { add(manifest.devDependencies) { _ in .dev } }
        for name in order {
            guard let (spec, type) = types[name] else { continue }
            declared.append((name, spec, type))
        }
        for (name, spec, type) in declared {
            let target = resolve(name, from: index)
            let valid = target.map { Self.satisfies(nodes[$0], spec: spec) } ?? false
            edges.append(Edge(from: index, name: name, spec: spec, type: type, to: target, isValid: valid))
            let edgeIndex = edges.count - 1
            nodes[index].edgesOut.append(edgeIndex)
            if let target { nodes[target].edgesIn.append(edgeIndex) }
        }
    }

    /// npm's `dep-valid` for the specifiers it can check without the registry.
    package static func satisfies(_ node: Node, spec: String) -> Bool {
        guard let parsed = try? DependencySpecifier(parsing: spec) else { return true }
        return satisfies(node, parsed)
    }

    private static func satisfies(_ node: Node, _ spec: DependencySpecifier) -> Bool {
        switch spec {
        case .version(let text), .range(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed == "*" || trimmed.isEmpty { return true }
            guard let version = Version.parse(node.version, loose: true),
                  let range = try? VersionRange(trimmed, loose: true)
            else { return false }
            return range.satisfied(by: version)
        case .alias(let name, let target):
            return node.packageName == name.description && satisfies(node, target)
        default:
            return true
        }
    }

    /// arborist's `calcDepFlags`, as reachability over the edges (see the file header).
    private mutating func computeFlags() {
        guard !nodes.isEmpty else { return }
        nodes[0].dev = false
        nodes[0].optional = false
        nodes[0].devOptional = false
        nodes[0].peer = false
        nodes[0].extraneous = false
        // Each pass unsets one flag for everything reachable under its rule.
        func reach(_ flag: WritableKeyPath<Node, Bool>, firstEdge: (Edge) -> Bool, laterEdge: (Edge) -> Bool) {
            var queue: [Int] = []
            for edgeIndex in nodes[0].edgesOut {
                let edge = edges[edgeIndex]
                if let to = edge.to, firstEdge(edge), nodes[to][keyPath: flag] {
                    nodes[to][keyPath: flag] = false
                    queue.append(to)
                }
            }
            var head = 0
            while head < queue.count {
                let node = queue[head]
                head += 1
                for edgeIndex in nodes[node].edgesOut {
                    let edge = edges[edgeIndex]
                    if let to = edge.to, laterEdge(edge), nodes[to][keyPath: flag] {
                        nodes[to][keyPath: flag] = false
                        queue.append(to)
                    }
                }
            }
        }
        reach(\.extraneous, firstEdge: { _ in true }, laterEdge: { _ in true })
        reach(\.dev, firstEdge: { $0.type != .dev }, laterEdge: { _ in true })
        reach(\.optional, firstEdge: { !$0.type.isOptional }, laterEdge: { !$0.type.isOptional })
        reach(\.devOptional, firstEdge: { !$0.type.isOptional && $0.type != .dev }, laterEdge: { !$0.type.isOptional })
        reach(\.peer, firstEdge: { !$0.type.isPeer }, laterEdge: { !$0.type.isPeer })
        for index in nodes.indices where nodes[index].extraneous {
            nodes[index].dev = false
            nodes[index].optional = false
            nodes[index].devOptional = false
            nodes[index].peer = false
        }
    }

    /// Folder → tarball URL from `.pkg-state.json` and pkg.lock, for `ls --json`'s `resolved`.
    private static func resolvedURLs(projectDirectory: String) -> [String: String] {
        guard let state = InstallState.load(nodeModules: projectDirectory + "/node_modules"),
              let data = FileManager.default.contents(atPath: projectDirectory + "/" + Project.lockfileName),
              let lockfile = try? LockfileParser.parse(Array(data), file: Project.lockfileName)
        else { return [:] }
        let registry = Self.registry(projectDirectory: projectDirectory)
        var result: [String: String] = [:]
        for (folder, installed) in state.packages {
            guard let key = try? LockfilePackageKey(installed.id), let entry = lockfile.packages[key],
                  let resolved = entry.resolved
            else { continue }
            result[folder] = resolved.url(registry: registry(key.name))
        }
        return result
    }

    /// The registry for a package name, from the project's `.npmrc` chain (npmjs by default).
    private static func registry(projectDirectory: String) -> (String) -> String {
        guard let configuration = try? NpmConfiguration.load(cli: [:], workingDirectory: projectDirectory) else {
            return { _ in "https://registry.npmjs.org/" }
        }
        return { configuration.registry(forPackage: $0) }
    }

    private mutating func resolved(from urls: [String: String]) {
        guard !urls.isEmpty else { return }
        for index in nodes.indices { nodes[index].resolved = urls[nodes[index].location] }
    }
}
