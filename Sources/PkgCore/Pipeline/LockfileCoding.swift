// The seam between the pipeline and the `pkg.lock` format (PkgModel's `Lockfile` owns the bytes).
import Foundation
import PkgResolver

/// Reads and writes the project's lockfile as a resolved graph.
package protocol LockfileCoding: Sendable {
    /// The locked graph, or `nil` when there is no lockfile.
    func read(path: String) throws -> ResolvedGraph?
    /// The exact bytes to write for `graph`; identical graphs give identical bytes.
    func encode(_ graph: ResolvedGraph, rootName: String?, rootVersion: String?) throws -> Data
}

/// Interim coding until PkgModel's `Lockfile` lands: the resolved graph as sorted JSON.
package struct GraphJSONLockfileCoding: LockfileCoding {
    package init() {}

    /// Packages as an array sorted by id: a dictionary keyed by `PackageID` would encode in
    /// hash order, and the bytes must not change between runs.
    private struct Document: Codable {
        var lockfileVersion: Int
        var name: String?
        var version: String?
        var rootEdges: [String: ResolvedEdge]
        var packages: [ResolvedPackage]
    }

    package func read(path: String) throws -> ResolvedGraph? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            let document = try JSONDecoder().decode(Document.self, from: data)
            return ResolvedGraph(
                rootEdges: document.rootEdges,
                packages: Dictionary(document.packages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            )
        } catch {
            throw InstallError.invalidProjectFile(path: path, reason: "\(error)")
        }
    }

    package func encode(_ graph: ResolvedGraph, rootName: String?, rootVersion: String?) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(Document(
            lockfileVersion: 0, name: rootName, version: rootVersion, rootEdges: graph.rootEdges,
            packages: graph.sortedIDs.compactMap { graph.packages[$0] }
        ))
        data.append(0x0A)
        return data
    }
}
