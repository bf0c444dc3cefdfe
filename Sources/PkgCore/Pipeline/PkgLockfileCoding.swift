// Maps the resolver's `ResolvedGraph` onto PkgModel's `Lockfile` (docs/lockfile.md) and back.
//
// Decisions:
// - Tarballs are stored relative to the registry configured for the package and re-absolutised
//   with the registry configured when reading, so a lockfile survives a switch of mirror.
// - Each package entry keeps its own dependency specifiers (`specifiers`, `optionalPeers`,
//   `bundleDependencies`): the resolver's `previous` input checks every locked edge against the
//   dependent's range and walks the locked manifests without fetching packuments.
// - Not recorded: `publishTime` (never needed after resolution) and override rewrites of edge
//   specifiers (`overriddenSpecifier`; the resolver recomputes them from package.json).
import Foundation
import PkgModel
import PkgResolver

/// Reads and writes `pkg.lock` in the documented format (lockfileVersion 1).
package struct PkgLockfileCoding: LockfileCoding {
    /// The registry URL configured for a package name (its scope's registry for `@scope/name`).
    package var registry: @Sendable (String) -> String

    package init(registry: @escaping @Sendable (String) -> String = { _ in "https://registry.npmjs.org/" }) {
        self.registry = registry
    }

    package func read(path: String) throws -> ResolvedGraph? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let lockfile = try LockfileParser.parse(Array(data), file: (path as NSString).lastPathComponent)
        return graph(lockfile)
    }

    package func encode(_ graph: ResolvedGraph, rootName: String?, rootVersion: String?) throws -> Data {
        try Data(LockfileSerializer.serialize(lockfile(graph)))
    }

    // MARK: graph → lockfile

    /// The lockfile for `graph`.
    /// - Throws: `LockfileError` for a package ID that is not a valid instance key,
    ///   `IntegrityError` for an unparsable integrity string.
    package func lockfile(_ graph: ResolvedGraph) throws -> Lockfile {
        var importer: [LockfileDependencyKind: [String: LockfileImporterDependency]] = [:]
        for (name, edge) in graph.rootEdges {
            importer[Self.importerKind(edge.kind), default: [:]][name] = LockfileImporterDependency(
                specifier: edge.specifier, package: try edge.target.map(Self.key)
            )
        }
        var packages: [LockfilePackageKey: LockfilePackage] = [:]
        for (id, package) in graph.packages {
            var edges: [LockfileDependencyKind: [String: LockfilePackageKey]] = [:]
            for (name, edge) in package.edges {
                guard let target = edge.target else { continue }
                edges[Self.packageKind(edge.kind), default: [:]][name] = try Self.key(target)
            }
            let metadata = package.metadata
            packages[try Self.key(id)] = LockfilePackage(
                resolved: metadata.tarball.isEmpty ? nil : LockfileTarball(tarballURL: metadata.tarball, registry: registry(id.name)),
                integrity: try metadata.integrity.map { text throws(IntegrityError) in try Integrity(text) },
                dependencies: edges,
                dev: package.flags.dev, optional: package.flags.optional,
                devOptional: package.flags.devOptional, peer: package.flags.peer,
                bin: metadata.bin, os: metadata.os, cpu: metadata.cpu, libc: metadata.libc, engines: metadata.engines,
                hasInstallScript: metadata.hasInstallScript, deprecated: metadata.deprecated,
                specifiers: [
                    .dependencies: metadata.dependencies, .optionalDependencies: metadata.optionalDependencies,
                    .peerDependencies: metadata.peerDependencies,
                ],
                optionalPeers: metadata.peerDependenciesMeta.filter { $0.value.optional }.keys.sorted(),
                bundleDependencies: metadata.bundleDependencies
            )
        }
        return Lockfile(importers: [Lockfile.rootImporter: LockfileImporter(dependencies: importer)], packages: packages)
    }

    // MARK: lockfile → graph

    /// The graph `lockfile` describes, with tarball URLs made absolute with the configured registry.
    package func graph(_ lockfile: Lockfile) -> ResolvedGraph {
        var graph = ResolvedGraph()
        for (kind, dependencies) in lockfile.root.dependencies {
            for (name, dependency) in dependencies {
                graph.rootEdges[name] = ResolvedEdge(
                    kind: Self.edgeKind(kind), specifier: dependency.specifier, target: dependency.package.map(Self.id)
                )
            }
        }
        for (key, entry) in lockfile.packages {
            let id = Self.id(key)
            var metadata = VersionMetadata(
                name: key.name, version: key.version,
                dependencies: entry.specifiers[.dependencies] ?? [:],
                optionalDependencies: entry.specifiers[.optionalDependencies] ?? [:],
                peerDependencies: entry.specifiers[.peerDependencies] ?? [:],
                bundleDependencies: entry.bundleDependencies,
                os: entry.os, cpu: entry.cpu, libc: entry.libc, engines: entry.engines, deprecated: entry.deprecated,
                hasInstallScript: entry.hasInstallScript, bin: entry.bin,
                tarball: entry.resolved?.url(registry: registry(key.name)) ?? "",
                integrity: entry.integrity?.description, publishTime: nil
            )
            for name in entry.optionalPeers { metadata.peerDependenciesMeta[name] = .init(optional: true) }
            // Only resolved edges are recorded; an unresolved optional or optional peer edge has
            // nothing to install, and the resolver re-derives it from the specifiers.
            var edges: [String: ResolvedEdge] = [:]
            for edge in entry.allEdges {
                var kind = Self.edgeKind(edge.kind)
                if kind == .peer, entry.optionalPeers.contains(edge.name) { kind = .peerOptional }
                let specifier = entry.specifiers[edge.kind]?[edge.name] ?? edge.target.version
                edges[edge.name] = ResolvedEdge(kind: kind, specifier: specifier, target: Self.id(edge.target))
            }
            graph.packages[id] = ResolvedPackage(
                id: id, metadata: metadata, edges: edges,
                flags: DependencyFlags(dev: entry.dev, optional: entry.optional, devOptional: entry.devOptional, peer: entry.peer)
            )
        }
        return graph
    }

    // MARK: mapping helpers

    static func key(_ id: PackageID) throws(LockfileError) -> LockfilePackageKey {
        try LockfilePackageKey(name: id.name, version: id.version, suffix: id.discriminator.map { "(\($0))" } ?? "")
    }

    static func id(_ key: LockfilePackageKey) -> PackageID {
        let suffix = key.suffix
        return PackageID(name: key.name, version: key.version, discriminator: suffix.isEmpty ? nil : String(suffix.dropFirst().dropLast()))
    }

    static func importerKind(_ kind: EdgeKind) -> LockfileDependencyKind {
        switch kind {
        case .prod: .dependencies
        case .dev: .devDependencies
        case .optional: .optionalDependencies
        case .peer, .peerOptional: .peerDependencies
        }
    }

    static func packageKind(_ kind: EdgeKind) -> LockfileDependencyKind {
        switch kind {
        case .prod, .dev: .dependencies
        case .optional: .optionalDependencies
        case .peer, .peerOptional: .peerDependencies
        }
    }

    static func edgeKind(_ kind: LockfileDependencyKind) -> EdgeKind {
        switch kind {
        case .dependencies: .prod
        case .devDependencies: .dev
        case .optionalDependencies: .optional
        case .peerDependencies: .peer
        }
    }
}
