// A lockfile's graph taken as it is (`pkg ci` never resolves). The lockfile holds every
// platform's optional packages, as npm's does, so that one lockfile serves every machine; which of
// them this machine installs is decided here, by the same rule resolution applies.
import PkgModel

extension Resolution {
    /// The locked `graph` for an install with `options`: optional packages that do not support
    /// its platform or engines (node, npm) are skipped, with everything that only they need, as a
    /// fresh resolution would skip them.
    ///
    /// A non-optional package that does not support the platform is kept: the lockfile was made
    /// with `--force` or on a machine where it fits, and the install should then fail or run as
    /// npm's would, not silently lose a required package.
    public static func locked(_ graph: ResolvedGraph, options: ResolutionOptions) -> Resolution {
        let platform = options.platform.map { PlatformCheck(platform: $0) }
        let engines = EngineCheck(nodeVersion: options.nodeVersion, npmVersion: options.npmVersion)
        var skippedRoots: Set<PackageID> = []
        for (id, package) in graph.packages where package.flags.optional {
            if platform?.failure(of: package.metadata) != nil || engines.failure(of: package.metadata) != nil {
                skippedRoots.insert(id)
            }
        }
        guard !skippedRoots.isEmpty else { return Resolution(graph: graph) }
        return Resolution(graph: graph, skippedOptional: Set(graph.packages.keys).subtracting(graph.reachable(avoiding: skippedRoots)))
    }
}
