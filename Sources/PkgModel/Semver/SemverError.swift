// The semver module's errors (STYLE.md section 3): stable codes, the bad input in backticks, a hint.

/// Why a version, a range or an increment was rejected.
public enum SemverError: Diagnostic, Equatable {
    /// The text is not a version node-semver accepts (in strict or loose mode, as asked).
    case invalidVersion(String, loose: Bool)
    /// Versions are limited to 256 UTF-16 code units, as in node-semver, so hostile input stays cheap.
    case versionTooLong(String)
    /// A major, minor or patch number is above 2^53 - 1, the largest integer JavaScript holds exactly.
    case numberTooLarge(String, component: String)
    /// The text is not a range node-semver accepts.
    case invalidRange(String, loose: Bool)
    /// `inc` could not produce a version (an unknown release type, an empty or clashing identifier).
    case invalidIncrement(String, reason: String)

    public var code: String {
        switch self {
        case .invalidVersion, .versionTooLong, .numberTooLarge: "EINVALIDVERSION"
        case .invalidRange: "EINVALIDRANGE"
        case .invalidIncrement: "EINVALIDINCREMENT"
        }
    }

    public var message: String {
        switch self {
        case .invalidVersion(let text, let loose):
            "`\(text)` is not a valid \(loose ? "loose " : "")semver version"
        case .versionTooLong(let text):
            "`\(text.prefix(40))…` is longer than 256 characters, the limit for a version"
        case .numberTooLarge(let text, let component):
            "the \(component) number of `\(text)` is larger than 9007199254740991"
        case .invalidRange(let text, let loose):
            "`\(text)` is not a valid \(loose ? "loose " : "")semver range"
        case .invalidIncrement(let text, let reason):
            "cannot increment `\(text)`: \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .invalidVersion, .versionTooLong, .numberTooLarge:
            "write a version as MAJOR.MINOR.PATCH, optionally with -prerelease and +build, e.g. `1.2.3-beta.1`"
        case .invalidRange:
            "use a version, a comparator such as `>=1.2.3`, `^1.2.3`, `~1.2`, `1.x`, `1.2.3 - 2.0.0` or alternatives joined by `||`"
        case .invalidIncrement:
            "use one of major, minor, patch, premajor, preminor, prepatch or prerelease"
        }
    }
}
