// `pkg outdated`: npm 10's `npm outdated` (npm/lib/commands/outdated.js) over an `InstalledTree`.
//
// - Edges checked: the root's (every node's too with `--all`), or with names the edges into the
//   installed folders of those names. Only registry specifiers are checked; a missing dev,
//   optional or peer dependency is not reported (a missing prod one is, as `MISSING`).
// - `wanted` is the version the resolver would pick for the edge's range, `latest` the one it
//   would pick for `*` (the `latest` dist-tag); a row is printed when the installed version is
//   not `wanted` or `wanted` is not `latest`. A package the registry does not know, or a range
//   nothing satisfies, is skipped, as npm skips E404 and ETARGET.
// - Rows are sorted by name, then dependent. The dependent of a root edge is the root folder's
//   name (arborist names the root node after its folder).
import Foundation
import PkgModel
import PkgResolver

/// One outdated dependency edge.
package struct OutdatedRow: Sendable, Hashable {
    package var name: String
    /// The installed version; `nil` when nothing is installed.
    package var current: String?
    package var wanted: String
    package var latest: String
    /// `node_modules/a`; `nil` when nothing is installed.
    package var location: String?
    /// The absolute folder; `nil` when nothing is installed.
    package var path: String?
    package var dependent: String
    /// `dependencies`, `devDependencies`, `optionalDependencies` or `peerDependencies`.
    package var type: String
}

/// Builds and prints `pkg outdated` rows.
package enum OutdatedReport {
    /// The edges `npm outdated` checks, in a stable order.
    package static func edges(in tree: InstalledTree, names: [String], all: Bool) -> [InstalledTree.Edge] {
        var selected: [Int] = []
        var seen = Set<Int>()
        func add(_ edge: Int) { if seen.insert(edge).inserted { selected.append(edge) } }
        if !names.isEmpty {
            for name in names {
                for node in tree.nodes.indices where !tree.nodes[node].isRoot && tree.nodes[node].name == name {
                    tree.nodes[node].edgesIn.forEach(add)
                }
            }
        } else {
            if all { for node in tree.nodes.indices { tree.nodes[node].edgesOut.forEach(add) } }
            tree.root.edgesOut.forEach(add)
        }
        return selected.map { tree.edges[$0] }
    }

    /// The rows for `edges`, fetching each package's metadata once through `metadata`.
    /// - Parameter omit: `dev`, `optional`, `peer`: installed packages with that flag are skipped.
    package static func rows(
        tree: InstalledTree, edges: [InstalledTree.Edge], omit: Set<String> = [],
        metadata: @escaping @Sendable (String) async throws -> PackageMetadata?
    ) async throws -> [OutdatedRow] {
        struct Candidate: Sendable {
            var edge: InstalledTree.Edge
            var packageName: String
            var registrySpec: String
        }
        var candidates: [Candidate] = []
        for edge in edges {
            if let to = edge.to {
                let node = tree.nodes[to]
                if (omit.contains("dev") && node.dev) || (omit.contains("optional") && node.optional) || (omit.contains("peer") && node.peer) {
                    continue
                }
            }
            if edge.to == nil && Self.type(edge) != "dependencies" { continue }
            guard let specifier = try? DependencySpecifier(parsing: edge.spec), specifier.isRegistry else { continue }
            var packageName = edge.name
            if case .alias(let target, _) = specifier { packageName = target.description }
            candidates.append(Candidate(edge: edge, packageName: packageName, registrySpec: specifier.registrySpec ?? "*"))
        }
        let names = Set(candidates.map(\.packageName))
        let fetched = try await withThrowingTaskGroup(of: (String, PackageMetadata?).self) { group in
            for name in names { group.addTask { (name, try await metadata(name)) } }
            var result: [String: PackageMetadata] = [:]
            for try await (name, value) in group { result[name] = value }
            return result
        }
        var rows: [OutdatedRow] = []
        for candidate in candidates {
            guard let packageMetadata = fetched[candidate.packageName],
                  let wanted = await VersionChoice.pick(candidate.registrySpec, from: packageMetadata),
                  let latest = await VersionChoice.pick("*", from: packageMetadata)
            else { continue }
            let edge = candidate.edge
            let node = edge.to.map { tree.nodes[$0] }
            let current = node.map(\.version)
            guard current != wanted || wanted != latest else { continue }
            let isAlias = candidate.packageName != edge.name
            rows.append(OutdatedRow(
                name: isAlias ? edge.spec.replacingOccurrences(of: "npm", with: edge.name, options: [], range: edge.spec.range(of: "npm")) : edge.name,
                current: current, wanted: wanted, latest: latest,
                location: node?.location, path: node?.path,
                dependent: tree.nodes[edge.from].name, type: Self.type(edge)
            ))
        }
        return rows.sorted {
            if $0.name != $1.name { return ListReport.localeLess($0.name, $1.name) }
            return ListReport.localeLess($0.dependent, $1.dependent)
        }
    }

    static func type(_ edge: InstalledTree.Edge) -> String {
        if edge.type.isOptional { return "optionalDependencies" }
        if edge.type.isPeer { return "peerDependencies" }
        if edge.type == .dev { return "devDependencies" }
        return "dependencies"
    }

    /// npm's table (text-table, columns aligned left, right, right, right, left, left).
    package static func table(_ rows: [OutdatedRow]) -> String {
        guard !rows.isEmpty else { return "" }
        let header = ["Package", "Current", "Wanted", "Latest", "Location", "Depended by"]
        let body = rows.map { [$0.name, $0.current ?? "MISSING", $0.wanted, $0.latest, $0.location ?? "-", $0.dependent] }
        let all = [header] + body
        let rightAligned: Set<Int> = [1, 2, 3]
        var widths = Array(repeating: 0, count: header.count)
        for row in all { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        return all.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }

    /// npm's `--json`: name → row, or name → array of rows when several edges share the name.
    package static func json(_ rows: [OutdatedRow]) -> String {
        var object = JSONObject()
        for row in rows {
            var pairs: [(String, JSONValue)] = []
            if let current = row.current { pairs.append(("current", .string(current))) }
            pairs += [("wanted", .string(row.wanted)), ("latest", .string(row.latest)), ("dependent", .string(row.dependent))]
            if let path = row.path { pairs.append(("location", .string(path))) }
            let value = JSONValue.object(JSONObject(pairs))
            switch object[row.name] {
            case .array(let existing)?: object[row.name] = .array(existing + [value])
            case let existing?: object[row.name] = .array([existing, value])
            case nil: object[row.name] = value
            }
        }
        return JSONValue.object(object).serializedString(.pretty)
    }

    /// npm's `--parseable`: `path:name@wanted:name@current:name@latest:dependent`.
    package static func parseable(_ rows: [OutdatedRow]) -> String {
        rows.map { row in
            [row.path ?? "", "\(row.name)@\(row.wanted)", row.current.map { "\(row.name)@\($0)" } ?? "MISSING",
             "\(row.name)@\(row.latest)", row.dependent].joined(separator: ":")
        }.joined(separator: "\n")
    }
}

/// The resolver's version choice for one specifier of one package: the version `pkg install`
/// would pick, so `wanted` never disagrees with what an install does.
package enum VersionChoice {
    /// The chosen version, or `nil` when nothing satisfies `specifier` (ETARGET).
    package static func pick(_ specifier: String, from metadata: PackageMetadata) async -> String? {
        var leaf = metadata
        for (key, var version) in leaf.versions {
            version.dependencies = [:]
            version.optionalDependencies = [:]
            version.peerDependencies = [:]
            version.peerDependenciesMeta = [:]
            leaf.versions[key] = version
        }
        let resolver = Resolver(source: SinglePackageSource(known: leaf))
        let request = ResolutionRequest(dependencies: [metadata.name: specifier], options: ResolutionOptions())
        guard let resolution = try? await resolver.resolve(request) else { return nil }
        return resolution.graph.rootEdges[metadata.name]?.target?.version
    }
}

/// A package source that knows one package.
private struct SinglePackageSource: PackageSource {
    var known: PackageMetadata

    func metadata(for name: String) async throws -> PackageMetadataResult {
        name == known.name ? .found(known) : .notFound
    }
}
