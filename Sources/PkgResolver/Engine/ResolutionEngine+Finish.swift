// After the loop: drop failed optional subtrees and unreachable instances, compute npm's flags,
// then check platform and engines (skipping optional packages that do not fit) and collect
// deprecation warnings.
import PkgModel

extension ResolutionEngine {
    func finish() throws(ResolutionError) -> Resolution {
        for entry in prunedOptionalEntries {
            if let dependent = entry.dependent {
                instances[dependent]?.edges[entry.edgeName]?.target = nil
            } else {
                rootEdges[entry.edgeName]?.target = nil
            }
        }
        let reachable = Self.reach(rootEdges: rootEdges, instances: instances)
        for failure in failuresBelowOptional where failure.dependent.map(reachable.contains) ?? true {
            throw failure.error
        }
        var packages: [PackageID: ResolvedPackage] = [:]
        for id in reachable {
            guard let state = instances[id] else { continue }
            packages[id] = ResolvedPackage(id: id, metadata: state.metadata, edges: state.edges)
        }
        var graph = ResolvedGraph(rootEdges: rootEdges, packages: packages)
        graph.computeFlags()

        var skippedRoots: Set<PackageID> = []
        let engines = picker.engines
        for id in graph.sortedIDs {
            guard let package = graph.packages[id] else { continue }
            let chain = instances[id]?.chain ?? []
            if let platform = options.platform, let failure = PlatformCheck(platform: platform).failure(of: package.metadata) {
                if package.flags.optional {
                    skippedRoots.insert(id)
                    warnings.append(skipWarning(chain, reason: "`\(id)` does not support this platform: wanted \(failure.wanted), current \(failure.current)"))
                    continue
                } else if !options.force {
                    throw .unsupportedPlatform(id, wanted: failure.wanted, current: failure.current, chain: chain)
                }
            }
            if let failure = engines.failure(of: package.metadata) {
                if package.flags.optional {
                    skippedRoots.insert(id)
                    warnings.append(skipWarning(chain, reason: "`\(id)` does not support \(failure.engine) \(failure.current): wanted \(failure.required)"))
                } else if options.engineStrict {
                    throw .unsupportedEngine(id, engine: failure.engine, required: failure.required, current: failure.current)
                } else {
                    warnings.append(.unsupportedEngine(id, engine: failure.engine, required: failure.required, current: failure.current))
                }
            }
        }
        let installed = graph.reachable(avoiding: skippedRoots)
        let skipped = Set(graph.packages.keys).subtracting(installed)
        for id in graph.sortedIDs where !skipped.contains(id) {
            if let message = graph.packages[id]?.deprecated { warnings.append(.deprecated(id, message: message)) }
        }
        return Resolution(graph: graph, warnings: warnings, skippedOptional: skipped)
    }

    private func skipWarning(_ chain: [Requirement], reason: String) -> ResolutionWarning {
        let last = chain.last
        return .optionalSkipped(edgeName: last?.edgeName ?? "", specifier: last?.specifier ?? "", dependent: last?.dependent, reason: reason)
    }

    /// Instances reachable from the root, before the graph is built (unreachable ones are dropped).
    static func reach(rootEdges: [String: ResolvedEdge], instances: [PackageID: InstanceState]) -> Set<PackageID> {
        var seen: Set<PackageID> = []
        var stack = rootEdges.values.compactMap(\.target)
        while let id = stack.popLast() {
            guard seen.insert(id).inserted, let state = instances[id] else { continue }
            stack += state.edges.values.compactMap(\.target).filter { !seen.contains($0) }
        }
        return seen
    }
}
