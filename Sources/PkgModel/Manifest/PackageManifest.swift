// The typed, normalised view of a package.json (a project's, an installed package's, or a version
// manifest inside a packument).
//
// Normalisation follows read-package-json-fast (what arborist reads) and npm-normalize-package-bin:
// - `optionalDependencies` names are removed from `dependencies` (npm stopped needing both).
// - `bundleDependencies` wins over its alias `bundledDependencies`; `true` means every name in
//   `dependencies`, `false` means none, an object means its keys.
// - `scripts` entries that are not strings are dropped; `bin` is cleaned (see `BinNormalization`);
//   `directories.bin` is kept for the installer, which expands it only when `bin` is absent.
// - `os`, `cpu`, `libc` accept a single string as npm-install-checks does.
// - `workspaces` is an array of globs or `{"packages": [...]}` (the yarn form).
// Decoding is strict only where npm would fail later anyway (a dependency spec that is not a
// string, a `name` that is a number...), lenient where npm ignores a bad value; the raw object
// keeps everything, so nothing unmodelled is lost.

/// A package.json decoded into the fields an install or publish needs, with npm's normalisation.
public struct PackageManifest: Sendable, Hashable {
    /// `name`, as written (validate with `packageName` or `PackageName(_:)` where it matters).
    public var name: String?
    /// `version`, as written (the semver module parses it where ordering matters).
    public var version: String?
    /// `description`.
    public var description: String?
    /// `dependencies` without the names also listed in `optionalDependencies`.
    public var dependencies: [String: String]
    /// `devDependencies`: installed only for the root, workspaces and linked directories.
    public var devDependencies: [String: String]
    /// `optionalDependencies`: a failed install of one of these is not an error.
    public var optionalDependencies: [String: String]
    /// `peerDependencies`: must be provided by the package's parent.
    public var peerDependencies: [String: String]
    /// `peerDependenciesMeta`: which peers are optional.
    public var peerDependenciesMeta: [String: PeerDependencyMeta]
    /// `bundleDependencies` (or `bundledDependencies`), normalised to names; `nil` when absent.
    public var bundleDependencies: [String]?
    /// `bin`, normalised: executable name → path inside the package.
    public var bin: [String: String]
    /// `directories.bin`, the folder whose files become bins when `bin` is absent.
    public var directoriesBin: String?
    /// `scripts` with string values.
    public var scripts: [String: String]
    /// `engines`, such as `{"node": ">=18"}` (string values only).
    public var engines: [String: String]
    /// `os` constraints such as `["linux", "!win32"]`.
    public var os: [String]
    /// `cpu` constraints such as `["x64"]`.
    public var cpu: [String]
    /// `libc` constraints such as `["glibc"]`.
    public var libc: [String]
    /// `files`, the publish allow-list; `nil` when absent (everything not ignored is packed).
    public var files: [String]?
    /// `main`, the entry point.
    public var main: String?
    /// `workspaces` globs (either form); `nil` when this is not a workspace root.
    public var workspaces: [String]?
    /// `overrides`, raw: its grammar is interpreted by the resolver.
    public var overrides: JSONValue?
    /// `private` (JavaScript truthiness): such packages are never published.
    public var isPrivate: Bool
    /// `publishConfig`, raw (registry, tag, access…).
    public var publishConfig: JSONObject?
    /// `license` (the SPDX expression, or the `type` of the legacy object form).
    public var license: String?
    /// `deprecated`, the message registries attach to deprecated versions.
    public var deprecated: String?
    /// `readme` text, as registries store it.
    public var readme: String?
    /// `keywords`.
    public var keywords: [String]
    /// The whole document, for every field not modelled here.
    public var raw: JSONObject

    /// Whether the package runs an install-time script (`preinstall`, `install`, `postinstall`),
    /// which lockfiles record as `hasInstallScript`.
    public var hasInstallScript: Bool {
        scripts["preinstall"] != nil || scripts["install"] != nil || scripts["postinstall"] != nil
    }

    /// `version` parsed as npm reads a manifest's version (loose); `nil` when absent or invalid.
    public var parsedVersion: Version? {
        version.flatMap { Version.parse($0, loose: true) }
    }

    /// The validated name; `nil` when absent or not a valid existing-package name.
    public var packageName: PackageName? {
        name.flatMap { try? PackageName($0) }
    }

    /// The dependency map of one kind.
    public func dependencies(of kind: DependencyKind) -> [String: String] {
        switch kind {
        case .production: dependencies
        case .dev: devDependencies
        case .optional: optionalDependencies
        case .peer: peerDependencies
        }
    }
}

/// One entry of `peerDependenciesMeta`.
public struct PeerDependencyMeta: Sendable, Hashable {
    /// An optional peer is not installed automatically and its absence is not an error.
    public var optional: Bool

    /// Creates an entry; `optional: true` is what `--save-peer --save-optional` records.
    public init(optional: Bool) {
        self.optional = optional
    }
}
