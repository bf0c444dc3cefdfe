import Foundation

/// The credential sent to one registry URL.
public enum RegistryCredentials: Sendable, Hashable {
    /// `//host/path/:_authToken`, sent as `Authorization: Bearer <token>`.
    case token(String)
    /// `:_auth`, or `:username` + `:_password`: base64 of `user:password`, sent as `Basic`.
    case basic(String)

    /// The `Authorization` header value.
    public var authorizationHeader: String {
        switch self {
        case .token(let token): "Bearer \(token)"
        case .basic(let encoded): "Basic \(encoded)"
        }
    }
}

extension NpmConfiguration {
    /// The credentials npm would send with a request to `url` (npm-registry-fetch `getAuth`).
    ///
    /// Keys are tried from the full path up to the host (`NerfDart.lookupKeys`); per key a token
    /// beats `_auth`, which beats `username` + `_password` (`_password` is stored base64). When
    /// nothing matches and `registry` is on the same host (a tarball outside the registry's path),
    /// the registry's credentials are used. Credentials never go to another host.
    /// - Parameter registry: the registry the request belongs to; `registry` when `nil`.
    public func credentials(for url: String, registry: String? = nil) -> RegistryCredentials? {
        // Most configurations hold a credential for one registry or none, and an install asks
        // once per tarball: only the scopes that have one are looked up key by key.
        let scopes = credentialScopes
        guard !scopes.isEmpty else { return nil }
        if let found = credentials(lookingUp: url, scopes: scopes) { return found }
        let registry = registry ?? self.registry
        if registry != url, NerfDart.sameHost(url, registry) {
            return credentials(lookingUp: registry, scopes: scopes)
        }
        return nil
    }

    private func credentials(lookingUp url: String, scopes: Set<String>) -> RegistryCredentials? {
        for key in NerfDart.lookupKeys(for: url) where scopes.contains(key) {
            if let token = nonEmpty("\(key):_authToken") {
                return .token(token)
            }
            if let auth = nonEmpty("\(key):_auth") {
                return .basic(auth)
            }
            if let username = nonEmpty("\(key):username"), let password = nonEmpty("\(key):_password") {
                let decoded = Data(base64Encoded: password).map { String(decoding: $0, as: UTF8.self) } ?? password
                return .basic(Data("\(username):\(decoded)".utf8).base64EncodedString())
            }
        }
        return nil
    }

    /// The nerf darts some layer sets a credential for (`//host/path/:_authToken` → `//host/path/`).
    private var credentialScopes: Set<String> {
        var scopes = Set<String>()
        for settings in layers.values {
            for key in settings.keys where key.hasPrefix("//") {
                guard let colon = key.lastIndex(of: ":") else { continue }
                switch key[key.index(after: colon)...] {
                case "_authToken", "_auth", "username", "_password": scopes.insert(String(key[..<colon]))
                default: continue
                }
            }
        }
        return scopes
    }

    private func nonEmpty(_ key: String) -> String? {
        guard let value = value(for: key), case .string(let text) = value, !text.isEmpty else { return nil }
        return text
    }
}
