// Stand-in for PkgModel's `PackageName` until the `manifest` branch lands; swap it out after
// `git merge main`. Rules are npm's for *new* packages (validate-npm-package-name): at most 214
// characters, lowercase, URL-safe, not starting with `.` or `_`, scoped as `@scope/name`.

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
        func fail(_ rule: String) -> RegistryError { .invalidPackageName(rawValue, rule: rule) }
        guard !rawValue.isEmpty else { throw fail("name length must be greater than zero") }
        guard rawValue.utf8.count <= 214 else { throw fail("name can no longer contain more than 214 characters") }
        guard !rawValue.hasPrefix("."), !rawValue.hasPrefix("_") else { throw fail("name cannot start with a period or an underscore") }
        guard rawValue.lowercased() == rawValue else { throw fail("name can no longer contain capital letters") }
        var scope: String?
        var bare = rawValue
        if rawValue.hasPrefix("@") {
            let parts = rawValue.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw fail("a scoped name must look like `@scope/name`")
            }
            scope = String(parts[0])
            bare = String(parts[1])
            guard !bare.hasPrefix("."), !bare.hasPrefix("_"), !scope!.hasPrefix(".") else {
                throw fail("name cannot start with a period or an underscore")
            }
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-._")
        for part in [scope, bare].compactMap({ $0 }) where !part.allSatisfy(allowed.contains) {
            throw fail("name can only contain URL-friendly characters")
        }
        guard !["node_modules", "favicon.ico"].contains(rawValue) else { throw fail("`\(rawValue)` is not a valid package name") }
        self.rawValue = rawValue
        self.scope = scope
        self.bareName = bare
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
