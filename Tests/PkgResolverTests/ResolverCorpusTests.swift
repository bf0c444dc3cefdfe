import Foundation
import PkgModel
import PkgResolver
import PkgTestSupport
import Testing

/// Resolves the real dependency graphs of `../shared/corpus` (every package's ranges come from its
/// package-lock.json) and checks that resolution succeeds and every edge satisfies its range.
/// Skips, with a message, when the corpus is absent.
@Suite struct ResolverCorpusTests {
    @Test(arguments: ["node-tar", "uptime-kuma", "saleor-dashboard"])
    func corpusGraphResolves(corpus: String) async throws {
        guard let folder = Self.corpusFolder(corpus) else {
            print("skipping corpus \(corpus): no shared/corpus folder found (set PKG_CORPUS_DIR)")
            return
        }
        let (source, request, lockedCount) = try Self.load(folder)
        let resolution = try await Resolver(source: source).resolve(request)
        let graph = resolution.graph
        for (id, package) in graph.packages {
            for (name, edge) in package.edges {
                guard let target = edge.target else { continue }
                #expect(ResolverPropertyTests.satisfies(edge.effectiveSpecifier, edgeName: name, target: target), "\(corpus): \(id) \(name)@\(edge.effectiveSpecifier) -> \(target)")
            }
        }
        let versions = Set(graph.packages.keys.map { "\($0.name)@\($0.version)" })
        print("corpus \(corpus): \(graph.packages.count) instances, \(versions.count) name@version (lockfile: \(lockedCount))")
        #expect(versions.count <= lockedCount)
    }

    static func corpusFolder(_ corpus: String) -> URL? {
        let environment = ProcessInfo.processInfo.environment["PKG_CORPUS_DIR"].map { URL(fileURLWithPath: $0) }
        var candidates = environment.map { [$0] } ?? []
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            candidates.append(directory.appendingPathComponent("shared/corpus"))
            directory.deleteLastPathComponent()
        }
        return candidates.map { $0.appendingPathComponent(corpus) }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("package-lock.json").path) }
    }

    /// A source holding every locked `name@version` with its locked fields, and the root request.
    static func load(_ folder: URL) throws -> (InMemoryPackageSource, ResolutionRequest, Int) {
        let lock = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("package-lock.json"))) as? [String: Any] ?? [:]
        let packages = lock["packages"] as? [String: Any] ?? [:]
        var manifests: [String: VersionMetadata] = [:]
        for (path, value) in packages {
            guard let entry = value as? [String: Any], path.contains("node_modules/"), entry["link"] == nil,
                let version = entry["version"] as? String
            else { continue }
            let folderName = String(path[path.range(of: "node_modules/", options: .backwards)!.upperBound...])
            let name = entry["name"] as? String ?? folderName
            func strings(_ key: String) -> [String: String] { entry[key] as? [String: String] ?? [:] }
            func list(_ key: String) -> [String] { (entry[key] as? [String]) ?? (entry[key] as? String).map { [$0] } ?? [] }
            let meta = (entry["peerDependenciesMeta"] as? [String: [String: Any]] ?? [:]).mapValues {
                PeerDependencyMeta(optional: $0["optional"] as? Bool ?? false)
            }
            manifests["\(name)@\(version)"] = VersionMetadata(
                name: name, version: version, dependencies: strings("dependencies"), optionalDependencies: strings("optionalDependencies"),
                peerDependencies: strings("peerDependencies"), peerDependenciesMeta: meta, os: list("os"), cpu: list("cpu"),
                libc: list("libc"), engines: strings("engines")
            )
        }
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("package.json"))) as? [String: Any] ?? [:]
        func strings(_ key: String) -> [String: String] { root[key] as? [String: String] ?? [:] }
        let npmrc = (try? String(contentsOf: folder.appendingPathComponent(".npmrc"), encoding: .utf8)) ?? ""
        let request = ResolutionRequest(
            dependencies: strings("dependencies"), devDependencies: strings("devDependencies"),
            optionalDependencies: strings("optionalDependencies"),
            overrides: Overrides((root["overrides"] as? [String: Any] ?? [:]).compactMapValues(overrideValue)),
            options: ResolutionOptions(legacyPeerDependencies: npmrc.contains("legacy-peer-deps=true"))
        )
        return (InMemoryPackageSource(Array(manifests.values)), request, manifests.count)
    }

    static func overrideValue(_ value: Any) -> OverrideValue? {
        if let text = value as? String { return .replacement(text) }
        if let object = value as? [String: Any] { return .nested(object.compactMapValues(overrideValue)) }
        return nil
    }
}
