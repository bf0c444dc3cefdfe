import PkgHTTP
import PkgModel

/// Why a registry request failed. Absence of a package in a read is a value
/// (`PackumentResponse.notFound`); `notFound` here is for callers that need it as an error.
public enum RegistryError: Diagnostic, Equatable {
    /// 404 for a package or tarball; npm's E404 wording ("… is not in this registry").
    case notFound(name: String, method: HTTPMethod, url: String)
    /// 401: no credentials, or the registry refused them.
    case unauthorized(method: HTTPMethod, url: String, reason: String)
    /// 401 with `WWW-Authenticate: OTP`: the account has two-factor auth and wants `--otp`.
    case oneTimePasswordRequired(method: HTTPMethod, url: String)
    /// 403: authenticated, but not allowed.
    case forbidden(method: HTTPMethod, url: String, reason: String)
    /// 409 (or npmjs's 403 "cannot publish over"): the version already exists; versions are immutable.
    case publishConflict(name: String, version: String?, reason: String)
    /// Login refused: wrong user name or password, or the user exists with another password.
    case loginFailed(username: String, status: Int, reason: String)
    /// Any other unexpected status.
    case unexpectedStatus(status: Int, method: HTTPMethod, url: String, reason: String)
    /// The registry answered 2xx with a body that is not what the protocol promises.
    case invalidResponse(url: String, reason: String)
    /// A packument (from the registry or the cache) is not a valid document.
    case invalidPackument(name: String, RegistryDocumentError)
    /// `--offline` and nothing cached for this request.
    case offline(name: String)
    /// The transfer failed (DNS, connect, TLS, timeout) after retries.
    case transport(HTTPError)
    /// The metadata cache could not be written.
    case cache(path: String, reason: String)

    public var code: String {
        switch self {
        case .notFound: "E404"
        case .unauthorized: "E401"
        case .oneTimePasswordRequired: "EOTP"
        case .forbidden: "E403"
        case .publishConflict: "EPUBLISHCONFLICT"
        case .loginFailed(_, let status, _): "E\(status)"
        case .unexpectedStatus(let status, _, _, _): "E\(status)"
        case .invalidResponse: "EBADRESPONSE"
        case .invalidPackument(_, let error): error.code
        case .offline: "ENOTCACHED"
        case .transport(let error): error.code
        case .cache: "ECACHE"
        }
    }

    public var message: String {
        switch self {
        case .notFound(let name, _, _):
            "`\(name)` is not in this registry"
        case .unauthorized(let method, let url, _):
            "`\(method) \(url)` was refused: authentication required"
        case .oneTimePasswordRequired(let method, let url):
            "`\(method) \(url)` requires a one-time password"
        case .forbidden(let method, let url, _):
            "`\(method) \(url)` is forbidden"
        case .publishConflict(let name, let version?, _):
            "cannot publish over the previously published version `\(name)@\(version)`"
        case .publishConflict(let name, nil, _):
            "cannot publish `\(name)`: the registry reports a conflict"
        case .loginFailed(let username, _, _):
            "could not log in as `\(username)`"
        case .unexpectedStatus(let status, let method, let url, _):
            "`\(method) \(url)` failed with status \(status)"
        case .invalidResponse(let url, _):
            "the registry sent an invalid response for `\(url)`"
        case .invalidPackument(let name, _):
            "the registry document for `\(name)` is invalid"
        case .offline(let name):
            "`\(name)` is not in the cache and `--offline` forbids the network"
        case .transport(let error):
            error.message
        case .cache(let path, _):
            "cannot write the metadata cache at `\(path)`"
        }
    }

    public var detail: [String] {
        switch self {
        case .notFound(_, let method, let url):
            ["404 Not Found - \(method) \(url)"]
        case .unauthorized(_, _, let reason), .forbidden(_, _, let reason), .publishConflict(_, _, let reason),
             .loginFailed(_, _, let reason), .unexpectedStatus(_, _, _, let reason), .invalidResponse(_, let reason),
             .cache(_, let reason):
            reason.isEmpty ? [] : [reason]
        case .oneTimePasswordRequired, .offline:
            []
        case .invalidPackument(_, let error):
            [error.message] + error.detail
        case .transport(let error):
            error.detail
        }
    }

    public var hint: String? {
        switch self {
        case .notFound:
            "check the name and the `registry` setting; you can also install from a tarball, folder, http url, or git url"
        case .unauthorized:
            "run `pkg login` for this registry, or check the token in your `.npmrc`"
        case .oneTimePasswordRequired:
            "pass `--otp=<code>` from your authenticator"
        case .forbidden:
            "check that your account may change this package"
        case .publishConflict:
            "bump the version in `package.json` and publish again"
        case .loginFailed:
            "check the user name and password"
        case .offline:
            "run the command once without `--offline` to fill the cache"
        case .transport(let error):
            error.hint
        case .invalidPackument:
            "run the command again with `--prefer-online`; if it persists, the registry serves a broken document"
        case .unexpectedStatus, .invalidResponse, .cache:
            nil
        }
    }
}
