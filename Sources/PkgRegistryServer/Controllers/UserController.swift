// Accounts over npm's CouchDB-shaped user API: `npm login`/`npm adduser` (PUT), `npm owner add`
// (GET a user), `npm whoami`, `npm logout` (DELETE the token).
import Foundation
import Hummingbird
import PkgModel

struct UserController: Sendable {
    let users: UserDirectory
    let rateLimiter: LoginRateLimiter
    let configuration: RegistryConfiguration

    static let userIDPrefix = "org.couchdb.user:"

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.put("/-/user/:id", use: login)
        router.get("/-/user/:id", use: user)
        router.get("/-/whoami", use: whoami)
        router.delete("/-/user/token/:token", use: logout)
    }

    private func userName(_ context: RegistryRequestContext) throws(RegistryError) -> String {
        let id = PackagePath.percentDecoded(Substring(context.parameters.get("id") ?? "")) ?? ""
        guard id.hasPrefix(Self.userIDPrefix), id.count > Self.userIDPrefix.count else { throw .notFound("not found") }
        return String(id.dropFirst(Self.userIDPrefix.count))
    }

    /// Logs in an existing user, or creates one when signup is allowed; answers with a new token.
    @Sendable func login(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try userName(context)
        let body = try await RequestBodyReader.json(request, limit: 64 * 1024)
        guard body["name"]?.stringValue == name else {
            throw RegistryError.invalidDocument("the body's `name` must be `\(name)`, the name in the URL")
        }
        guard let password = body["password"]?.stringValue, !password.isEmpty else {
            throw RegistryError.invalidDocument("a `password` is required")
        }
        let keys = ["user:\(name)", "address:\(context.remoteAddress)"]
        if let seconds = await rateLimiter.retryAfter(keys: keys) {
            throw RegistryError.tooManyLoginAttempts(retryAfterSeconds: seconds)
        }
        if let existing = await users.user(named: name) {
            guard UserDirectory.verifyPassword(password, hash: existing.passwordHash) else {
                await rateLimiter.recordFailure(keys: keys)
                throw RegistryError.unauthorized("incorrect user name or password")
            }
            await rateLimiter.recordSuccess(keys: keys)
        } else {
            guard configuration.allowSignup else {
                await rateLimiter.recordFailure(keys: keys)
                throw RegistryError.unauthorized("incorrect user name or password (signup is disabled on this registry; ask an administrator to run `pkg-registry user add \(name)`)")
            }
            try UserValidation.validate(name: name, password: password)
            let email = body["email"]?.stringValue ?? "\(name)@localhost"
            _ = try await users.addUser(name: name, passwordHash: UserDirectory.hashPassword(password, cost: configuration.passwordCost), email: email)
        }
        let issued = try await users.issueToken(for: name)
        return JSONResponse.make(
            .object(JSONObject([
                ("ok", true), ("id", .string(Self.userIDPrefix + name)), ("rev", "1-0"), ("token", .string(issued.token)),
            ])),
            status: .created)
    }

    /// Public user information, as `npm owner add` reads it.
    @Sendable func user(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let name = try userName(context)
        guard let user = await users.user(named: name) else { throw RegistryError.notFound("user `\(name)` not found") }
        return JSONResponse.make(.object(JSONObject([
            ("_id", .string(Self.userIDPrefix + user.name)), ("name", .string(user.name)), ("email", .string(user.email)),
            ("type", "user"), ("roles", .array([])), ("date", .string(user.created)),
        ])))
    }

    @Sendable func whoami(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return JSONResponse.make(.object(JSONObject([("username", .string(identity.name))])))
    }

    /// Revokes the token in the path; only its owner may.
    @Sendable func logout(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let token = PackagePath.percentDecoded(Substring(context.parameters.get("token") ?? "")) ?? ""
        guard let record = await users.lookUp(token: token), record.user == identity.name else {
            throw RegistryError.notFound("token not found")
        }
        try await users.revoke(key: record.key)
        return JSONResponse.ok()
    }
}

/// Rules for new accounts: names as npm allows them, passwords long enough to matter.
enum UserValidation {
    static func validate(name: String, password: String) throws(RegistryError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-._")
        guard !name.isEmpty, name.count <= 214, name.allSatisfy(allowed.contains), !name.hasPrefix("."), !name.hasPrefix("_") else {
            throw .invalidDocument("user name `\(name)` must be lowercase letters, digits, `-`, `.` or `_`")
        }
        guard password.count >= 8 else { throw .invalidDocument("a password needs at least 8 characters") }
    }
}
