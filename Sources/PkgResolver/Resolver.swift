/// Resolves a project's dependency requirements into a `ResolvedGraph`.
///
/// A pure function of the request and the metadata the source returns: no files, network or
/// processes of its own. Metadata for every newly discovered name is requested at once (many
/// requests in flight), while resolution consumes the answers in a stable order, so the result
/// never depends on which answer arrives first. docs/resolution.md explains the algorithm.
public struct Resolver: Sendable {
    public let source: any PackageSource
    /// Called on every version choice, before the resolution ends, with the package's real name
    /// and the chosen version's manifest; the install pipeline starts fetching its tarball there.
    /// A choice may still be dropped later (a skipped optional), so treat it as a hint.
    public let onChoice: (@Sendable (_ name: String, _ metadata: VersionMetadata) -> Void)?

    public init(source: any PackageSource, onChoice: (@Sendable (_ name: String, _ metadata: VersionMetadata) -> Void)? = nil) {
        self.source = source
        self.onChoice = onChoice
    }

    /// Resolves `request` against the source.
    ///
    /// - Throws: `ResolutionError` with the requirement chain of the failing edge.
    public func resolve(_ request: ResolutionRequest) async throws(ResolutionError) -> Resolution {
        let engine = try ResolutionEngine(request: request, source: source)
        engine.onChoice = onChoice
        return try await engine.run()
    }
}
