/// One link of a requirement chain: "`dependent` requires `edgeName@specifier`".
///
/// Errors carry the chain from the root to the failing edge so the user sees who asked for what.
public struct Requirement: Sendable, Hashable, CustomStringConvertible {
    /// The package that declares the edge; `nil` for the root project.
    public var dependent: PackageID?
    public var edgeName: String
    /// The effective specifier (after overrides).
    public var specifier: String
    public var kind: EdgeKind

    public init(dependent: PackageID?, edgeName: String, specifier: String, kind: EdgeKind) {
        self.dependent = dependent
        self.edgeName = edgeName
        self.specifier = specifier
        self.kind = kind
    }

    /// `root requires a@^1.0.0`, `a@1.2.0 requires b@^9.0.0`, `p@1.0.0 requires q@^1.0.0 (peer)`.
    public var description: String {
        let who = dependent.map(\.description) ?? "root"
        let suffix: String
        switch kind {
        case .prod: suffix = ""
        case .dev: suffix = " (dev)"
        case .optional: suffix = " (optional)"
        case .peer: suffix = " (peer)"
        case .peerOptional: suffix = " (optional peer)"
        }
        return "\(who) requires \(edgeName)@\(specifier)\(suffix)"
    }
}
