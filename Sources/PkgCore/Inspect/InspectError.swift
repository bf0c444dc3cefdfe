import PkgModel

/// What `pkg ls`, `pkg why` and `pkg outdated` can report.
package enum InspectError: Diagnostic, Equatable {
    /// The project folder has no package.json.
    case missingManifest(path: String)
    /// package.json (of the project or an installed package) does not parse.
    case invalidManifest(path: String, reason: String)
    /// `pkg why` named a package that is not installed.
    case noMatch(arguments: [String])
    /// `pkg ls` found missing or invalid packages (npm's ELSPROBLEMS).
    case treeProblems([String])
    /// A registry lookup for `pkg outdated` failed.
    case registry(package: String, reason: String)

    package var code: String {
        switch self {
        case .missingManifest: "ENOENT"
        case .invalidManifest: "EJSONPARSE"
        case .noMatch: "ENOMATCH"
        case .treeProblems: "ELSPROBLEMS"
        case .registry: "EREGISTRY"
        }
    }

    package var message: String {
        switch self {
        case .missingManifest(let path): "no package.json in `\(path)`"
        case .invalidManifest(let path, let reason): "cannot read `\(path)`: \(reason)"
        case .noMatch(let arguments): "No dependencies found matching \(arguments.joined(separator: ", "))"
        case .treeProblems(let problems): problems.first ?? "the installed tree has problems"
        case .registry(let package, let reason): "cannot look up `\(package)`: \(reason)"
        }
    }

    package var detail: [String] {
        switch self {
        case .treeProblems(let problems): Array(problems.dropFirst())
        default: []
        }
    }

    package var hint: String? {
        switch self {
        case .missingManifest: "run the command in a project folder (one with a package.json), or run `pkg init`"
        case .invalidManifest: "fix the JSON syntax of the file"
        case .noMatch: "check the name with `pkg ls --all`; only installed packages can be explained"
        case .treeProblems: "run `pkg install` to install what package.json asks for"
        case .registry: "check the registry URL and your connection, then try again"
        }
    }
}
