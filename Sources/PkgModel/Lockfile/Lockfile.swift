// `pkg.lock`: the resolved dependency graph, independent of any node_modules layout.
//
// The on-disk format is documented in docs/lockfile.md; `LockfileParser` reads it and
// `LockfileSerializer` writes it. A format change bumps `Lockfile.formatVersion` here and in
// docs/lockfile.md, and the parser keeps reading every older version it can.

/// The resolved graph of a project: importers (the root, later workspaces) and package instances.
///
/// It holds no install paths: a package is identified by ``LockfilePackageKey`` and its edges
/// name other keys, so the same lockfile drives a hoisted, an isolated or a global-store layout.
/// Optional platform packages of every platform are kept, so a lockfile made on Linux installs
/// on macOS.
public struct Lockfile: Sendable, Hashable {
    /// The newest format this build writes and reads; see docs/lockfile.md.
    public static let formatVersion = 1

    /// The format version the document declared (equal to ``formatVersion`` for new lockfiles).
    public var lockfileVersion: Int
    /// Importers by path relative to the project root, `"."` for the root.
    public var importers: [String: LockfileImporter]
    /// Every package instance of the graph.
    public var packages: [LockfilePackageKey: LockfilePackage]

    /// The key of the root importer.
    public static let rootImporter = "."

    /// Creates a lockfile in the current format.
    public init(
        importers: [String: LockfileImporter] = [:],
        packages: [LockfilePackageKey: LockfilePackage] = [:]
    ) {
        self.lockfileVersion = Self.formatVersion
        self.importers = importers
        self.packages = packages
    }

    /// The root importer, empty when the lockfile has none yet.
    public var root: LockfileImporter {
        get { importers[Self.rootImporter] ?? LockfileImporter() }
        set { importers[Self.rootImporter] = newValue }
    }

    /// The number of distinct `name@version` pairs, ignoring instance suffixes.
    public var distinctNameAndVersionCount: Int {
        Set(packages.keys.map(\.nameAndVersion)).count
    }

    /// Edges that point at no package, in key order; a well-formed lockfile has none.
    ///
    /// The parser rejects a document with dangling edges, so code that builds a lockfile in
    /// memory can call this to check itself before writing.
    public var danglingEdges: [(from: String, name: String, target: LockfilePackageKey)] {
        var result: [(from: String, name: String, target: LockfilePackageKey)] = []
        for path in importers.keys.sorted() {
            guard let importer = importers[path] else { continue }
            for kind in LockfileDependencyKind.allCases {
                for (name, dependency) in (importer.dependencies[kind] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    if let target = dependency.package, packages[target] == nil {
                        result.append((path, name, target))
                    }
                }
            }
        }
        for key in packages.keys.sorted() {
            guard let package = packages[key] else { continue }
            for edge in package.allEdges where packages[edge.target] == nil {
                result.append((key.description, edge.name, edge.target))
            }
        }
        return result
    }
}
