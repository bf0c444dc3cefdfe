// What a dependency's spec string asks for, as npm-package-arg 11 classifies it.
//
// Classification order (npm-package-arg's `resolve`), which decides ambiguous strings:
// 1. `file:` or a path start (`.`, `/`, `~/`, `C:`): a tarball file (`.tgz`, `.tar.gz`, `.tar`) or a directory.
// 2. `npm:`: an alias; the target must be a registry spec, and not another alias.
// 3. `link:` and `workspace:` (pnpm/yarn forms npm itself rejects): kept as typed values so the
//    installer can support them or refuse them with a clear error.
// 4. A repository on a known git host (GitHub shorthand `user/repo` included).
// 5. A URL: `git…:` schemes are git, `http(s):` a remote tarball, anything else unsupported.
// 6. Anything with a `/` or a tarball extension: a file path.
// 7. Otherwise the registry: an exact version (`Version.parse(loose:)`), a range
//    (`VersionRange(loose:)`, which drops unreadable comparators, so `1.2.3 junk` is a range), or a
//    dist-tag (trimmed first; `""` is `*`).

/// A parsed dependency spec: a registry version, range or tag, an alias, a path, a git
/// repository or a tarball URL.
public enum DependencySpecifier: Sendable, Hashable {
    /// An exact version such as `1.2.3` (loose forms like `v1.2.3` and `=1.2.3` included), as written.
    case version(String)
    /// A semver range such as `^1.2.0`, `1.x || >=2.5.0`, `*`; trimmed.
    case range(String)
    /// A dist-tag such as `latest` or `next`.
    case tag(String)
    /// `npm:name@spec`: install `name` from the registry under another folder name.
    indirect case alias(name: PackageName, target: DependencySpecifier)
    /// `file:x.tgz` or `./x.tgz`: a local tarball, path as written (relative to the manifest).
    case file(path: String)
    /// `file:../dir` or `../dir`: a local directory, linked or copied.
    case directory(path: String)
    /// `link:../dir` (pnpm/yarn): always a symlink to a local directory.
    case link(path: String)
    /// `workspace:^`, `workspace:*`, `workspace:1.2.3` (pnpm/yarn): a package of this workspace.
    case workspace(String)
    /// A git repository.
    case git(GitSpecifier)
    /// An `http:`/`https:` URL of a tarball.
    case remote(url: String)

    /// Whether the spec is resolved against the registry (version, range, tag, or an alias of one).
    public var isRegistry: Bool {
        switch self {
        case .version, .range, .tag, .alias: true
        default: false
        }
    }

    /// The registry spec text (`^1.0.0`, `latest`), following an alias; `nil` for other sources.
    public var registrySpec: String? {
        switch self {
        case .version(let text), .range(let text), .tag(let text): text
        case .alias(_, let target): target.registrySpec
        default: nil
        }
    }
}

extension DependencySpecifier: CustomStringConvertible {
    /// The spec as it is saved in package.json (npm's `saveSpec`, or the raw registry spec).
    public var description: String {
        switch self {
        case .version(let text), .range(let text), .tag(let text): text
        case .alias(let name, let target): "npm:\(name)@\(target)"
        case .file(let path), .directory(let path): "file:\(path)"
        case .link(let path): "link:\(path)"
        case .workspace(let text): "workspace:\(text)"
        case .git(let git): git.raw
        case .remote(let url): url
        }
    }
}
