// The seam between the pipeline and the `pkg.lock` format (PkgModel's `Lockfile` owns the bytes).
import Foundation
import PkgModel
import PkgResolver

/// Reads and writes the project's lockfile as a resolved graph.
package protocol LockfileCoding: Sendable {
    /// The locked graph, or `nil` when there is no lockfile.
    func read(path: String) throws -> ResolvedGraph?
    /// The exact bytes to write for `graph`; identical graphs give identical bytes.
    func encode(_ graph: ResolvedGraph, rootName: String?, rootVersion: String?) throws -> Data
}

/// Interim coding until the resolved graph is mapped onto PkgModel's `Lockfile`: the graph as
/// JSON with sorted keys and packages sorted by id, so the bytes never change between runs.
/// Written by hand (not `Codable`) so it does not depend on the resolver's types conforming.
package struct GraphJSONLockfileCoding: LockfileCoding {
    package init() {}

    package func read(path: String) throws -> ResolvedGraph? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw InstallError.invalidProjectFile(path: path, reason: "not a JSON object")
        }
        var graph = ResolvedGraph()
        for (name, value) in object["rootEdges"] as? [String: Any] ?? [:] {
            if let edge = Self.edge(value) { graph.rootEdges[name] = edge }
        }
        for value in object["packages"] as? [[String: Any]] ?? [] {
            guard let id = Self.id(value["id"]), let metadata = value["metadata"] as? [String: Any] else { continue }
            let flags = value["flags"] as? [String: Bool] ?? [:]
            var package = ResolvedPackage(
                id: id, metadata: Self.metadata(metadata, id: id),
                flags: DependencyFlags(
                    dev: flags["dev"] ?? false, optional: flags["optional"] ?? false,
                    devOptional: flags["devOptional"] ?? false, peer: flags["peer"] ?? false
                )
            )
            for (name, edge) in value["edges"] as? [String: Any] ?? [:] {
                if let edge = Self.edge(edge) { package.edges[name] = edge }
            }
            graph.packages[id] = package
        }
        return graph
    }

    package func encode(_ graph: ResolvedGraph, rootName: String?, rootVersion: String?) throws -> Data {
        var document: [String: Any] = ["lockfileVersion": 0]
        document["name"] = rootName
        document["version"] = rootVersion
        document["rootEdges"] = graph.rootEdges.mapValues(Self.json)
        document["packages"] = graph.sortedIDs.compactMap { id -> [String: Any]? in
            guard let package = graph.packages[id] else { return nil }
            return [
                "id": Self.json(id), "edges": package.edges.mapValues(Self.json),
                "flags": ["dev": package.flags.dev, "optional": package.flags.optional,
                          "devOptional": package.flags.devOptional, "peer": package.flags.peer],
                "metadata": Self.json(package.metadata),
            ]
        }
        var data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    private static func json(_ id: PackageID) -> [String: Any] {
        var object: [String: Any] = ["name": id.name, "version": id.version]
        object["discriminator"] = id.discriminator
        return object
    }

    private static func id(_ value: Any?) -> PackageID? {
        guard let object = value as? [String: Any], let name = object["name"] as? String, let version = object["version"] as? String
        else { return nil }
        return PackageID(name: name, version: version, discriminator: object["discriminator"] as? String)
    }

    private static func json(_ edge: ResolvedEdge) -> [String: Any] {
        var object: [String: Any] = ["kind": edge.kind.rawValue, "specifier": edge.specifier]
        object["overriddenSpecifier"] = edge.overriddenSpecifier
        object["target"] = edge.target.map(json)
        return object
    }

    private static func edge(_ value: Any) -> ResolvedEdge? {
        guard let object = value as? [String: Any], let kind = object["kind"] as? String, let specifier = object["specifier"] as? String
        else { return nil }
        var edge = ResolvedEdge(kind: .prod, specifier: specifier, overriddenSpecifier: object["overriddenSpecifier"] as? String, target: id(object["target"]))
        guard let parsed = type(of: edge.kind).init(rawValue: kind) else { return nil }
        edge.kind = parsed
        return edge
    }

    private static func json(_ metadata: VersionMetadata) -> [String: Any] {
        var object: [String: Any] = [
            "name": metadata.name, "version": metadata.version, "dependencies": metadata.dependencies,
            "optionalDependencies": metadata.optionalDependencies, "peerDependencies": metadata.peerDependencies,
            "optionalPeers": metadata.peerDependenciesMeta.filter { $0.value.optional }.keys.sorted(),
            "bundleDependencies": metadata.bundleDependencies, "os": metadata.os, "cpu": metadata.cpu, "libc": metadata.libc,
            "engines": metadata.engines, "hasInstallScript": metadata.hasInstallScript, "bin": metadata.bin,
            "tarball": metadata.tarball,
        ]
        object["deprecated"] = metadata.deprecated
        object["integrity"] = metadata.integrity
        object["publishTime"] = metadata.publishTime
        return object
    }

    private static func metadata(_ object: [String: Any], id: PackageID) -> VersionMetadata {
        var metadata = VersionMetadata(
            name: object["name"] as? String ?? id.name, version: object["version"] as? String ?? id.version,
            dependencies: object["dependencies"] as? [String: String] ?? [:],
            optionalDependencies: object["optionalDependencies"] as? [String: String] ?? [:],
            peerDependencies: object["peerDependencies"] as? [String: String] ?? [:],
            bundleDependencies: object["bundleDependencies"] as? [String] ?? [],
            os: object["os"] as? [String] ?? [], cpu: object["cpu"] as? [String] ?? [], libc: object["libc"] as? [String] ?? [],
            engines: object["engines"] as? [String: String] ?? [:], deprecated: object["deprecated"] as? String,
            hasInstallScript: object["hasInstallScript"] as? Bool ?? false, bin: object["bin"] as? [String: String] ?? [:],
            tarball: object["tarball"] as? String ?? "", integrity: object["integrity"] as? String,
            publishTime: object["publishTime"] as? String
        )
        for name in object["optionalPeers"] as? [String] ?? [] {
            metadata.peerDependenciesMeta[name] = .init(optional: true)
        }
        return metadata
    }
}
