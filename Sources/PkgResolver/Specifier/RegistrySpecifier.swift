// The resolver's own minimal reading of dependency specifiers: registry versions, ranges, dist-tags
// and `npm:` aliases (npm-package-arg's `fromRegistry` rules). Every other form (file:, git, URLs,
// `user/repo`) is `unsupportedSpecifier`. Kept in this one file so it can be replaced by the model's
// `DependencySpecifier` parser when that lands.
import PkgModel

/// A registry specifier: what to pick from one package's versions.
enum RegistrySpecifier: Sendable, Hashable {
    /// A range; `isAny` when written as ``, `*` or `x` (the latest shortcut then takes any latest).
    case range(VersionRange, isAny: Bool)
    /// An exact version (`1.2.3`, `=1.2.3`, `v1.2.3`).
    case version(Version)
    /// A dist-tag such as `latest` or `next`.
    case tag(String)

    /// Whether `version` satisfies this specifier without looking at dist-tags.
    ///
    /// A tag accepts nothing here: only the packument says which version a tag names (the lockfile
    /// keeps tag edges separately, as npm does).
    func accepts(_ version: Version) -> Bool {
        switch self {
        case let .range(range, _): range.satisfied(by: version)
        case let .version(exact): exact == version
        case .tag: false
        }
    }
}

/// An edge's specifier after parsing: which package to fetch and what to pick from it.
struct ParsedSpecifier: Sendable, Hashable {
    /// The real package name (the alias target for `npm:` specifiers).
    var packageName: String
    var registry: RegistrySpecifier
    /// The registry part as written (`^1.0.0` for both `^1.0.0` and `npm:c@^1.0.0`), for messages.
    var registryText: String
    var isAlias: Bool
}

/// Why a specifier could not be parsed; the engine turns it into a `ResolutionError` with a chain.
enum SpecifierProblem: Error {
    case unsupported
    case invalidTag(String)
}

extension ParsedSpecifier {
    /// Parses `raw`, the specifier of the edge named `edgeName`.
    init(edgeName: String, raw: String, includePrerelease: Bool) throws(SpecifierProblem) {
        let text = raw.trimmingWhitespace
        if text.hasPrefix("npm:") {
            let target = String(text.dropFirst(4))
            if target.hasPrefix("npm:") { throw .unsupported }
            let (name, spec) = Self.splitNameAndSpecifier(target)
            guard !name.isEmpty else { throw .unsupported }
            self.init(
                packageName: name, registry: try Self.registrySpecifier(spec, includePrerelease: includePrerelease),
                registryText: spec, isAlias: true
            )
            return
        }
        self.init(
            packageName: edgeName, registry: try Self.registrySpecifier(text, includePrerelease: includePrerelease),
            registryText: text, isAlias: false
        )
    }

    /// `@s/x@^1` → (`@s/x`, `^1`); `c` → (`c`, ``).
    static func splitNameAndSpecifier(_ text: String) -> (String, String) {
        let searchStart = text.hasPrefix("@") ? text.index(after: text.startIndex) : text.startIndex
        guard let at = text[searchStart...].firstIndex(of: "@") else { return (text, "") }
        return (String(text[..<at]), String(text[text.index(after: at)...]))
    }

    static func registrySpecifier(_ text: String, includePrerelease: Bool) throws(SpecifierProblem) -> RegistrySpecifier {
        let unsupportedPrefixes = [
            "file:", "link:", "git:", "git+", "github:", "gitlab:", "bitbucket:", "gist:",
            "http:", "https:", "workspace:", "portal:", "patch:", ".", "/", "~/",
        ]
        if unsupportedPrefixes.contains(where: { text.hasPrefix($0) }) { throw .unsupported }
        if text.isEmpty || text == "*" || text == "x" || text == "X" {
            return .range(VersionRange.any.including(prerelease: includePrerelease), isAny: true)
        }
        if let version = Version.parse(text, loose: true) { return .version(version) }
        if let range = try? VersionRange(text, loose: true, includePrerelease: includePrerelease) {
            return .range(range, isAny: false)
        }
        if text.contains("/") { throw .unsupported }  // `user/repo` GitHub shorthand
        guard text.allSatisfy(Self.isTagCharacter) else { throw .invalidTag(text) }
        return .tag(text)
    }

    /// The characters `encodeURIComponent` leaves alone: a tag must consist of them only (npa).
    static func isTagCharacter(_ character: Character) -> Bool {
        guard character.isASCII else { return false }
        return character.isLetter || character.isNumber || "-_.!~*'()".contains(character)
    }
}

extension VersionRange {
    /// The same comparators, with `includePrerelease` switched as asked.
    func including(prerelease: Bool) -> VersionRange {
        prerelease == includePrerelease ? self : VersionRange(comparatorSets: comparatorSets, includePrerelease: prerelease)
    }
}

extension String {
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
