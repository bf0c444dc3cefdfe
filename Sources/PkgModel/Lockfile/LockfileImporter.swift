/// A project (the root, later each workspace) whose manifest the lockfile was resolved from.
///
/// It records each dependency's specifier exactly as the manifest wrote it, so `pkg ci` can tell
/// a stale lockfile from a current one without the network, and the instance it resolved to.
public struct LockfileImporter: Sendable, Hashable {
    /// Every dependency by kind, keyed by the name used in the manifest (an alias for `npm:`).
    public var dependencies: [LockfileDependencyKind: [String: LockfileImporterDependency]]

    /// Creates an importer; empty kinds are dropped so equal importers compare equal.
    public init(dependencies: [LockfileDependencyKind: [String: LockfileImporterDependency]] = [:]) {
        self.dependencies = dependencies.filter { !$0.value.isEmpty }
    }

    /// The specifiers of one kind, as a manifest would list them.
    public func specifiers(_ kind: LockfileDependencyKind) -> [String: String] {
        (dependencies[kind] ?? [:]).mapValues(\.specifier)
    }
}

/// One dependency of an importer: what the manifest asked for and what it resolved to.
public struct LockfileImporterDependency: Sendable, Hashable {
    /// The specifier as written in the manifest (`^1.2.0`, `npm:other@^2`, `latest`).
    public var specifier: String
    /// The instance it resolved to; `nil` for an optional or peer dependency that was not installed.
    public var package: LockfilePackageKey?

    /// Creates an importer dependency.
    public init(specifier: String, package: LockfilePackageKey?) {
        self.specifier = specifier
        self.package = package
    }
}
