// PkgCore's errors: everything the install pipeline can report, rendered through `Diagnostic`.
import PkgModel

/// A failure of the install pipeline: layout, store, linking, scripts or project files.
package enum InstallError: Diagnostic, Equatable {
    /// An edge name that cannot be a folder under `node_modules` (it could escape it).
    case invalidFolderName(name: String, requiredBy: String?)
    /// An edge points at an instance the graph does not contain.
    case missingGraphNode(id: String, requiredBy: String?)
    /// A dependency cycle that needs unbounded nesting to lay out without symlinks.
    case unlayableCycle(package: String, depth: Int)
    /// A file-system operation failed.
    case fileSystem(operation: String, path: String, reason: String)
    /// A store entry's files no longer match its index.
    case corruptStoreEntry(key: String, problems: [String])
    /// A `bin` entry whose name or target would leave its folder.
    case unsafeBin(package: String, name: String, target: String)
    /// A dependency's lifecycle script exited unsuccessfully.
    case scriptFailed(package: String, event: String, status: Int32, output: String)
    /// `pkg run <name>` for a script the project does not define.
    case missingScript(name: String, available: [String])
    /// `package.json` is missing or unreadable.
    case missingManifest(path: String)
    /// A project file could not be parsed.
    case invalidProjectFile(path: String, reason: String)
    /// A tarball's bytes do not match the integrity the lockfile or packument names.
    case integrityMismatch(package: String, expected: String, actual: String)
    /// `pkg ci` found `pkg.lock` out of sync with `package.json`.
    case lockfileOutOfSync(differences: [String])
    /// `pkg ci` without a lockfile.
    case missingLockfile(path: String)
    /// `--offline` and the store does not hold a needed package.
    case notInStoreOffline(package: String)
    /// This build has no registry client to talk to the registry with.
    case registryUnavailable(registry: String)

    package var code: String {
        switch self {
        case .invalidFolderName: "EINVALIDNAME"
        case .missingGraphNode: "EGRAPH"
        case .unlayableCycle: "ELAYOUT"
        case .fileSystem: "EFS"
        case .corruptStoreEntry: "ECORRUPT"
        case .unsafeBin: "EBINPATH"
        case .scriptFailed: "ELIFECYCLE"
        case .missingScript: "EMISSINGSCRIPT"
        case .missingManifest: "ENOENT"
        case .invalidProjectFile: "EJSONPARSE"
        case .integrityMismatch: "EINTEGRITY"
        case .lockfileOutOfSync, .missingLockfile: "EUSAGE"
        case .notInStoreOffline: "ENOTCACHED"
        case .registryUnavailable: "ENOREGISTRY"
        }
    }

    package var message: String {
        switch self {
        case .invalidFolderName(let name, let requiredBy):
            "dependency name `\(name)`\(Self.from(requiredBy)) is not a valid package folder name"
        case .missingGraphNode(let id, let requiredBy):
            "the resolved graph has no package `\(id)`\(Self.from(requiredBy))"
        case .unlayableCycle(let package, let depth):
            "cannot lay out `\(package)`: its dependency cycle needs more than \(depth - 1) nested node_modules folders"
        case .fileSystem(let operation, let path, _):
            "could not \(operation) `\(path)`"
        case .corruptStoreEntry(let key, _):
            "store entry `\(key)` does not match its index"
        case .unsafeBin(let package, let name, _):
            "bin `\(name)` of `\(package)` points outside its package"
        case .scriptFailed(let package, let event, let status, _):
            "`\(event)` script of `\(package)` failed with exit status \(status)"
        case .missingScript(let name, _):
            "missing script: `\(name)`"
        case .missingManifest(let path):
            "no package.json found at `\(path)`"
        case .invalidProjectFile(let path, _):
            "could not read `\(path)`"
        case .integrityMismatch(let package, _, _):
            "tarball for `\(package)` does not match the lockfile"
        case .lockfileOutOfSync:
            "`pkg ci` can only install when package.json and pkg.lock are in sync"
        case .missingLockfile(let path):
            "`pkg ci` needs an existing lockfile at `\(path)`"
        case .notInStoreOffline(let package):
            "`\(package)` is not in the store and `--offline` forbids downloading it"
        case .registryUnavailable(let registry):
            "cannot reach registry `\(registry)`: this build has no registry client"
        }
    }

    package var detail: [String] {
        switch self {
        case .fileSystem(_, _, let reason), .invalidProjectFile(_, let reason):
            [reason]
        case .corruptStoreEntry(_, let problems):
            problems
        case .unsafeBin(_, _, let target):
            ["target: \(target)"]
        case .scriptFailed(_, _, _, let output):
            output.split(separator: "\n", omittingEmptySubsequences: false).suffix(40).map(String.init)
        case .missingScript(_, let available):
            available.isEmpty ? [] : ["available scripts: " + available.joined(separator: ", ")]
        case .integrityMismatch(_, let expected, let actual):
            ["expected \(expected), got \(actual)"]
        case .lockfileOutOfSync(let differences):
            differences
        default:
            []
        }
    }

    package var hint: String? {
        switch self {
        case .unlayableCycle:
            "pin one package of the cycle to a single version with `overrides` in package.json"
        case .corruptStoreEntry:
            "run `pkg cache verify` to remove damaged entries, then install again"
        case .scriptFailed:
            "fix the script, or remove the package from `pkg.allowScripts` in package.json to skip it"
        case .missingScript:
            "add it to `scripts` in package.json"
        case .missingManifest:
            "run `pkg init` to create one"
        case .integrityMismatch:
            "the registry may have been tampered with; run `pkg cache verify`, then investigate before installing again"
        case .lockfileOutOfSync:
            "run `pkg install` to update pkg.lock, then commit it"
        case .missingLockfile:
            "run `pkg install` to create pkg.lock first"
        case .notInStoreOffline:
            "run the install once without `--offline`"
        default:
            nil
        }
    }

    private static func from(_ dependent: String?) -> String {
        dependent.map { " (required by `\($0)`)" } ?? ""
    }
}
