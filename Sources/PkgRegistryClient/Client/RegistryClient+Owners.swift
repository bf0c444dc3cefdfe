import Foundation
import PkgHTTP
import PkgModel

extension RegistryClient {
    /// `GET /-/user/org.couchdb.user:<name>`: the user's name and e-mail, for `owner add/rm`.
    /// - Throws: `RegistryError.notFound` naming the user when the registry has no such user.
    public func user(named username: String) async throws(RegistryError) -> RegistryPerson {
        let registry = configuration.registry
        let url = Self.base(registry) + "-/user/org.couchdb.user:" + Self.encodeURIComponent(username)
        let response = try await send(request(.get, url, registry: registry, headers: ["Accept": "application/json"]))
        guard response.isSuccess else { throw failure(response, name: username) }
        struct Answer: Decodable { var name: String?; var email: String? }
        let answer = try decode(Answer.self, from: response)
        return RegistryPerson(name: answer.name ?? username, email: answer.email)
    }

    /// Replaces `name`'s maintainers as `npm owner` does: `PUT /<name>/-rev/<rev>` with
    /// `{_id, _rev, maintainers}`.
    public func setMaintainers(_ maintainers: [RegistryPerson], of packument: Packument, oneTimePassword: String? = nil) async throws(RegistryError) {
        var document = JSONObject()
        document["_id"] = packument.object["_id"] ?? .string(packument.name)
        if let revision = packument.revision { document["_rev"] = .string(revision) }
        document["maintainers"] = .array(maintainers.map(\.json))
        try await putPackument(document, name: packument.name, revision: packument.revision ?? "", oneTimePassword: oneTimePassword)
    }
}
