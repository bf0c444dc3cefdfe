import Foundation
import PkgHTTP
import PkgModel
import Synchronization

extension RegistryClient {
    /// Fetches `name`'s abbreviated packument through the metadata cache.
    ///
    /// `.revalidate` sends `If-None-Match` with the cached ETag and uses the cached bytes on 304;
    /// `.preferOffline` uses any cached copy without asking; `.offline` never touches the network.
    /// - Parameter policy: overrides the client's `cachePolicy` (from `--offline`/`--prefer-offline`).
    /// - Returns: `.found`, `.notFound` on 404, or `.offline` for a miss in offline mode.
    /// - Throws: `RegistryError` for transport failures, refused credentials and other statuses.
    /// Concurrent calls for the same name and policy share one request (the resolver asks for a
    /// name as soon as it is discovered, often from several dependents at once).
    public func packument(named name: String, policy: CachePolicy? = nil) async throws(RegistryError) -> PackumentResponse {
        let policy = policy ?? cachePolicy
        let key = PackumentKey(name: name, policy: policy)
        let task = inFlightPackuments.withLock { tasks in
            if let existing = tasks[key] { return existing }
            let task = Task<PackumentResponse, any Error> { try await self.loadPackument(named: name, policy: policy) }
            tasks[key] = task
            return task
        }
        let result = await task.result
        inFlightPackuments.withLock { tasks in
            // Only the first finisher removes the entry; a later request starts afresh.
            if tasks[key] == task { tasks[key] = nil }
        }
        switch result {
        case .success(let response):
            return response
        case .failure(let error as RegistryError):
            throw error
        case .failure(let error):
            throw .transport(.transport(kind: .other, method: .get, url: URLRedaction.redact(packumentURL(for: name)), reason: "\(error)"))
        }
    }

    /// `packument(named:policy:)` for a validated name.
    public func packument(for name: PackageName, policy: CachePolicy? = nil) async throws(RegistryError) -> PackumentResponse {
        try await packument(named: name.rawValue, policy: policy)
    }

    private func loadPackument(named name: String, policy: CachePolicy) async throws(RegistryError) -> PackumentResponse {
        let registry = registry(forPackage: name)
        let cached = cache.read(name: name, registry: registry)
        switch policy {
        case .offline:
            guard let cached else { return .offline(name: name) }
            return .found(PackumentDocument(name: name, data: cached.data, etag: cached.etag, source: .cache))
        case .preferOffline:
            if let cached {
                return .found(PackumentDocument(name: name, data: cached.data, etag: cached.etag, source: .cache))
            }
        case .revalidate:
            break
        }

        var headers: HTTPHeaders = ["Accept": Self.abbreviatedAccept]
        if let etag = cached?.etag { headers["If-None-Match"] = etag }
        let response = try await send(request(.get, packumentURL(for: name), registry: registry, headers: headers))
        switch response.status {
        case 304:
            guard let cached else {
                throw .invalidResponse(url: response.redactedURL, reason: "304 Not Modified without a conditional request")
            }
            return .found(PackumentDocument(name: name, data: cached.data, etag: response.headers["ETag"] ?? cached.etag, source: .revalidated))
        case 404:
            return .notFound(name: name)
        case 200..<300:
            let etag = response.headers["ETag"]
            try cache.write(name: name, registry: registry, data: response.body, etag: etag)
            return .found(PackumentDocument(name: name, data: response.body, etag: etag, source: .network))
        default:
            throw failure(response, name: name)
        }
    }

    /// Fetches the full packument (`Accept: application/json`), uncached: what deprecate,
    /// unpublish and dist-tag edits read before writing. `write` adds `?write=true`, which asks
    /// the registry for its authoritative copy.
    /// - Throws: `RegistryError.notFound` on 404, `.invalidPackument`, or transport and status errors.
    public func fullPackument(named name: String, write: Bool = false) async throws(RegistryError) -> Packument {
        let url = packumentURL(for: name) + (write ? "?write=true" : "")
        let response = try await send(request(.get, url, registry: registry(forPackage: name), headers: ["Accept": "application/json"]))
        guard response.isSuccess else { throw failure(response, name: name) }
        return try PackumentDocument(name: name, data: response.body, etag: response.headers["ETag"], source: .network).packument()
    }

    /// Downloads a tarball, handing its bytes to `onChunk` as they arrive (for hashing and
    /// extraction while streaming). Credentials go with it only if configured for its URL (or for
    /// `packageName`'s registry on the same host).
    /// - Returns: the number of bytes delivered.
    /// - Throws: `RegistryError.notFound` on 404, other statuses and transport failures as
    ///   `RegistryError`, or the error `onChunk` threw (unchanged).
    @discardableResult
    public func downloadTarball(
        from url: String,
        packageName: String? = nil,
        onChunk: @escaping @Sendable (Data) throws -> Void
    ) async throws -> Int {
        let registry = packageName.map { self.registry(forPackage: $0) } ?? configuration.registry
        let counter = ByteCounter()
        let response: HTTPResponse
        do {
            response = try await http.stream(request(.get, url, registry: registry)) { chunk in
                counter.add(chunk.count)
                try onChunk(chunk)
            }
        } catch let error as HTTPError {
            throw RegistryError.transport(error)
        }
        guard response.isSuccess else {
            throw failure(response, name: packageName.map { "\($0) tarball" })
        }
        return counter.total
    }
}

/// Counts streamed bytes across the I/O thread and the awaiting task.
final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add(_ bytes: Int) {
        lock.lock()
        count += bytes
        lock.unlock()
    }

    var total: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

/// Identifies one in-flight packument load for coalescing.
struct PackumentKey: Hashable, Sendable {
    var name: String
    var policy: CachePolicy
}
