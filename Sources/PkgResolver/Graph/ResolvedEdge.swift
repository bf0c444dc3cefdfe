/// One dependency edge after resolution: what was asked for and which instance answers it.
public struct ResolvedEdge: Sendable, Hashable {
    public var kind: EdgeKind
    /// The specifier as declared (package.json or the dependency's manifest), never rewritten.
    public var specifier: String
    /// The specifier after `overrides`, when an override changed it.
    public var overriddenSpecifier: String?
    /// The instance the edge resolves to; `nil` for an optional peer nobody installs, or an optional
    /// dependency skipped because it could not be resolved.
    public var target: PackageID?

    public init(kind: EdgeKind, specifier: String, overriddenSpecifier: String? = nil, target: PackageID?) {
        self.kind = kind
        self.specifier = specifier
        self.overriddenSpecifier = overriddenSpecifier
        self.target = target
    }

    /// The specifier resolution honoured: the override when there is one.
    public var effectiveSpecifier: String { overriddenSpecifier ?? specifier }
}
