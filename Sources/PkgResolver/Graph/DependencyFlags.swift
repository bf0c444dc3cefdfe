/// npm's lockfile flags (`calc-dep-flags.js`): how a package is reachable from the root.
///
/// `dev`: only through the root's dev edges. `optional`: only through optional edges.
/// `devOptional`: only through paths that are dev or optional (set only when neither flag is).
/// `peer`: only through peer edges. Something both the prod and dev graphs need has no flag.
public struct DependencyFlags: Sendable, Hashable {
    public var dev: Bool
    public var optional: Bool
    public var devOptional: Bool
    public var peer: Bool

    public init(dev: Bool = false, optional: Bool = false, devOptional: Bool = false, peer: Bool = false) {
        self.dev = dev
        self.optional = optional
        self.devOptional = devOptional
        self.peer = peer
    }
}
