// Every failure the registry reports to a client. The HTTP status of each case is decided in one
// place, `RegistryError.status`, with the reason in the case's doc comment (STYLE.md section 3).
import Hummingbird
import PkgModel

/// A failure the registry answers with an npm-shaped error body.
enum RegistryError: Diagnostic, Equatable {
    /// The name breaks npm's naming rules: 400, the request can never succeed as sent.
    case invalidPackageName(String, rule: String)
    /// The body is not JSON or has duplicate keys: 400; two JSON readers must never disagree.
    case invalidJSON(reason: String)
    /// The document is JSON but not the shape the route expects: 400.
    case invalidDocument(String)
    /// The publish tarball or its metadata is inconsistent (integrity, name, version, unsafe
    /// entries): 422, the request was understood but its content is refused.
    case invalidTarball(String)
    /// No credentials, or credentials that do not match a user or token: 401.
    case unauthorized(String)
    /// A known user lacks the right for this package or action: 403.
    case forbidden(String)
    /// The package, version, tarball, user or token does not exist: 404.
    case notFound(String)
    /// Versions are immutable: a republish, even of an unpublished version, is 409, as is a
    /// write based on a stale `_rev` and an adduser for a taken name.
    case conflict(String)
    /// The body is larger than the configured limit: 413.
    case bodyTooLarge(limit: Int)
    /// A write route received something other than JSON: 415.
    case unsupportedMediaType(String)
    /// Too many failed logins for a user or address: 429 with `Retry-After`.
    case tooManyLoginAttempts(retryAfterSeconds: Int)

    var status: HTTPResponse.Status {
        switch self {
        case .invalidPackageName, .invalidJSON, .invalidDocument: .badRequest
        case .invalidTarball: .unprocessableContent
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .tooManyLoginAttempts: .tooManyRequests
        }
    }

    var code: String {
        switch self {
        case .invalidPackageName: "EINVALIDPACKAGENAME"
        case .invalidJSON: "EJSONPARSE"
        case .invalidDocument: "EBADREQUEST"
        case .invalidTarball: "EBADTARBALL"
        case .unauthorized: "E401"
        case .forbidden: "E403"
        case .notFound: "E404"
        case .conflict: "E409"
        case .bodyTooLarge: "E413"
        case .unsupportedMediaType: "E415"
        case .tooManyLoginAttempts: "E429"
        }
    }

    var message: String {
        switch self {
        case .invalidPackageName(let name, let rule): "invalid package name `\(name)`: \(rule)"
        case .invalidJSON(let reason): "the request body is not valid JSON: \(reason)"
        case .invalidDocument(let reason): reason
        case .invalidTarball(let reason): reason
        case .unauthorized(let reason): reason
        case .forbidden(let reason): reason
        case .notFound(let reason): reason
        case .conflict(let reason): reason
        case .bodyTooLarge(let limit): "the request body is larger than the registry's limit of \(limit) bytes"
        case .unsupportedMediaType(let type): "the request body must be `application/json`, not `\(type)`"
        case .tooManyLoginAttempts(let seconds): "too many failed login attempts; try again in \(seconds) seconds"
        }
    }
}
