/// One way an importer's recorded specifiers differ from its current manifest.
///
/// `pkg ci` refuses a stale lockfile and prints every mismatch, so the user sees in one run
/// everything `pkg install` would change.
public enum LockfileMismatch: Sendable, Hashable, CustomStringConvertible {
    /// The manifest has an importer (a workspace) the lockfile does not.
    case missingImporter(path: String)
    /// The manifest declares a dependency the lockfile does not record.
    case added(importer: String, kind: LockfileDependencyKind, name: String, specifier: String)
    /// The lockfile records a dependency the manifest no longer declares.
    case removed(importer: String, kind: LockfileDependencyKind, name: String, specifier: String)
    /// The specifier differs between the manifest and the lockfile.
    case changed(importer: String, kind: LockfileDependencyKind, name: String, locked: String, manifest: String)

    /// One line for `pkg ci`'s error detail.
    public var description: String {
        switch self {
        case .missingImporter(let path):
            "importer `\(path)` is not in the lockfile"
        case .added(let importer, let kind, let name, let specifier):
            "`\(name)@\(specifier)` in \(kind.rawValue) of `\(importer)` is not in the lockfile"
        case .removed(let importer, let kind, let name, let specifier):
            "`\(name)@\(specifier)` is locked in \(kind.rawValue) of `\(importer)` but no longer declared"
        case .changed(let importer, let kind, let name, let locked, let manifest):
            "`\(name)` in \(kind.rawValue) of `\(importer)` is `\(manifest)`, but the lockfile has `\(locked)`"
        }
    }
}

extension Lockfile {
    /// Compares an importer's recorded specifiers with a manifest's dependency maps.
    ///
    /// - Parameters:
    ///   - importer: the importer path, `"."` for the root.
    ///   - specifiers: the manifest's maps by kind, name to specifier as written.
    /// - Returns: every difference, ordered by kind then name; empty when the lockfile is current.
    public func isUpToDate(
        importer path: String = Lockfile.rootImporter,
        specifiers: [LockfileDependencyKind: [String: String]]
    ) -> [LockfileMismatch] {
        guard let importer = importers[path] else {
            let declaresAny = specifiers.values.contains { !$0.isEmpty }
            return declaresAny ? [.missingImporter(path: path)] : []
        }
        var mismatches: [LockfileMismatch] = []
        for kind in LockfileDependencyKind.allCases {
            let locked = importer.specifiers(kind)
            let wanted = specifiers[kind] ?? [:]
            for name in Set(locked.keys).union(wanted.keys).sorted() {
                switch (locked[name], wanted[name]) {
                case (nil, let specifier?):
                    mismatches.append(.added(importer: path, kind: kind, name: name, specifier: specifier))
                case (let specifier?, nil):
                    mismatches.append(.removed(importer: path, kind: kind, name: name, specifier: specifier))
                case (let old?, let new?) where old != new:
                    mismatches.append(.changed(importer: path, kind: kind, name: name, locked: old, manifest: new))
                default:
                    break
                }
            }
        }
        return mismatches
    }
}
