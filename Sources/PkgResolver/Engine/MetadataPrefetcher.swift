/// One metadata request per package name, started the moment the name is discovered.
///
/// The resolution loop calls `prefetch` for every name it learns about (dependencies of each chosen
/// version) and later awaits `metadata(for:)` in its own stable order: many requests are in flight
/// while it works, and the order answers arrive in never changes the result.
final class MetadataPrefetcher {
    private let source: any PackageSource
    private var tasks: [String: Task<PackageMetadataResult, any Error>] = [:]
    private(set) var requestedNames: [String] = []

    init(source: any PackageSource) {
        self.source = source
    }

    /// Starts fetching `name` unless a request for it exists already.
    func prefetch(_ name: String) {
        guard tasks[name] == nil else { return }
        let source = self.source
        requestedNames.append(name)
        tasks[name] = Task { try await source.metadata(for: name) }
    }

    /// The answer for `name`, starting the request if nobody has.
    func metadata(for name: String) async -> Result<PackageMetadataResult, any Error> {
        prefetch(name)
        guard let task = tasks[name] else { return .success(.notFound) }
        do {
            return .success(try await task.value)
        } catch {
            return .failure(error)
        }
    }

    /// Cancels requests whose answers are no longer needed (resolution finished or failed).
    func cancelAll() {
        for task in tasks.values { task.cancel() }
    }
}
