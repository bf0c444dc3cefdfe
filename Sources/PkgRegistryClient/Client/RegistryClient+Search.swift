import Foundation
import PkgHTTP
import PkgModel

extension RegistryClient {
    /// `GET /-/v1/search?text=…&size=…&from=…` with npm's default weights.
    /// - Returns: each result's `package` object (name, version, description, keywords, date,
    ///   links, publisher, maintainers), in the registry's order.
    public func search(text: String, limit: Int = 20, from: Int = 0) async throws(RegistryError) -> [JSONObject] {
        let registry = configuration.registry
        var components = URLComponents()
        components.queryItems = [
            URLQueryItem(name: "text", value: text),
            URLQueryItem(name: "size", value: String(limit)),
            URLQueryItem(name: "from", value: String(from)),
            URLQueryItem(name: "quality", value: "0.65"),
            URLQueryItem(name: "popularity", value: "0.98"),
            URLQueryItem(name: "maintenance", value: "0.5"),
        ]
        let query = components.percentEncodedQuery ?? ""
        let url = Self.base(registry) + "-/v1/search?" + query
        let response = try await send(request(.get, url, registry: registry, headers: ["Accept": "application/json"]))
        guard response.isSuccess else { throw failure(response) }
        guard let body = try? JSONValue(parsing: [UInt8](response.body)), let objects = body["objects"]?.arrayValue else {
            throw .invalidResponse(url: response.redactedURL, reason: "expected `{objects: [...]}`")
        }
        return objects.compactMap { $0["package"]?.objectValue }
    }
}
