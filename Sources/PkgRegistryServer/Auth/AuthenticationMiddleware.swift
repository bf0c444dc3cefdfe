// Establishes who is calling from `Authorization: Bearer <token>` (what npm sends) or `Basic`
// (user:password, checked with bcrypt and rate-limited like logins). Bad credentials leave the
// request anonymous; routes that need a user then answer 401.
import Foundation
import Hummingbird
import PkgModel

struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let users: UserDirectory
    let rateLimiter: LoginRateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            context.identity = try await identity(from: header, address: context.remoteAddress)
        }
        return try await next(request, context)
    }

    private func identity(from header: String, address: String) async throws -> RegistryIdentity? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        switch parts[0].lowercased() {
        case "bearer":
            guard let token = await users.lookUp(token: String(parts[1])) else { return nil }
            return RegistryIdentity(name: token.user, tokenKey: token.key, readonly: token.readonly)
        case "basic":
            guard let decoded = Data(base64Encoded: String(parts[1])).flatMap({ String(data: $0, encoding: .utf8) }),
                let colon = decoded.firstIndex(of: ":")
            else { return nil }
            let name = String(decoded[..<colon])
            let password = String(decoded[decoded.index(after: colon)...])
            let keys = ["user:\(name)", "address:\(address)"]
            if let seconds = await rateLimiter.retryAfter(keys: keys) { throw RegistryError.tooManyLoginAttempts(retryAfterSeconds: seconds) }
            guard let user = await users.user(named: name), UserDirectory.verifyPassword(password, hash: user.passwordHash) else {
                await rateLimiter.recordFailure(keys: keys)
                return nil
            }
            return RegistryIdentity(name: name, tokenKey: nil, readonly: false)
        default:
            return nil
        }
    }
}
