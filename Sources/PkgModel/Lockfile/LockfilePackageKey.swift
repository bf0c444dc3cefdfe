/// Identifies one package instance in `pkg.lock`: `name@version`, plus a suffix when needed.
///
/// The key is what resolved edges point at, so it is independent of any node_modules layout.
/// Usually one instance per `name@version` exists; when a peer context (or, for an imported
/// npm lockfile, a different set of resolved dependencies) forces two distinct instances of the
/// same version, each gets a `(…)` suffix naming what differs: `react-dom@18.2.0(react@18.2.0)`.
public struct LockfilePackageKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The package's real name (for an `npm:` alias, the aliased package, not the alias).
    public let name: String
    /// The exact version, as the registry lists it.
    public let version: String
    /// The instance suffix, one or more `(…)` groups such as `(react@18.2.0)`; empty
    /// for the common single-instance case.
    public let suffix: String

    /// Creates a key from parts.
    ///
    /// - Throws: ``LockfileError/invalidPackageKey(_:)`` when the name is not a valid npm name,
    ///   the version is not semver, a part contains whitespace, or the suffix is not a sequence of
    ///   balanced `(…)` groups.
    public init(name: String, version: String, suffix: String = "") throws(LockfileError) {
        let text = name + "@" + version + suffix
        // The name must be a valid npm name: linkers turn it into a folder, so `../x` must never pass.
        guard PackageName.isValid(name), !version.isEmpty,
              !name.dropFirst().contains("@"),
              !(name + version + suffix).contains(where: \.isWhitespace),
              !version.contains("("), !version.contains(")"), !version.contains("@"),
              Version.parse(version, loose: true) != nil,
              Self.isBalancedGroups(suffix)
        else { throw .invalidPackageKey(text) }
        self.name = name
        self.version = version
        self.suffix = suffix
    }

    /// Parses the text form `name@version` or `name@version(…)`.
    ///
    /// - Throws: ``LockfileError/invalidPackageKey(_:)`` for anything else.
    public init(_ text: String) throws(LockfileError) {
        // A scoped name starts with `@`, so the separator is the first `@` after the first character.
        guard !text.isEmpty,
              let at = text[text.index(after: text.startIndex)...].firstIndex(of: "@")
        else { throw .invalidPackageKey(text) }
        let name = String(text[..<at])
        let rest = text[text.index(after: at)...]
        let open = rest.firstIndex(of: "(") ?? rest.endIndex
        try self.init(name: name, version: String(rest[..<open]), suffix: String(rest[open...]))
    }

    /// The version as a semver value (the initialiser checked that it parses, loosely as npm does).
    public var semanticVersion: Version? { Version.parse(version, loose: true) }

    /// The key without its suffix: what npm would call `name@version`.
    public var nameAndVersion: String { name + "@" + version }

    /// The text form used in `pkg.lock`.
    public var description: String { nameAndVersion + suffix }

    /// Orders keys by their text form's UTF-8 bytes, the order `pkg.lock` lists them in.
    public static func < (lhs: LockfilePackageKey, rhs: LockfilePackageKey) -> Bool {
        lhs.description.utf8.lexicographicallyPrecedes(rhs.description.utf8)
    }

    private static func isBalancedGroups(_ suffix: String) -> Bool {
        var depth = 0
        for character in suffix {
            if depth == 0 && character != "(" { return false }
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth < 0 { return false }
            }
        }
        return depth == 0
    }
}
