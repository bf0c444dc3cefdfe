import PkgModel

/// Something the user should know about a successful resolution; rendered with `warn` severity.
public enum ResolutionWarning: Diagnostic, Hashable {
    /// The chosen version is deprecated (npm: `npm warn deprecated`).
    case deprecated(PackageID, message: String)
    /// EBADENGINE: a package's `engines` does not include the running node or npm.
    case unsupportedEngine(PackageID, engine: String, required: String, current: String)
    /// An optional dependency is left out: it could not be resolved, or does not fit this platform.
    case optionalSkipped(edgeName: String, specifier: String, dependent: PackageID?, reason: String)
    /// A peer conflict below the root: the peer got its own copy instead of the dependent's.
    case peerConflictOverridden(PeerConflict)

    public var code: String {
        switch self {
        case .deprecated: "EDEPRECATED"
        case .unsupportedEngine: "EBADENGINE"
        case .optionalSkipped: "EOPTIONALSKIPPED"
        case .peerConflictOverridden: "ERESOLVE"
        }
    }

    public var message: String {
        switch self {
        case let .deprecated(id, message):
            "`\(id)` is deprecated: \(message)"
        case let .unsupportedEngine(id, engine, _, _):
            "Unsupported \(engine) engine for `\(id)`"
        case let .optionalSkipped(edgeName, specifier, dependent, _):
            "Skipped optional dependency `\(edgeName)@\(specifier)` of \(dependent.map { "`\($0)`" } ?? "the root project")"
        case let .peerConflictOverridden(conflict):
            "Overriding the peer dependency `\(conflict.peerName)@\(conflict.peerSpecifier)` of `\(conflict.dependent)`"
        }
    }

    public var detail: [String] {
        switch self {
        case .deprecated:
            return []
        case let .unsupportedEngine(_, engine, required, current):
            return ["wanted \(engine) \(required), current \(current)"]
        case let .optionalSkipped(_, _, _, reason):
            return [reason]
        case let .peerConflictOverridden(conflict):
            return ["found \(conflict.found); `\(conflict.dependent)` gets its own `\(conflict.peerName)`"]
        }
    }
}
