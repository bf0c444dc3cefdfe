import Foundation
import PkgHTTP
import PkgModel

extension RegistryClient {
    /// Writes an edited packument the way npm's deprecate, owner and unpublish commands do:
    /// `PUT /<name>` (or `PUT /<name>/-rev/<rev>` when `revision` is given) with the document.
    ///
    /// Never retried: the registry checks `_rev`, so a repeat after a lost answer would be a 409.
    /// - Throws: `RegistryError` (`.forbidden` when not a maintainer, `.notFound` for an unknown package).
    public func putPackument(_ document: JSONObject, name: String, revision: String? = nil, oneTimePassword: String? = nil) async throws(RegistryError) {
        let registry = registry(forPackage: name)
        var url = Self.base(registry) + Self.escapedName(name)
        if let revision { url += "/-rev/" + Self.encodeURIComponent(revision) }
        var request = request(
            .put, url, registry: registry,
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: Data(JSONValue.object(document).serialized()),
            oneTimePassword: oneTimePassword
        )
        request.retries = 0
        let response = try await send(request)
        guard response.isSuccess else { throw failure(response, name: name) }
    }

    /// `DELETE` a registry path (`/<name>/-rev/<rev>`, `/<name>/-/<file>.tgz/-rev/<rev>`).
    func deleteResource(_ url: String, name: String, oneTimePassword: String?) async throws(RegistryError) {
        var request = request(.delete, url, registry: registry(forPackage: name), oneTimePassword: oneTimePassword)
        request.retries = 0
        let response = try await send(request)
        guard response.isSuccess else { throw failure(response, name: name) }
    }
}
