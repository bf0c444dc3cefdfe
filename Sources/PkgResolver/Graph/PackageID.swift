/// The identity of one package instance in a resolved graph: `name@version`, plus a discriminator
/// only when the same `name@version` must exist twice because its peers resolve differently.
///
/// `name` is the real package name (never an alias; the alias is the edge name). The discriminator
/// lists the peer choices, as pnpm does: `p@1.0.0(q@2.0.0)`.
public struct PackageID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var name: String
    public var version: String
    /// `nil` for the first (usually only) instance of `name@version`.
    public var discriminator: String?

    public init(name: String, version: String, discriminator: String? = nil) {
        self.name = name
        self.version = version
        self.discriminator = discriminator
    }

    /// `name@version` or `name@version(discriminator)`.
    public var description: String {
        if let discriminator { return "\(name)@\(version)(\(discriminator))" }
        return "\(name)@\(version)"
    }

    /// Orders by name, then version text, then discriminator: stable, for deterministic output.
    public static func < (lhs: PackageID, rhs: PackageID) -> Bool {
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        if lhs.version != rhs.version { return lhs.version < rhs.version }
        return (lhs.discriminator ?? "") < (rhs.discriminator ?? "")
    }
}
