// `pkg why <name>` (npm's `npm explain`): for each installed copy of a package, the chains of
// dependents from it back to the project (arborist `Node.explain`, npm/lib/utils/explain-dep.js).
//
// Rules kept from npm:
// - A copy's dependents are its incoming edges, minus invalid ones from packages (an invalid edge
//   does not hold it in place); the root's edges always count.
// - Each dependent is explained recursively; a node already on the current chain is printed
//   without its location and dependents (the cycle stops there). Explanations are memoised per
//   node, as arborist caches them, so a shared dependent reads the same everywhere.
// - Text: `name@version` plus ` dev`/` optional`/` peer`/` extraneous` for the explained copy,
//   its location, then each edge indented by two spaces: `[type ]name@"spec" from <dependent>`,
//   with `the root project` for the root. Copies are separated by a blank line.
import Foundation
import PkgModel

/// The explanation of one installed package folder.
package indirect enum Explanation: Sendable, Hashable {
    /// The project root.
    case root(path: String)
    /// A package folder; `location` and `dependents` are absent when it closes a cycle.
    case package(name: String, version: String, location: String?, dependents: [DependentEdge]?, flags: Flags?)

    package struct Flags: Sendable, Hashable {
        package var extraneous = false
        package var dev = false
        package var optional = false
        package var devOptional = false
        package var peer = false
        package var bundled = false
    }

    package struct DependentEdge: Sendable, Hashable {
        package var type: InstalledTree.EdgeType
        package var name: String
        package var spec: String
        package var bundled: Bool
        package var invalid: Bool
        package var from: Explanation
    }

    /// Explains every installed folder matching `argument`: a package name, a location
    /// (`node_modules/a`), or `name@range`.
    /// - Throws: `InspectError.noMatch` when nothing matches.
    package static func explain(_ arguments: [String], in tree: InstalledTree) throws(InspectError) -> [Explanation] {
        var selected: [Int] = []
        for argument in arguments {
            for index in matches(argument, in: tree) where !selected.contains(index) { selected.append(index) }
        }
        guard !selected.isEmpty else { throw .noMatch(arguments: arguments) }
        var builder = Builder(tree: tree)
        let explanations = selected.map { builder.explain($0, seen: []) }
        // npm sets the flags on its memoised explanation objects, so a selected package shows
        // them wherever its full explanation appears, in every chain.
        var flagsByLocation: [String: Flags] = [:]
        for index in selected {
            let node = tree.nodes[index]
            var flags = Flags()
            if node.extraneous {
                flags.extraneous = true
            } else {
                flags.dev = node.dev
                flags.optional = node.optional
                flags.devOptional = node.devOptional
                flags.peer = node.peer
            }
            flagsByLocation[node.location] = flags
        }
        return explanations.map { $0.withFlags(flagsByLocation) }
    }

    private func withFlags(_ flagsByLocation: [String: Flags]) -> Explanation {
        guard case .package(let name, let version, let location, let dependents, let flags) = self else { return self }
        let updated = dependents?.map { edge -> DependentEdge in
            var edge = edge
            edge.from = edge.from.withFlags(flagsByLocation)
            return edge
        }
        return .package(name: name, version: version, location: location, dependents: updated, flags: location.flatMap { flagsByLocation[$0] } ?? flags)
    }

    /// The folders an argument names, in npm's inventory order (shallowest first, then by location).
    static func matches(_ argument: String, in tree: InstalledTree) -> [Int] {
        let ordered = tree.nodes.indices.dropFirst().sorted {
            let (left, right) = (tree.nodes[$0], tree.nodes[$1])
            return left.depth != right.depth ? left.depth < right.depth : left.location < right.location
        }
        if (try? PackageName(argument)) != nil {
            return ordered.filter { tree.nodes[$0].packageName == argument }
        }
        let location = argument.replacingOccurrences(of: "\\", with: "/").trimmingSuffix("/")
        if let index = ordered.first(where: { tree.nodes[$0].location == location }) { return [index] }
        let (name, spec) = PackageSpecSplit.split(argument)
        guard !name.isEmpty, !spec.isEmpty, (try? VersionRange(spec, loose: true)) != nil else { return [] }
        return ordered.filter { tree.nodes[$0].packageName == name && InstalledTree.satisfies(tree.nodes[$0], spec: spec) }
    }

    private struct Builder {
        let tree: InstalledTree
        var cache: [Int: Explanation] = [:]

        mutating func explain(_ index: Int, seen: [Int]) -> Explanation {
            if let cached = cache[index] { return cached }
            let node = tree.nodes[index]
            if node.isRoot { return .root(path: node.path) }
            let name = node.name
            if seen.contains(index) {
                return .package(name: name, version: node.version, location: nil, dependents: nil, flags: nil)
            }
            let chain = seen + [index]
            var dependents: [DependentEdge] = []
            for edgeIndex in node.edgesIn {
                let edge = tree.edges[edgeIndex]
                let from = tree.nodes[edge.from]
                if !edge.isValid && !from.isRoot { continue }
                dependents.append(DependentEdge(
                    type: edge.type, name: edge.name, spec: edge.spec,
                    bundled: from.manifest.bundleDependencies?.contains(edge.name) ?? false,
                    invalid: !edge.isValid, from: explain(edge.from, seen: chain)
                ))
            }
            let result = Explanation.package(name: name, version: node.version, location: node.location, dependents: dependents, flags: nil)
            cache[index] = result
            return result
        }
    }

    // MARK: rendering

    /// npm's text for several explanations, separated by blank lines.
    package static func text(_ explanations: [Explanation]) -> String {
        explanations.map(\.text).joined(separator: "\n\n")
    }

    /// npm's `explainNode` text.
    package var text: String {
        guard case .package(_, _, _, let dependents, _) = self else { return "" }
        return printed + Self.dependentsText(dependents ?? [])
    }

    private var printed: String {
        switch self {
        case .root: return "the root project"
        case .package(let name, let version, let location, _, let flags):
            var line = "\(name)@\(version)"
            if let flags {
                for (on, word) in [(flags.extraneous, "extraneous"), (flags.dev, "dev"), (flags.optional, "optional"), (flags.peer, "peer"), (flags.bundled, "bundled")] where on {
                    line += " " + word
                }
            }
            if let location { line += "\n" + location }
            return line
        }
    }

    private static func dependentsText(_ dependents: [DependentEdge]) -> String {
        guard !dependents.isEmpty else { return "" }
        let messages = dependents.map { edge -> String in
            let type = edge.type == .prod ? "" : edge.type.rawValue + " "
            let bundled = edge.bundled ? "bundled " : ""
            return type + bundled + "\(edge.name)@\"\(edge.spec)\" from " + edge.from.fromText
        }
        return ("\n" + messages.joined(separator: "\n")).replacingOccurrences(of: "\n", with: "\n  ")
    }

    private var fromText: String {
        switch self {
        case .root: return "the root project"
        case .package(_, _, _, let dependents, _): return printed + Self.dependentsText(dependents ?? [])
        }
    }

    // MARK: JSON

    /// npm's `--json` array.
    package static func json(_ explanations: [Explanation]) -> String {
        JSONValue.array(explanations.map(\.jsonValue)).serializedString(.pretty)
    }

    var jsonValue: JSONValue {
        switch self {
        case .root(let path):
            return .object(JSONObject([("location", .string(path))]))
        case .package(let name, let version, let location, let dependents, let flags):
            var pairs: [(String, JSONValue)] = [("name", .string(name)), ("version", .string(version))]
            if let location {
                pairs.append(("location", .string(location)))
                pairs.append(("isWorkspace", .bool(false)))
            }
            if let dependents {
                pairs.append(("dependents", .array(dependents.map { edge in
                    var edgePairs: [(String, JSONValue)] = [("type", .string(edge.type.rawValue)), ("name", .string(edge.name)), ("spec", .string(edge.spec))]
                    if edge.bundled { edgePairs.append(("bundled", .bool(true))) }
                    if edge.invalid { edgePairs.append(("error", .string("INVALID"))) }
                    edgePairs.append(("from", edge.from.jsonValue))
                    return .object(JSONObject(edgePairs))
                })))
            }
            if let flags {
                if flags.extraneous {
                    pairs.append(("extraneous", .bool(true)))
                } else {
                    pairs += [("dev", .bool(flags.dev)), ("optional", .bool(flags.optional)), ("devOptional", .bool(flags.devOptional)),
                              ("peer", .bool(flags.peer)), ("bundled", .bool(flags.bundled)), ("overridden", .bool(false))]
                }
            }
            return .object(JSONObject(pairs))
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: Character) -> String {
        var result = self
        while result.last == suffix { result.removeLast() }
        return result
    }
}
