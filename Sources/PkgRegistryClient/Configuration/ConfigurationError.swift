import PkgModel

/// Why the configuration cannot be used.
public enum ConfigurationError: Diagnostic, Equatable {
    /// A config file exists but cannot be read (anything but "not found").
    case unreadableFile(path: String, reason: String)
    /// npm 9+ refuses credentials that are not scoped to a registry (ERR_INVALID_AUTH): a token
    /// without a nerf dart would be sent to whatever registry is configured.
    case invalidAuth(key: String, replacement: String?, layer: ConfigurationLayer, file: String?)
    /// A credential file cannot be changed (`pkg login`/`pkg logout`).
    case unwritableFile(path: String, reason: String)

    public var code: String {
        switch self {
        case .unreadableFile: "ECONFIG"
        case .invalidAuth: "ERR_INVALID_AUTH"
        case .unwritableFile: "ECONFIG"
        }
    }

    public var message: String {
        switch self {
        case .unreadableFile(let path, _):
            "cannot read config file `\(path)`"
        case .invalidAuth(let key, let replacement?, let layer, _):
            "Invalid auth configuration found: `\(key)` must be renamed to `\(replacement)` in \(layer.rawValue) config"
        case .invalidAuth(let key, nil, let layer, _):
            "Invalid auth configuration found: `\(key)` is not allowed in \(layer.rawValue) config"
        case .unwritableFile(let path, _):
            "cannot write config file `\(path)`"
        }
    }

    public var detail: [String] {
        switch self {
        case .unreadableFile(_, let reason), .unwritableFile(_, let reason): [reason]
        case .invalidAuth(_, _, _, let file?): ["in `\(file)`"]
        case .invalidAuth: []
        }
    }

    public var hint: String? {
        switch self {
        case .invalidAuth: "edit the file to scope the credential to its registry, or run `npm config fix` to repair your configuration"
        case .unreadableFile, .unwritableFile: "check the file's permissions"
        }
    }
}
