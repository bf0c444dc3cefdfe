// Access decisions every package route shares: the configured glob rules first, then
// maintainership for changes to an existing package.
import Hummingbird
import PkgModel

struct PackageAccess: Sendable {
    let rules: AccessRules

    /// - Throws: 401 for an anonymous caller the rules refuse, 403 for a known one.
    func check(_ action: PackageAction, on name: RegistryPackageName, identity: RegistryIdentity?) throws(RegistryError) {
        guard !rules.allows(action, on: name.rawValue, user: identity?.name) else { return }
        guard let identity else { throw .unauthorized("you must be logged in to \(Self.verb(action)) `\(name)`") }
        throw .forbidden("user `\(identity.name)` may not \(Self.verb(action)) `\(name)`")
    }

    /// - Throws: 403 unless `user` is one of the package's maintainers.
    func requireMaintainer(_ packument: JSONObject, name: RegistryPackageName, user: String) throws(RegistryError) {
        let maintainers = packument["maintainers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        guard maintainers.contains(user) else {
            throw .forbidden("user `\(user)` is not a maintainer of `\(name)`; ask one of \(maintainers.map { "`\($0)`" }.joined(separator: ", ")) to run `npm owner add \(user) \(name)`")
        }
    }

    private static func verb(_ action: PackageAction) -> String {
        switch action {
        case .access: "read"
        case .publish: "publish"
        case .unpublish: "unpublish"
        }
    }

    /// The base of absolute URLs in responses: the configured public URL, else the request's host.
    /// `authority` is the request's `Host`.
    static func baseURL(authority: String?, configuration: RegistryConfiguration) -> String {
        if let publicURL = configuration.publicURL {
            return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        }
        let host = authority ?? "\(configuration.host):\(configuration.port)"
        // Behind a TLS proxy, set `publicURL`; the Host header alone cannot tell the scheme.
        return "http://\(host)"
    }
}
