// The server's view of a package name: PkgModel's `PackageName` held to npm's rules for *new*
// packages (validate-npm-package-name), plus the path forms the routes need.
import PkgModel

/// A package name a registry accepts for publishing.
struct RegistryPackageName: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The name as npm writes it: `left-pad` or `@scope/name`.
    let rawValue: String
    /// `scope` without the `@`, when the name is scoped.
    let scope: String?
    /// The part after the scope; the tarball file name starts with it.
    let bareName: String

    /// Validates `rawValue` with npm's rules for new package names.
    ///
    /// - Throws: `RegistryError.invalidPackageName` naming the rule that was broken.
    init(_ rawValue: String) throws(RegistryError) {
        let name: PackageName
        do {
            name = try PackageName(rawValue)
            try name.validateForNewPackage()
        } catch {
            throw .invalidPackageName(rawValue, rule: error.rule.rawValue)
        }
        self.rawValue = name.rawValue
        self.scope = name.scope.map { String($0.dropFirst()) }
        self.bareName = name.unscopedName
    }

    var description: String { rawValue }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The file name npm gives the tarball of `version`: `name-1.2.3.tgz`, without the scope.
    func tarballFileName(version: String) -> String { "\(bareName)-\(version).tgz" }

    /// The path segment clients put in URLs: `@scope%2fname` for scoped names.
    var escapedForURL: String {
        scope.map { "@\($0)%2f\(bareName)" } ?? rawValue
    }
}
