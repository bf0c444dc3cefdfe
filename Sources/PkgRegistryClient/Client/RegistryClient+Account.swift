import Foundation
import PkgHTTP

/// What a successful `pkg login` learned.
public struct LoginResult: Sendable, Hashable {
    public var username: String
    /// The bearer token to store as `//host/:_authToken`.
    public var token: String

    public init(username: String, token: String) {
        self.username = username
        self.token = token
    }
}

/// One access token as `GET /-/npm/v1/tokens` lists it (the token itself is redacted there).
public struct AccessToken: Sendable, Hashable, Codable {
    public var token: String
    /// The token's SHA-512 (hex), used to revoke it.
    public var key: String
    public var readonly: Bool?
    public var created: String?
    public var cidrWhitelist: [String]?

    enum CodingKeys: String, CodingKey {
        case token, key, readonly, created
        case cidrWhitelist = "cidr_whitelist"
    }
}

extension RegistryClient {
    /// Logs in (or creates the user) with npm's legacy CouchDB flow:
    /// `PUT /-/user/org.couchdb.user:<name>` with `{_id, name, password, type, roles, date}`.
    /// - Parameter registry: the registry to log in to; `registry` when `nil`.
    /// - Throws: `RegistryError.loginFailed` on 400/401/409, `.oneTimePasswordRequired`, or transport errors.
    public func login(
        username: String,
        password: String,
        email: String? = nil,
        registry: String? = nil,
        oneTimePassword: String? = nil
    ) async throws(RegistryError) -> LoginResult {
        let registry = registry ?? configuration.registry
        var document: [String: Any] = [
            "_id": "org.couchdb.user:\(username)",
            "name": username,
            "password": password,
            "type": "user",
            "roles": [String](),
            "date": ISO8601DateFormatter().string(from: Date()),
        ]
        if let email { document["email"] = email }
        let body = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        let escapedUser = Self.encodeURIComponent(username)
        let url = Self.base(registry) + "-/user/org.couchdb.user:" + escapedUser
        var request = request(.put, url, registry: registry, headers: ["Content-Type": "application/json", "Accept": "application/json"], body: body, oneTimePassword: oneTimePassword)
        // Credentials from an earlier login must not decide who this login is for.
        request.headers["Authorization"] = nil
        request.retries = 0
        let response = try await send(request)
        switch response.status {
        case 200..<300:
            struct Answer: Decodable { var token: String? }
            guard let token = try decode(Answer.self, from: response).token, !token.isEmpty else {
                throw .invalidResponse(url: response.redactedURL, reason: "the login answer has no `token`")
            }
            return LoginResult(username: username, token: token)
        case 400, 409:
            throw .loginFailed(username: username, status: response.status, reason: Self.errorReason(response.body))
        case 401:
            let error = failure(response)
            if case .oneTimePasswordRequired = error { throw error }
            throw .loginFailed(username: username, status: 401, reason: Self.errorReason(response.body))
        default:
            throw failure(response)
        }
    }

    /// `GET /-/whoami` with the configured credentials.
    /// - Returns: the user name the registry associates with the token.
    /// - Throws: `RegistryError.unauthorized` when not logged in (npm's `ENEEDAUTH` case).
    public func whoami(registry: String? = nil) async throws(RegistryError) -> String {
        let registry = registry ?? configuration.registry
        let response = try await send(request(.get, Self.base(registry) + "-/whoami", registry: registry, headers: ["Accept": "application/json"]))
        guard response.isSuccess else { throw failure(response) }
        struct Answer: Decodable { var username: String }
        return try decode(Answer.self, from: response).username
    }

    /// Revokes `token` on the registry (`DELETE /-/user/token/<token>`), as `npm logout` does.
    /// A 404 counts as success: the token is gone either way.
    public func logout(token: String, registry: String? = nil) async throws(RegistryError) {
        let registry = registry ?? configuration.registry
        let escaped = Self.encodeURIComponent(token)
        let response = try await send(request(.delete, Self.base(registry) + "-/user/token/" + escaped, registry: registry))
        guard response.isSuccess || response.status == 404 else { throw failure(response) }
    }

    /// `GET /-/npm/v1/tokens`: the account's tokens (first page).
    public func tokens(registry: String? = nil) async throws(RegistryError) -> [AccessToken] {
        let registry = registry ?? configuration.registry
        let response = try await send(request(.get, Self.base(registry) + "-/npm/v1/tokens", registry: registry, headers: ["Accept": "application/json"]))
        guard response.isSuccess else { throw failure(response) }
        struct Page: Decodable { var objects: [AccessToken] }
        return try decode(Page.self, from: response).objects
    }

    /// `POST /-/npm/v1/tokens`: creates a token; the answer is the only time its value is shown.
    public func createToken(password: String, readonly: Bool = false, cidrWhitelist: [String] = [], registry: String? = nil, oneTimePassword: String? = nil) async throws(RegistryError) -> AccessToken {
        let registry = registry ?? configuration.registry
        var document: [String: Any] = ["password": password, "readonly": readonly]
        if !cidrWhitelist.isEmpty { document["cidr_whitelist"] = cidrWhitelist }
        let body = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        var request = request(.post, Self.base(registry) + "-/npm/v1/tokens", registry: registry, headers: ["Content-Type": "application/json"], body: body, oneTimePassword: oneTimePassword)
        request.retries = 0
        let response = try await send(request)
        guard response.isSuccess else { throw failure(response) }
        return try decode(AccessToken.self, from: response)
    }

    /// `DELETE /-/npm/v1/tokens/token/<key>`.
    public func revokeToken(key: String, registry: String? = nil, oneTimePassword: String? = nil) async throws(RegistryError) {
        let registry = registry ?? configuration.registry
        let escaped = Self.encodeURIComponent(key)
        let response = try await send(request(.delete, Self.base(registry) + "-/npm/v1/tokens/token/" + escaped, registry: registry, oneTimePassword: oneTimePassword))
        guard response.isSuccess else { throw failure(response) }
    }

    /// JavaScript's `encodeURIComponent`, which npm uses for path segments it builds.
    static func encodeURIComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.!~*'()"))) ?? text
    }
}
