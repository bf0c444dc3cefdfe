/// A dependency specifier npm would refuse, with npm's error code where it has one.
///
/// A spec the installer cannot act on must become a clear error at parse time, never a crash
/// halfway through an install.
public enum SpecifierError: Diagnostic, Hashable {
    /// The package name breaks npm's naming rules.
    case invalidName(PackageNameError, raw: String)
    /// A dist-tag with characters `encodeURIComponent` would encode (npm's `EINVALIDTAGNAME`).
    case invalidTag(String, raw: String)
    /// A URL scheme npm cannot fetch (`EUNSUPPORTEDPROTOCOL`).
    case unsupportedProtocol(String, raw: String)
    /// `npm:npm:x`: an alias of an alias.
    case nestedAlias(raw: String)
    /// `npm:` pointing at git, a file or a URL: aliases only work for registry packages.
    case aliasTargetNotRegistry(raw: String)
    /// A git fragment that combines a committish and `semver:`, or repeats one of them.
    case conflictingGitFragment(String, raw: String)
    /// A URL that cannot be parsed.
    case invalidURL(raw: String)

    public var code: String {
        switch self {
        case .invalidName: "EINVALIDPACKAGENAME"
        case .invalidTag: "EINVALIDTAGNAME"
        case .unsupportedProtocol: "EUNSUPPORTEDPROTOCOL"
        case .nestedAlias, .aliasTargetNotRegistry: "EINVALIDALIAS"
        case .conflictingGitFragment, .invalidURL: "EINVALIDSPEC"
        }
    }

    public var message: String {
        switch self {
        case .invalidName(let error, let raw): "invalid package name `\(error.name)` in `\(raw)`: \(error.rule.rawValue)"
        case .invalidTag(let tag, let raw): "invalid tag name `\(tag)` in `\(raw)`: tags may not contain characters that need URL encoding"
        case .unsupportedProtocol(let scheme, let raw): "unsupported URL type `\(scheme)` in `\(raw)`"
        case .nestedAlias(let raw): "nested aliases are not supported: `\(raw)`"
        case .aliasTargetNotRegistry(let raw): "aliases only work for registry packages: `\(raw)`"
        case .conflictingGitFragment(let reason, let raw): "invalid git reference in `\(raw)`: \(reason)"
        case .invalidURL(let raw): "`\(raw)` is not a valid URL"
        }
    }

    public var hint: String? {
        switch self {
        case .invalidName(let error, _): error.hint
        case .invalidTag: "use a version, a range such as `^1.2.0`, or a tag made of letters, digits, `-`, `.` and `_`"
        case .unsupportedProtocol: "use a registry range, `file:`, a git URL or an `https:` tarball URL"
        case .nestedAlias: "point the alias at the real package, as in `npm:real-name@^1.0.0`"
        case .aliasTargetNotRegistry: "depend on the git, file or URL source directly instead of through `npm:`"
        case .conflictingGitFragment: "use either `#<commit-ish>` or `#semver:<range>`, not both"
        case .invalidURL: "check the URL for typos"
        }
    }
}
