// The resolution loop (docs/resolution.md): breadth-first from the root, one dependent at a time in
// a stable order. For each dependent it picks a version for every declared edge (lockfile choice,
// else an already chosen version that satisfies, else npm's pick), resolves its children's peer
// dependencies in its own context (auto-installing missing ones beside them), and then creates or
// reuses package instances keyed by (name, version, peer choices, override set).
import PkgModel

/// A picked version of a package, with the manifest the resolver reads its edges from.
struct ChosenVersion: Sendable {
    var packageName: String
    var version: Version
    var metadata: VersionMetadata

    var label: String { "\(packageName)@\(version.description)" }
}

/// The nearest optional edge on a package's discovery chain: a failure below it skips that edge.
struct OptionalEntry: Hashable, Sendable {
    var dependent: PackageID?
    var edgeName: String
    var specifier: String
}

/// Identity of a package instance before it gets a `PackageID`.
struct InstanceKey: Hashable, Sendable {
    var packageName: String
    var version: String
    /// Peer name → `name@version` of its resolution (`-` when absent), sorted by peer name.
    var peers: [String]
    var overrideSet: Int
}

struct InstanceState: Sendable {
    var id: PackageID
    var metadata: VersionMetadata
    var edges: [String: ResolvedEdge]
    var overrideSet: Int
    var chain: [Requirement]
    var optionalEntry: OptionalEntry?
}

final class ResolutionEngine {
    let request: ResolutionRequest
    let options: ResolutionOptions
    let prefetcher: MetadataPrefetcher
    let picker: VersionPicker
    var overrides: OverrideRules
    /// `Resolver.onChoice`: told about every chosen version (pipelining hook).
    var onChoice: (@Sendable (String, VersionMetadata) -> Void)?

    var rootEdges: [String: ResolvedEdge] = [:]
    var instances: [PackageID: InstanceState] = [:]
    var instanceByKey: [InstanceKey: PackageID] = [:]
    var instanceCountByLabel: [String: Int] = [:]
    var queue: [PackageID] = []
    var chosenVersions: [String: [String: ChosenVersion]] = [:]
    var warnings: [ResolutionWarning] = []
    var prunedOptionalEntries: [OptionalEntry] = []
    var failuresBelowOptional: [(dependent: PackageID?, error: ResolutionError)] = []

    /// The lockfile's edges per dependent `name@version` (`""` = the root), and its versions per name.
    let previousEdges: [String: [String: ResolvedEdge]]
    let previousPackages: [PackageID: ResolvedPackage]
    let previousVersionsByName: [String: [ChosenVersion]]
    let updateAll: Bool
    let updateNames: Set<String>

    init(request: ResolutionRequest, source: any PackageSource) throws(ResolutionError) {
        self.request = request
        self.options = request.options
        self.prefetcher = MetadataPrefetcher(source: source)
        self.picker = VersionPicker(
            defaultTag: request.options.defaultTag,
            engines: EngineCheck(nodeVersion: request.options.nodeVersion, npmVersion: request.options.npmVersion)
        )
        self.overrides = try OverrideRules(request.overrides) { name in
            request.devDependencies[name] ?? request.optionalDependencies[name]
                ?? request.dependencies[name] ?? request.peerDependencies[name]
        }
        switch request.update {
        case .none: (updateAll, updateNames) = (false, [])
        case let .packages(names): (updateAll, updateNames) = (false, names)
        case .all: (updateAll, updateNames) = (true, [])
        }
        var edges: [String: [String: ResolvedEdge]] = [:]
        var packages: [PackageID: ResolvedPackage] = [:]
        var byName: [String: [ChosenVersion]] = [:]
        if let previous = request.previous, !updateAll {
            edges[""] = previous.rootEdges
            packages = previous.packages
            for id in previous.sortedIDs {
                guard let package = previous.packages[id] else { continue }
                let label = "\(id.name)@\(id.version)"
                if edges[label] == nil { edges[label] = package.edges }
                if let version = Version.parse(id.version, loose: true),
                    !(byName[id.name]?.contains { $0.version == version } ?? false)
                {
                    byName[id.name, default: []].append(ChosenVersion(packageName: id.name, version: version, metadata: package.metadata))
                }
            }
        }
        self.previousEdges = edges
        self.previousPackages = packages
        self.previousVersionsByName = byName
    }

    /// Runs the whole resolution.
    func run() async throws(ResolutionError) -> Resolution {
        defer { prefetcher.cancelAll() }
        try checkRootOverrides()
        for edge in declaredEdges(of: nil) { discover(edgeName: edge.name, raw: edge.specifier) }
        try await processDependent(nil)
        var index = 0
        while index < queue.count {
            try await processDependent(queue[index])
            index += 1
        }
        return try finish()
    }

    // MARK: Declared edges

    struct DeclaredEdge {
        var name: String
        var kind: EdgeKind
        var specifier: String
    }

    /// The edges a dependent declares, sorted by name, later kinds overwriting earlier ones as
    /// arborist loads them (peer, prod, optional, then dev at the root). Peers of packages are
    /// resolved when the package is created, so they are not listed for packages.
    func declaredEdges(of dependent: PackageID?) -> [DeclaredEdge] {
        var byName: [String: DeclaredEdge] = [:]
        func add(_ specifiers: [String: String], _ kind: (String) -> EdgeKind) {
            for (name, specifier) in specifiers { byName[name] = DeclaredEdge(name: name, kind: kind(name), specifier: specifier) }
        }
        if let dependent {
            guard let metadata = instances[dependent]?.metadata else { return [] }
            add(metadata.dependencies) { _ in .prod }
            add(metadata.optionalDependencies) { _ in .optional }
            for bundled in metadata.bundleDependencies { byName[bundled] = nil }
        } else {
            if !options.legacyPeerDependencies {
                add(request.peerDependencies) { self.request.peerDependenciesMeta[$0]?.optional == true ? .peerOptional : .peer }
            }
            add(request.dependencies) { _ in .prod }
            add(request.optionalDependencies) { _ in .optional }
            add(request.devDependencies) { _ in .dev }
        }
        return byName.keys.sorted().compactMap { byName[$0] }
    }

    /// EOVERRIDE: an override may not change the specifier of one of the root's own edges.
    func checkRootOverrides() throws(ResolutionError) {
        for edge in declaredEdges(of: nil) {
            let range = try? ParsedSpecifier(edgeName: edge.name, raw: edge.specifier, includePrerelease: options.includePrerelease).range
            guard let rule = overrides.edgeRule(in: OverrideRules.root, edgeName: edge.name, range: range ?? nil),
                let replacement = overrides.replacement(rule), replacement != edge.specifier
            else { continue }
            throw .overrideConflict(name: edge.name, specifier: edge.specifier, override: replacement)
        }
    }
}

extension ParsedSpecifier {
    /// The range an override key is intersected with (`nil` for tags, which match any key).
    var range: VersionRange? {
        switch registry {
        case let .range(range, _): range
        case let .version(version): try? VersionRange(version.description)
        case .tag: nil
        }
    }
}
