// The server's view of a package name: PkgModel's `PackageName` (npm's rules for names that
// already exist: URL-safe, no leading `.`/`_`, which is what keeps names safe as paths), plus the
// path forms the routes need. The stricter rules for *new* names (no capitals, no core module
// names such as `buffer`, at most 214 characters) apply to the first publish of a name only,
// as on npm's registry, which still serves `JSONStream` and `buffer`.
import PkgModel

/// A package name the registry can store and serve.
struct RegistryPackageName: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The name as npm writes it: `left-pad` or `@scope/name`.
    let rawValue: String
    /// `scope` without the `@`, when the name is scoped.
    let scope: String?
    /// The part after the scope; the tarball file name starts with it.
    let bareName: String

    /// Validates `rawValue` with npm's rules for existing package names.
    ///
    /// - Throws: `RegistryError.invalidPackageName` naming the rule that was broken.
    init(_ rawValue: String) throws(RegistryError) {
        let name: PackageName
        do {
            name = try PackageName(rawValue)
        } catch {
            throw .invalidPackageName(rawValue, rule: error.rule.rawValue)
        }
        self.rawValue = name.rawValue
        self.scope = name.scope.map { String($0.dropFirst()) }
        self.bareName = name.unscopedName
    }

    var description: String { rawValue }

    /// Checks npm's rules for new names, which the first publish of a name must meet.
    ///
    /// - Throws: `RegistryError.invalidPackageName` naming the rule that was broken.
    func validateForNewPackage() throws(RegistryError) {
        do {
            try PackageName(rawValue).validateForNewPackage()
        } catch {
            throw .invalidPackageName(rawValue, rule: error.rule.rawValue)
        }
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The file name npm gives the tarball of `version`: `name-1.2.3.tgz`, without the scope.
    func tarballFileName(version: String) -> String { "\(bareName)-\(version).tgz" }

    /// The path segment clients put in URLs: `@scope%2fname` for scoped names.
    var escapedForURL: String {
        scope.map { "@\($0)%2f\(bareName)" } ?? rawValue
    }
}
