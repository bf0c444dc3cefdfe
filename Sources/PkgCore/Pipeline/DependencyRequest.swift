// Arguments of `pkg add` / `pkg install <spec>`: `name`, `name@range`, `name@tag`,
// `@scope/name@range`, `alias@npm:name@range`.

import PkgModel

/// One package the user asked to add.
package struct DependencyRequest: Sendable, Hashable {
    /// The folder name: the package name, or the alias.
    package var name: String
    /// What followed the `@`, or `nil` when nothing did.
    package var specifier: String?

    /// Splits `argument` at the `@` that follows the name (a leading `@` starts a scope).
    /// - Throws: `InstallError.invalidFolderName` when the name could not be a package folder.
    package init(parsing argument: String) throws(InstallError) {
        let searchStart = argument.hasPrefix("@") ? argument.index(after: argument.startIndex) : argument.startIndex
        if let at = argument[searchStart...].firstIndex(of: "@") {
            name = String(argument[..<at])
            let rest = String(argument[argument.index(after: at)...])
            specifier = rest.isEmpty ? nil : rest
        } else {
            name = argument
            specifier = nil
        }
        guard FolderName.isValid(name) else { throw .invalidFolderName(name: name, requiredBy: nil) }
    }

    /// Whether the saved range should be derived from the version chosen (npm saves `^x.y.z` for
    /// a bare name or a dist-tag, and keeps a range the user typed).
    package var savesChosenVersion: Bool {
        guard let specifier else { return true }
        if specifier.hasPrefix("npm:") {
            let target = specifier.dropFirst(4)
            let start = target.hasPrefix("@") ? target.index(after: target.startIndex) : target.startIndex
            return !target[start...].contains("@")
        }
        // A dist-tag is a name-like word with no range or version characters.
        return specifier.first.map { $0.isLetter } ?? true
            && !specifier.contains(where: { " <>=^~*|.".contains($0) || $0.isNumber }) && specifier != "x"
    }

    /// The spec to resolve: the user's, or `latest`.
    package var resolvingSpecifier: String {
        guard let specifier else { return "latest" }
        if specifier.hasPrefix("npm:") && savesChosenVersion { return specifier + "@latest" }
        return specifier
    }

    /// The spec saved in package.json once `version` was chosen, as npm's reify saves it: a bare
    /// name, a dist-tag or an exact version saves `^version` (`version` with `--save-exact`); a
    /// range saves `^version` when that is a subset of it (or the range is `*`), else the range as
    /// typed. An alias saves `npm:name@` followed by the same choice.
    package func savedSpecifier(chosenVersion version: String, exact: Bool) -> String {
        let prefixed = exact ? version : "^" + version
        guard !savesChosenVersion, let specifier else {
            return specifier?.hasPrefix("npm:") == true ? resolvingSpecifier.dropLast("latest".count) + prefixed : prefixed
        }
        var aliasPrefix = ""
        var typed = specifier
        if specifier.hasPrefix("npm:") {
            let target = specifier.dropFirst(4)
            let start = target.hasPrefix("@") ? target.index(after: target.startIndex) : target.startIndex
            guard let at = target[start...].firstIndex(of: "@") else { return specifier }
            aliasPrefix = "npm:" + target[..<at] + "@"
            typed = String(target[target.index(after: at)...])
        }
        if Version.parse(typed, loose: true) != nil { return aliasPrefix + prefixed }
        // Not a version and not a range: a dist-tag, which saves the chosen version like a bare name.
        guard let range = try? VersionRange(typed, loose: true) else { return aliasPrefix + prefixed }
        let trimmed = typed.filter { $0 != " " }
        if trimmed == "*" || trimmed.isEmpty { return aliasPrefix + prefixed }
        if let saved = try? VersionRange(prefixed, loose: true), saved.isSubset(of: range) { return aliasPrefix + prefixed }
        return specifier
    }
}
