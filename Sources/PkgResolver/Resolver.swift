/// Resolves a project's dependency requirements into a `ResolvedGraph`.
///
/// A pure function of the request and the metadata the source returns: no files, network or
/// processes of its own. Metadata for every newly discovered name is requested at once (many
/// requests in flight), while resolution consumes the answers in a stable order, so the result
/// never depends on which answer arrives first. docs/resolution.md explains the algorithm.
public struct Resolver: Sendable {
    public let source: any PackageSource

    public init(source: any PackageSource) {
        self.source = source
    }

    /// Resolves `request` against the source.
    ///
    /// - Throws: `ResolutionError` with the requirement chain of the failing edge.
    public func resolve(_ request: ResolutionRequest) async throws(ResolutionError) -> Resolution {
        let engine = try ResolutionEngine(request: request, source: source)
        return try await engine.run()
    }
}
