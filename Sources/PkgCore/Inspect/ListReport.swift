// `pkg ls`: npm 10's `npm ls` over an `InstalledTree` (npm/lib/commands/ls.js).
//
// The walk is npm's: breadth first from the root, each node's edges (plus its extraneous
// children) sorted by pkgid; the first time a folder is reached it is listed with its own
// dependencies, later times as `deduped`; an edge with nothing installed is an `UNMET
// DEPENDENCY` (`UNMET OPTIONAL DEPENDENCY` for optional ones); an edge the installed version does
// not satisfy marks it `invalid: "<range>" from <dependent>`. Only the root's direct
// dependencies are expanded unless `--all`, `--depth` or a name filter says otherwise. With
// names, only the matching packages and the chains leading to them are printed.
import Foundation
import PkgModel

/// What `pkg ls` prints, built once and rendered as text, JSON or paths.
package struct ListReport: Sendable {
    package struct Options: Sendable {
        /// Package specs (`name`, `name@range`) to filter by; empty lists everything.
        package var filters: [String] = []
        /// `--depth`; `nil` for the default.
        package var depth: Int?
        /// `--all`.
        package var all = false
        /// `--omit` values applied to the root's edges: `dev`, `optional`, `peer`.
        package var omit: Set<String> = []

        package init(filters: [String] = [], depth: Int? = nil, all: Bool = false, omit: Set<String> = []) {
            self.filters = filters
            self.depth = depth
            self.all = all
            self.omit = omit
        }
    }

    /// One printed line (and its JSON object).
    struct Item: Sendable {
        var label: String
        var key: String
        var json: [(String, JSONValue)]
        var parent: Int?
        var include: Bool
        var children: [Int] = []
    }

    var items: [Item] = []
    /// Problems of included items, in discovery order, without duplicates.
    package private(set) var problems: [String] = []
    /// Absolute folders for `--parseable`, root first.
    package private(set) var parseablePaths: [String] = []
    /// Whether a name filter matched nothing (npm then exits 1 without a message).
    package private(set) var filterMatchedNothing = false

    package init(tree: InstalledTree, options: Options) {
        build(tree: tree, options: options)
    }

    private enum Target {
        case node(Int)
        case missing(name: String, spec: String, optional: Bool, requiredBy: String)
    }

    private struct Visit {
        var target: Target
        var depth: Int
        var parent: Int?
        var dedupe = false
        var invalidSnapshot: String?
        var include: Bool
    }

    private mutating func build(tree: InstalledTree, options: Options) {
        let filters = options.filters.compactMap(Self.parseFilter)
        let unlimited = Int.max
        let depthToPrint = (options.all || !options.filters.isEmpty) ? (options.depth ?? unlimited) : (options.depth ?? 0)
        var seen: [Int: Bool] = [0: true]
        var seenOrder: [Int] = [0]
        var nodeInclude: [Int: Bool] = [0: options.filters.isEmpty]
        var invalid: [Int: String] = [:]
        var problemSet = Set<String>()
        var queue = [Visit(target: .node(0), depth: 0, parent: nil, include: options.filters.isEmpty)]
        var head = 0
        while head < queue.count {
            let visit = queue[head]
            head += 1
            let itemIndex = items.count
            items.append(makeItem(visit, tree: tree, invalid: invalid))
            if visit.include {
                for problem in Self.problems(visit, tree: tree, invalid: invalid) where problemSet.insert(problem).inserted {
                    problems.append(problem)
                }
                var ancestor = visit.parent
                while let index = ancestor {
                    items[index].include = true
                    ancestor = items[index].parent
                }
            }
            guard case .node(let nodeIndex) = visit.target, !visit.dedupe, visit.depth <= depthToPrint else { continue }
            let node = tree.nodes[nodeIndex]
            var children: [(pkgid: String, target: Target, edge: InstalledTree.Edge?)] = []
            var seenPaths = Set<Int>()
            for edgeIndex in node.edgesOut {
                let edge = tree.edges[edgeIndex]
                if visit.depth == 0, Self.omitted(edge, options.omit) { continue }
                if let to = edge.to {
                    seenPaths.insert(to)
                    children.append((tree.nodes[to].pkgid, .node(to), edge))
                } else {
                    children.append(("\(edge.name)@\(edge.spec)", .missing(name: edge.name, spec: edge.spec, optional: edge.type.isOptional, requiredBy: node.pkgid), edge))
                }
            }
            for child in node.children.values where !seenPaths.contains(child) && tree.nodes[child].extraneous {
                children.append((tree.nodes[child].pkgid, .node(child), nil))
            }
            children.sort { Self.localeLess($0.pkgid, $1.pkgid) }
            for child in children {
                var next = Visit(target: child.target, depth: visit.depth + 1, parent: itemIndex, include: true)
                if case .node(let to) = child.target {
                    if let edge = child.edge, edge.isInvalid {
                        let from = tree.nodes[edge.from].isRoot ? "the root project" : tree.nodes[edge.from].location
                        let text = "\(JSONValue.string(edge.spec).serializedString()) from \(from)"
                        invalid[to] = invalid[to].map { $0 + ", " + text } ?? text
                    }
                    if seen[to] != nil {
                        next.dedupe = true
                        next.invalidSnapshot = invalid[to]
                    } else {
                        seen[to] = true
                        seenOrder.append(to)
                    }
                    next.include = filters.isEmpty || filters.contains { Self.matches(tree.nodes[to], $0) }
                    if nodeInclude[to] == nil { nodeInclude[to] = next.include }
                } else {
                    next.include = filters.isEmpty ? true : false
                }
                queue.append(next)
            }
        }
        parseablePaths = seenOrder.filter { nodeInclude[$0] == true }.map { tree.nodes[$0].path }
        for index in items.indices.dropFirst() where items[index].include {
            if let parent = items[index].parent { items[parent].children.append(index) }
        }
        filterMatchedNothing = !options.filters.isEmpty && !items[0].include
    }

    private func makeItem(_ visit: Visit, tree: InstalledTree, invalid: [Int: String]) -> Item {
        switch visit.target {
        case .missing(let name, let spec, let optional, let requiredBy):
            let label = "UNMET \(optional ? "OPTIONAL " : "")DEPENDENCY \(name)@\(spec)"
            var json: [(String, JSONValue)] = []
            if !optional {
                json.append(("required", .string(spec)))
                json.append(("missing", .bool(true)))
                if visit.include {
                    json.append(("problems", .array([.string("missing: \(name)@\(spec), required by \(requiredBy)")])))
                }
            }
            return Item(label: label, key: name, json: json, parent: visit.parent, include: visit.include)
        case .node(let index):
            let node = tree.nodes[index]
            let invalidText = visit.dedupe ? visit.invalidSnapshot : invalid[index]
            var label: String
            if node.isRoot {
                label = node.manifest.raw.isEmpty ? node.path : node.pkgid + " " + node.path
            } else {
                label = node.pkgid
            }
            if visit.dedupe { label += " deduped" }
            if let invalidText { label += " invalid: " + invalidText }
            let extraneous = !visit.dedupe && node.extraneous
            if extraneous { label += " extraneous" }
            var json: [(String, JSONValue)] = []
            if !node.version.isEmpty { json.append(("version", .string(node.version))) }
            if !visit.dedupe, let resolved = node.resolved { json.append(("resolved", .string(resolved))) }
            if !node.isRoot && !visit.dedupe { json.append(("overridden", .bool(false))) }
            if node.isRoot { json.append(("name", .string(node.manifest.name ?? node.name))) }
            if extraneous { json.append(("extraneous", .bool(true))) }
            if let invalidText { json.append(("invalid", .string(invalidText))) }
            let itemProblems = Self.problems(visit, tree: tree, invalid: invalid)
            if visit.include && !itemProblems.isEmpty {
                json.append(("problems", .array(itemProblems.map(JSONValue.string))))
            }
            return Item(label: label, key: node.name, json: json, parent: visit.parent, include: visit.include)
        }
    }

    private static func problems(_ visit: Visit, tree: InstalledTree, invalid: [Int: String]) -> [String] {
        switch visit.target {
        case .missing(let name, let spec, let optional, let requiredBy):
            return optional ? [] : ["missing: \(name)@\(spec), required by \(requiredBy)"]
        case .node(let index):
            let node = tree.nodes[index]
            var result: [String] = []
            if (visit.dedupe ? visit.invalidSnapshot : invalid[index]) != nil { result.append("invalid: \(node.pkgid) \(node.path)") }
            if !visit.dedupe && node.extraneous { result.append("extraneous: \(node.pkgid) \(node.path)") }
            return result
        }
    }

    private static func omitted(_ edge: InstalledTree.Edge, _ omit: Set<String>) -> Bool {
        (omit.contains("dev") && edge.type == .dev) || (omit.contains("optional") && edge.type.isOptional)
            || (omit.contains("peer") && edge.type.isPeer)
    }

    private static func parseFilter(_ text: String) -> (name: String, spec: String)? {
        let (name, spec) = PackageSpecSplit.split(text)
        return name.isEmpty ? nil : (name, spec.isEmpty ? "*" : spec)
    }

    private static func matches(_ node: InstalledTree.Node, _ filter: (name: String, spec: String)) -> Bool {
        node.name == filter.name && InstalledTree.satisfies(node, spec: filter.spec)
    }

    /// `localeCompare(…, 'en')` as npm sorts pkgids.
    static func localeLess(_ lhs: String, _ rhs: String) -> Bool {
        NameCollation.precedes(lhs, rhs)
    }

    // MARK: rendering

    /// npm's human output (archy), with the trailing blank line `console.log` adds.
    package var text: String {
        var output = items[0].label + "\n"
        let children = items[0].children
        if children.isEmpty {
            output += "└── (empty)\n"
        } else {
            render(children, prefix: "", into: &output)
        }
        return output
    }

    private func render(_ children: [Int], prefix: String, into output: inout String) {
        for (position, index) in children.enumerated() {
            let last = position == children.count - 1
            let item = items[index]
            output += prefix + (last ? "└" : "├") + "─" + (item.children.isEmpty ? "─" : "┬") + " " + item.label + "\n"
            render(item.children, prefix: prefix + (last ? "  " : "│ "), into: &output)
        }
    }

    /// npm's `--json` output (`JSON.stringify(result, null, 2)`), with the `error` member npm's
    /// error handler adds when the tree has problems.
    package var json: String {
        guard case .object(var object) = jsonValue(0, isRoot: true) else { return "" }
        if failure != nil {
            object["error"] = .object(JSONObject([
                ("code", .string("ELSPROBLEMS")), ("summary", .string(problems.joined(separator: "\n"))), ("detail", .string("")),
            ]))
        }
        return JSONValue.object(object).serializedString(.pretty)
    }

    private func jsonValue(_ index: Int, isRoot: Bool) -> JSONValue {
        let item = items[index]
        var object = JSONObject(item.json)
        if isRoot && !problems.isEmpty { object["problems"] = .array(problems.map(JSONValue.string)) }
        if !item.children.isEmpty {
            var dependencies = JSONObject()
            for child in item.children { dependencies[items[child].key] = jsonValue(child, isRoot: false) }
            object["dependencies"] = .object(dependencies)
        }
        return .object(object)
    }

    /// npm's `--parseable` output: one absolute folder per line.
    package var parseable: String {
        parseablePaths.joined(separator: "\n")
    }

    /// The error npm ends with: missing or invalid packages (extraneous ones alone are not an error).
    package var failure: InspectError? {
        problems.allSatisfy { $0.hasPrefix("extraneous:") } ? nil : .treeProblems(problems)
    }
}

/// Splits `name@spec` (`@scope/name@spec` too) as npm-package-arg does for registry specs.
package enum PackageSpecSplit {
    package static func split(_ text: String) -> (name: String, spec: String) {
        let searchStart = text.hasPrefix("@") ? text.index(after: text.startIndex) : text.startIndex
        guard let at = text[searchStart...].firstIndex(of: "@") else { return (text, "") }
        return (String(text[..<at]), String(text[text.index(after: at)...]))
    }
}
