// A lockfile's graph taken as it is (`pkg ci` never resolves). The lockfile holds every
// platform's optional packages, as npm's does, so that one lockfile serves every machine; which of
// them this machine installs is decided here, by the same rule resolution applies.
import PkgModel

extension Resolution {
    /// The locked `graph` for an install on `platform`: optional packages that do not support
    /// it are skipped, with everything that only they need, as a fresh resolution would skip them.
    ///
    /// A non-optional package that does not support the platform is kept: the lockfile was made
    /// with `--force` or on a machine where it fits, and the install should then fail or run as
    /// npm's would, not silently lose a required package.
    public static func locked(_ graph: ResolvedGraph, platform: Platform?) -> Resolution {
        guard let platform else { return Resolution(graph: graph) }
        let check = PlatformCheck(platform: platform)
        var skippedRoots: Set<PackageID> = []
        for (id, package) in graph.packages where package.flags.optional && check.failure(of: package.metadata) != nil {
            skippedRoots.insert(id)
        }
        guard !skippedRoots.isEmpty else { return Resolution(graph: graph) }
        var installed: Set<PackageID> = []
        var stack = graph.rootEdges.values.compactMap(\.target).filter { !skippedRoots.contains($0) }
        while let id = stack.popLast() {
            guard installed.insert(id).inserted, let package = graph.packages[id] else { continue }
            for edge in package.edges.values {
                if let target = edge.target, !skippedRoots.contains(target), !installed.contains(target) { stack.append(target) }
            }
        }
        return Resolution(graph: graph, skippedOptional: Set(graph.packages.keys).subtracting(installed))
    }
}
