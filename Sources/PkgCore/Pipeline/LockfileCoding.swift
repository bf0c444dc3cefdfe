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

    private struct Document: Codable {
        var lockfileVersion: Int
        var name: String?
        var version: String?
        var graph: ResolvedGraph
    }

    package func read(path: String) throws -> ResolvedGraph? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(Document.self, from: data).graph
        } catch {
            throw InstallError.invalidProjectFile(path: path, reason: "\(error)")
        }
    }

    package func encode(_ graph: ResolvedGraph, rootName: String?, rootVersion: String?) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(Document(lockfileVersion: 0, name: rootName, version: rootVersion, graph: graph))
        data.append(0x0A)
        return data
    }
}
