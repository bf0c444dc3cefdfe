// npm's token API (`npm token list/create/revoke`). Tokens are listed by key and display prefix;
// the token itself exists only in the create response.
import Hummingbird
import PkgModel

struct TokenController: Sendable {
    let users: UserDirectory
    let rateLimiter: LoginRateLimiter

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.get("/-/npm/v1/tokens", use: list)
        router.post("/-/npm/v1/tokens", use: create)
        router.delete("/-/npm/v1/tokens/token/:key", use: revoke)
    }

    private static func json(_ token: RegistryToken, secret: String? = nil) -> JSONValue {
        .object(JSONObject([
            ("token", .string(secret ?? token.displayPrefix + "…")),
            ("key", .string(token.key)),
            ("cidr_whitelist", token.cidrWhitelist.isEmpty ? .null : .array(token.cidrWhitelist.map(JSONValue.string))),
            ("readonly", .bool(token.readonly)),
            ("created", .string(token.created)),
            ("updated", .string(token.created)),
        ]))
    }

    @Sendable func list(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tokens = await users.tokens(of: identity.name)
        let perPage = max(1, min(request.uri.queryParameters.get("perPage").flatMap(Int.init) ?? 100, 1000))
        let page = max(0, request.uri.queryParameters.get("page").flatMap(Int.init) ?? 0)
        let slice = tokens.dropFirst(page * perPage).prefix(perPage)
        return JSONResponse.make(.object(JSONObject([
            ("objects", .array(slice.map { Self.json($0) })),
            ("total", .integer(tokens.count)),
            ("urls", .object(JSONObject([("next", .null), ("prev", .null)]))),
        ])))
    }

    /// Creates a token after checking the password again, as npm requires.
    @Sendable func create(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let identity = try context.requireWriter()
        let body = try await RequestBodyReader.json(request, limit: 64 * 1024)
        guard let password = body["password"]?.stringValue else { throw RegistryError.invalidDocument("a `password` is required") }
        let keys = ["user:\(identity.name)", "address:\(context.remoteAddress)"]
        if let seconds = await rateLimiter.retryAfter(keys: keys) { throw RegistryError.tooManyLoginAttempts(retryAfterSeconds: seconds) }
        guard let user = await users.user(named: identity.name), UserDirectory.verifyPassword(password, hash: user.passwordHash) else {
            await rateLimiter.recordFailure(keys: keys)
            throw RegistryError.unauthorized("incorrect password")
        }
        let cidr = body["cidr_whitelist"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let issued = try await users.issueToken(for: identity.name, readonly: body["readonly"]?.boolValue ?? false, cidrWhitelist: cidr)
        return JSONResponse.make(Self.json(issued.record, secret: issued.token))
    }

    @Sendable func revoke(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let identity = try context.requireWriter()
        let key = context.parameters.get("key") ?? ""
        guard let token = await users.tokens(of: identity.name).first(where: { $0.key == key }) else {
            throw RegistryError.notFound("token not found")
        }
        try await users.revoke(key: token.key)
        return Response(status: .noContent)
    }
}
