import PkgModel

/// What can go wrong while packing or publishing a package folder.
public enum PublishError: Diagnostic, Equatable {
    /// The folder has no package.json, so there is nothing to pack.
    case missingManifest(path: String)
    /// package.json is not valid JSON, or lacks what packing needs.
    case invalidManifest(path: String, reason: String)
    /// A folder or file could not be read or written.
    case fileSystem(path: String, reason: String)
    /// Packing the files into a tarball failed.
    case packing(reason: String)
    /// A prepack, prepare, postpack, prepublishOnly, publish or postpublish script failed.
    case scriptFailed(event: String, status: Int32)

    public var code: String {
        switch self {
        case .missingManifest: "ENOENT"
        case .invalidManifest: "EJSONPARSE"
        case .fileSystem: "EIO"
        case .packing: "EPACK"
        case .scriptFailed: "ELIFECYCLE"
        }
    }

    public var message: String {
        switch self {
        case .missingManifest(let path): "no package.json in `\(path)`"
        case .invalidManifest(let path, let reason): "cannot use `\(path)`: \(reason)"
        case .fileSystem(let path, let reason): "cannot read `\(path)`: \(reason)"
        case .packing(let reason): "cannot pack the package: \(reason)"
        case .scriptFailed(let event, let status): "the `\(event)` script exited with status \(status)"
        }
    }

    public var hint: String? {
        switch self {
        case .missingManifest: "run the command in a package folder, or pass the folder"
        case .invalidManifest: "fix package.json so it has a string `name` and `version`"
        case .scriptFailed: "fix the script, or pass `--ignore-scripts` to skip the lifecycle scripts"
        default: nil
        }
    }
}
