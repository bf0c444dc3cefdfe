// A package argument as `pkg add` and `npm install` take it: `foo`, `foo@^1`, `@s/x@latest`,
// `alias@npm:foo@1`, `npm:foo@1`, `user/repo`, `./dir`, `https://host/x.tgz`.
//
// npm-package-arg's `npa(arg)`: the name ends at the first `@` after position 0 (scoped names
// keep their leading `@`); URLs, scp-like git (`git@host:path`) and paths have no name; a
// lone valid name means `name@*`.

/// A command-line package argument: an optional name and what to install.
public struct PackageSpec: Sendable, Hashable, CustomStringConvertible {
    /// The package (or alias folder) name; `nil` for URLs, paths and git shorthands, whose name is
    /// only known after fetching their manifest.
    public var name: PackageName?
    /// What to install.
    public var specifier: DependencySpecifier

    /// Combines an already validated name and specifier (for example when rewriting an alias).
    public init(name: PackageName?, specifier: DependencySpecifier) {
        self.name = name
        self.specifier = specifier
    }

    /// Parses a dependency entry: a name from a dependency map and its spec string.
    ///
    /// - Throws: `SpecifierError.invalidName` for a bad name, or the spec's parse error.
    public init(name: String, spec: String) throws(SpecifierError) {
        let raw = "\(name)@\(spec)"
        do {
            self.name = try PackageName(name)
        } catch {
            throw .invalidName(error, raw: raw)
        }
        specifier = try DependencySpecifier(parsing: spec)
    }

    /// Parses a command-line argument such as `foo@^1`, `@s/x@latest` or `x@npm:foo@1`.
    ///
    /// - Throws: `SpecifierError` naming what npm would refuse.
    public init(parsing argument: String) throws(SpecifierError) {
        let characters = Array(argument)
        let nameEnd: Int?
        if characters.first == "@" {
            nameEnd = characters.dropFirst().firstIndex(of: "@")
        } else {
            nameEnd = characters.firstIndex(of: "@").flatMap { $0 > 0 ? $0 : nil }
        }
        let namePart = nameEnd.map { String(characters[..<$0]) } ?? argument
        var name: String?
        let spec: String
        if DependencySpecifier.looksLikeURL(argument) {
            spec = argument
        } else if PackageSpec.isScpLikeGit(argument) {
            spec = "git+ssh://" + argument
        } else if !namePart.hasPrefix("@") && (namePart.contains("/") || DependencySpecifier.isTarballFileName(namePart)) {
            spec = argument
        } else if let nameEnd {
            name = namePart
            let rest = String(characters[(nameEnd + 1)...])
            spec = rest.isEmpty ? "*" : rest
        } else if PackageName.isValid(argument) {
            name = argument
            spec = "*"
        } else {
            spec = argument
        }
        if let name {
            do {
                self.name = try PackageName(name)
            } catch {
                throw .invalidName(error, raw: argument)
            }
        } else {
            self.name = nil
        }
        specifier = try DependencySpecifier(parsing: spec)
    }

    /// `^[^@]+@[^:.]+\.[^:]+:.+$`: `git@github.com:user/repo.git`.
    static func isScpLikeGit(_ argument: String) -> Bool {
        guard let at = argument.firstIndex(of: "@"), at > argument.startIndex else { return false }
        let afterAt = argument[argument.index(after: at)...]
        guard let colon = afterAt.firstIndex(of: ":") else { return false }
        let host = afterAt[..<colon]
        guard let dot = host.firstIndex(of: "."), dot > host.startIndex, host.index(after: dot) < host.endIndex else { return false }
        return argument.index(after: colon) < argument.endIndex
    }

    /// `name@spec` as npm prints it, or the spec alone when there is no name.
    public var description: String {
        guard let name else { return specifier.description }
        return "\(name)@\(specifier)"
    }
}
