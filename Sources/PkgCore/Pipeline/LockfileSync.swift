// `pkg ci`'s check: does pkg.lock still describe package.json? Compared per root dependency, in
// npm's words (NPM-SEMANTICS.md section 8.6).
import PkgModel
import PkgResolver

package enum LockfileSync {
    /// One line per difference, sorted; empty when in sync.
    package static func differences(manifest: PackageManifest, locked: ResolvedGraph) -> [String] {
        var declared: [String: (kind: PkgModel.DependencyKind, spec: String)] = [:]
        for (name, spec) in manifest.peerDependencies { declared[name] = (.peer, spec) }
        for (name, spec) in manifest.optionalDependencies { declared[name] = (.optional, spec) }
        for (name, spec) in manifest.dependencies where declared[name]?.kind != .optional { declared[name] = (.production, spec) }
        for (name, spec) in manifest.devDependencies where declared[name] == nil || declared[name]?.kind == .peer {
            declared[name] = (.dev, spec)
        }
        var lines: [String] = []
        for name in declared.keys.sorted() {
            guard let wanted = declared[name] else { continue }
            guard let edge = locked.rootEdges[name] else {
                lines.append("Missing: \(name)@\(wanted.spec) from lock file")
                continue
            }
            if edge.specifier != wanted.spec {
                lines.append("Invalid: lock file's \(name)@\(edge.specifier) does not satisfy \(name)@\(wanted.spec)")
            }
        }
        for name in locked.rootEdges.keys.sorted() where declared[name] == nil {
            lines.append("Extraneous: \(name) is in the lock file but not in package.json")
        }
        return lines
    }
}
