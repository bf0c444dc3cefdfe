// The seam between the pipeline and the `pkg.lock` format (PkgModel's `Lockfile` owns the bytes).
import Foundation
import PkgModel
import PkgResolver

/// Reads and writes the project's lockfile as a resolved graph.
package protocol LockfileCoding: Sendable {
    /// The locked graph, or `nil` when there is no lockfile.
    func read(path: String) throws -> ResolvedGraph?
    /// The exact bytes to write for `graph`; identical graphs give identical bytes.
    func encode(_ graph: ResolvedGraph, rootName: String?, rootVersion: String?) throws -> Data
}
