import PkgModel

/// What `pkg version` can report; the messages are npm's (libnpmversion) where npm has one.
package enum VersionError: Diagnostic, Equatable {
    /// The project folder has no package.json.
    case missingManifest(path: String)
    /// package.json or a lockfile does not parse.
    case invalidFile(path: String, reason: String)
    /// The argument is neither a version nor a release type that applies to the current version.
    case invalidVersion(requested: String, current: String)
    /// The new version equals the current one.
    case versionNotChanged(version: String)
    /// The git working tree has uncommitted changes to tracked files.
    case gitNotClean
    /// A `git` command failed.
    case gitFailed(command: String, status: Int32, output: String)
    /// A preversion, version or postversion script failed.
    case scriptFailed(event: String, status: Int32)
    /// A file could not be written.
    case fileSystem(path: String, reason: String)

    package var code: String {
        switch self {
        case .missingManifest: "ENOENT"
        case .invalidFile: "EJSONPARSE"
        case .invalidVersion: "EINVALIDVERSION"
        case .versionNotChanged: "EVERSIONSAME"
        case .gitNotClean: "EGITDIRTY"
        case .gitFailed: "EGIT"
        case .scriptFailed: "ELIFECYCLE"
        case .fileSystem: "EFS"
        }
    }

    package var message: String {
        switch self {
        case .missingManifest(let path): "no package.json in `\(path)`"
        case .invalidFile(let path, let reason): "cannot read `\(path)`: \(reason)"
        case .invalidVersion(let requested, _): "Invalid version: \(requested)"
        case .versionNotChanged: "Version not changed"
        case .gitNotClean: "Git working directory not clean."
        case .gitFailed(let command, let status, _): "`git \(command)` exited with status \(status)"
        case .scriptFailed(let event, let status): "the `\(event)` script exited with status \(status)"
        case .fileSystem(let path, let reason): "cannot write `\(path)`: \(reason)"
        }
    }

    package var detail: [String] {
        switch self {
        case .invalidVersion(_, let current): ["current version: \(current)"]
        case .versionNotChanged(let version): ["the version is already \(version)"]
        case .gitFailed(_, _, let output): output.split(separator: "\n").map(String.init)
        default: []
        }
    }

    package var hint: String? {
        switch self {
        case .missingManifest: "run the command in a package folder"
        case .invalidFile: "fix the JSON syntax of the file"
        case .invalidVersion: "pass a version such as `1.2.3`, or one of major, minor, patch, premajor, preminor, prepatch, prerelease"
        case .versionNotChanged: "pass a different version, or a release type such as `patch`"
        case .gitNotClean: "commit or stash your changes, or pass `--no-git-tag-version` to skip the commit and tag"
        case .gitFailed: "fix the git repository, or pass `--no-git-tag-version`"
        case .scriptFailed: "fix the script, or pass `--ignore-scripts`"
        case .fileSystem: nil
        }
    }
}
