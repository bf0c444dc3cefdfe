/// The dependency maps of a manifest, as the lockfile records them for each importer and package.
///
/// Kinds are kept apart because they install differently: dev edges are omitted by
/// `--omit=dev`, optional edges may fail, and peer edges are satisfied by the dependent's parent.
public enum LockfileDependencyKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case dependencies
    case devDependencies
    case optionalDependencies
    case peerDependencies

    public static func < (lhs: LockfileDependencyKind, rhs: LockfileDependencyKind) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
}
