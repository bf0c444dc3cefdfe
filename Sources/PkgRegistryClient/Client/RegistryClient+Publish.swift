import Foundation
import PkgHTTP
import PkgModel

extension RegistryClient {
    /// Publishes one version: `PUT /<escaped name>` with the publish document (manifest, dist-tags,
    /// `_attachments` holding the base64 tarball), built by the caller.
    ///
    /// Never retried: a publish that timed out may have landed, and repeating it would turn success
    /// into a conflict. 409, and npmjs's 403 "cannot publish over", become `.publishConflict`.
    /// - Parameter version: the version being published, for the conflict message.
    /// - Throws: `RegistryError`.
    public func publish(name: String, version: String?, document: Data, oneTimePassword: String? = nil) async throws(RegistryError) {
        let registry = registry(forPackage: name)
        var request = request(
            .put,
            Self.base(registry) + Self.escapedName(name),
            registry: registry,
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: document,
            oneTimePassword: oneTimePassword
        )
        request.retries = 0
        let response = try await send(request)
        guard !response.isSuccess else { return }
        let reason = Self.errorReason(response.body)
        if response.status == 409 || (response.status == 403 && reason.lowercased().contains("previously published")) {
            throw .publishConflict(name: name, version: version, reason: reason)
        }
        throw failure(response, name: name)
    }

    /// Publishes a `PublishDocument` built by PkgModel (`PublishDocument.build`).
    /// - Throws: `RegistryError`, with `.publishConflict` for a version that already exists.
    public func publish(_ document: PublishDocument, oneTimePassword: String? = nil) async throws(RegistryError) {
        try await publish(name: document.name, version: document.version, document: Data(document.serialized()), oneTimePassword: oneTimePassword)
    }

    /// `GET /-/package/<name>/dist-tags`.
    public func distTags(of name: String) async throws(RegistryError) -> [String: String] {
        let registry = registry(forPackage: name)
        let url = Self.base(registry) + "-/package/" + Self.escapedName(name) + "/dist-tags"
        let response = try await send(request(.get, url, registry: registry, headers: ["Accept": "application/json"]))
        guard response.isSuccess else { throw failure(response, name: name) }
        return try decode([String: String].self, from: response)
    }

    /// `PUT /-/package/<name>/dist-tags/<tag>` with the version as a JSON string body.
    public func setDistTag(_ tag: String, of name: String, to version: String, oneTimePassword: String? = nil) async throws(RegistryError) {
        let registry = registry(forPackage: name)
        let url = Self.base(registry) + "-/package/" + Self.escapedName(name) + "/dist-tags/" + Self.escapedTag(tag)
        let body = (try? JSONEncoder().encode(version)) ?? Data()
        let response = try await send(request(.put, url, registry: registry, headers: ["Content-Type": "application/json"], body: body, oneTimePassword: oneTimePassword))
        guard response.isSuccess else { throw failure(response, name: name) }
    }

    /// `DELETE /-/package/<name>/dist-tags/<tag>`.
    public func removeDistTag(_ tag: String, of name: String, oneTimePassword: String? = nil) async throws(RegistryError) {
        let registry = registry(forPackage: name)
        let url = Self.base(registry) + "-/package/" + Self.escapedName(name) + "/dist-tags/" + Self.escapedTag(tag)
        let response = try await send(request(.delete, url, registry: registry, oneTimePassword: oneTimePassword))
        guard response.isSuccess else { throw failure(response, name: name) }
    }

    static func escapedTag(_ tag: String) -> String {
        encodeURIComponent(tag)
    }
}
