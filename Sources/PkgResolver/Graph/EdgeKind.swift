/// The type of a dependency edge, as arborist types edges (package.json's maps are
/// `PkgModel.EdgeKind`; an edge adds `peerOptional` and knows that `dev` exists only at the root).
public enum EdgeKind: String, Sendable, Hashable, CaseIterable {
    /// `dependencies`.
    case prod
    /// The root's `devDependencies` (dependencies' devDependencies are never edges).
    case dev
    /// `optionalDependencies`: a failure to resolve or a platform mismatch skips it.
    case optional
    /// `peerDependencies`: resolved in the dependent's parent context, installed automatically.
    case peer
    /// A peer marked optional in `peerDependenciesMeta`: checked if present, never installed alone.
    case peerOptional

    /// Whether a resolution failure below this edge skips it instead of failing.
    public var isOptional: Bool { self == .optional || self == .peerOptional }
    /// Whether this is a peer edge (its target must be visible beside the dependent, not inside it).
    public var isPeer: Bool { self == .peer || self == .peerOptional }
}
