/// Why a lockfile (pkg.lock or an npm package-lock.json) could not be read.
///
/// Every case names where in the document the problem is, because users edit lockfiles by hand
/// during merges and need to find the broken line.
public enum LockfileError: Diagnostic, Equatable {
    /// The text is not JSON at all; `reason` is the JSON parser's message.
    case malformedJSON(file: String, reason: String)
    /// `lockfileVersion` is missing or not a positive integer.
    case missingVersion(file: String)
    /// The lockfile was written by a newer pkg (or is an npm lockfile version pkg does not read).
    case unsupportedVersion(file: String, version: Int, supported: String)
    /// npm's lockfileVersion 1 has no `packages` section, so the graph cannot be read from it.
    case npmVersion1(file: String)
    /// A field has the wrong JSON type or an invalid value.
    case invalidField(file: String, path: String, expected: String)
    /// A package key is not `name@version` with an optional `(…)` suffix.
    case invalidPackageKey(String)
    /// An edge points at a package instance the lockfile does not contain.
    case danglingEdge(file: String, from: String, name: String, target: String)
    /// The npm lockfile uses a feature the importer cannot map yet (for example workspace links).
    case unsupportedNpmFeature(file: String, path: String, feature: String)

    public var code: String {
        switch self {
        case .unsupportedVersion, .npmVersion1, .unsupportedNpmFeature: "ELOCKFILEVERSION"
        default: "ELOCKFILE"
        }
    }

    public var message: String {
        switch self {
        case .malformedJSON(let file, _):
            "`\(file)` is not valid JSON"
        case .missingVersion(let file):
            "`\(file)` has no valid `lockfileVersion`"
        case .unsupportedVersion(let file, let version, _):
            "`\(file)` has lockfileVersion \(version), which this pkg cannot read"
        case .npmVersion1(let file):
            "`\(file)` is an npm lockfileVersion 1 lockfile, which is unsupported"
        case .invalidField(let file, let path, _):
            "`\(file)` has an invalid value at `\(path)`"
        case .invalidPackageKey(let key):
            "`\(key)` is not a valid lockfile package key"
        case .danglingEdge(let file, let from, let name, let target):
            "`\(file)`: `\(from)` depends on `\(name)` as `\(target)`, which is not in the lockfile"
        case .unsupportedNpmFeature(let file, let path, let feature):
            "`\(file)` uses \(feature) at `\(path)`, which pkg cannot import yet"
        }
    }

    public var detail: [String] {
        switch self {
        case .malformedJSON(_, let reason): [reason]
        case .unsupportedVersion(_, _, let supported): ["supported: \(supported)"]
        case .invalidField(_, _, let expected): ["expected \(expected)"]
        case .invalidPackageKey: ["expected `name@version`, optionally followed by `(…)` groups"]
        default: []
        }
    }

    public var hint: String? {
        switch self {
        case .unsupportedVersion: "upgrade pkg, or delete the lockfile and run `pkg install` to re-create it"
        case .npmVersion1: "run `npm install` first (npm 7 or later) to upgrade it, or delete it and run `pkg install`"
        case .unsupportedNpmFeature: "delete the lockfile and run `pkg install` to resolve from package.json"
        case .missingVersion, .malformedJSON, .invalidField, .invalidPackageKey, .danglingEdge:
            "resolve merge conflicts in the lockfile, or delete it and run `pkg install` to re-create it"
        }
    }
}
