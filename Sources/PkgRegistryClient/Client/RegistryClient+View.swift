import Foundation
import PkgHTTP
import PkgModel

extension RegistryClient {
    /// The full packument for `pkg view`, uncached (npm views with `preferOnline`), with the
    /// body's length, which npm shows as `_contentLength` in `view --json`.
    /// - Throws: `RegistryError.notFound` on 404, `.invalidPackument`, or transport and status errors.
    public func packumentForView(named name: String) async throws(RegistryError) -> (packument: Packument, contentLength: Int?) {
        let response = try await send(request(.get, packumentURL(for: name), registry: registry(forPackage: name), headers: ["Accept": "application/json"]))
        guard response.isSuccess else { throw failure(response, name: name) }
        let packument = try PackumentDocument(name: name, data: response.body, etag: response.headers["ETag"], source: .network).packument()
        // The decoded length: what `Content-Length` says when the registry does not compress,
        // which is what npm's fetcher sees from pkg-registry.
        return (packument, response.body.count)
    }
}
