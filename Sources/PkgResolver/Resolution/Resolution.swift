/// What `Resolver.resolve` returns: the graph plus what the user should be told about it.
public struct Resolution: Sendable, Hashable {
    public var graph: ResolvedGraph
    /// Deprecations, engine mismatches, skipped optionals and overridden peer conflicts, in a stable
    /// order; print them grouped after the install.
    public var warnings: [ResolutionWarning]
    /// Optional packages that are in the graph (and so the lockfile, as npm keeps them) but must
    /// not be installed on this platform, with everything only they need.
    public var skippedOptional: Set<PackageID>

    public init(graph: ResolvedGraph, warnings: [ResolutionWarning] = [], skippedOptional: Set<PackageID> = []) {
        self.graph = graph
        self.warnings = warnings
        self.skippedOptional = skippedOptional
    }

    /// The instances to install: the graph minus skipped optionals and the omitted kinds.
    ///
    /// npm's rules: `dev` omits packages flagged dev; `optional` omits optional ones (and
    /// devOptional ones only when dev is omitted too); `peer` omits packages flagged peer.
    public func packagesToInstall(omit: Set<OmittedKind> = []) -> [PackageID] {
        graph.sortedIDs.filter { id in
            guard !skippedOptional.contains(id), let flags = graph.packages[id]?.flags else { return false }
            if omit.contains(.dev), flags.dev { return false }
            if omit.contains(.optional), flags.optional { return false }
            if omit.contains(.dev), omit.contains(.optional), flags.devOptional { return false }
            if omit.contains(.peer), flags.peer { return false }
            return true
        }
    }
}

/// The kinds `--omit` accepts.
public enum OmittedKind: String, Sendable, Hashable, CaseIterable {
    case dev
    case optional
    case peer
}
