import PkgModel

/// Why an HTTP request failed: a status the caller refused, or a transfer that never completed.
///
/// Every case carries the method and the URL with credentials already redacted, so rendering an
/// `HTTPError` can never leak a token (STYLE.md §3).
public enum HTTPError: Diagnostic, Equatable {
    /// The server answered with a status the caller does not accept; `body` is its first 512 bytes.
    case status(code: Int, method: HTTPMethod, url: String, body: String)
    /// The transfer failed before a complete response arrived (DNS, connect, TLS, reset, timeout).
    /// `kind` is npm's error code for it (`ETIMEDOUT`, `ECONNREFUSED`, …); `reason` is curl's message.
    case transport(kind: TransportErrorKind, method: HTTPMethod, url: String, reason: String)
    /// The request itself cannot be sent (a URL that is not absolute `http`/`https`).
    case invalidRequest(method: HTTPMethod, url: String, reason: String)
    /// The libcurl shared library could not be opened (it is loaded on the first request, not linked).
    case libraryUnavailable(method: HTTPMethod, url: String, reason: String)

    public var code: String {
        switch self {
        case .status(let code, _, _, _): "E\(code)"
        case .transport(let kind, _, _, _): kind.rawValue
        case .invalidRequest: "EINVALIDURL"
        case .libraryUnavailable: "ELIBCURL"
        }
    }

    public var message: String {
        switch self {
        case .status(let code, let method, let url, _):
            "`\(method) \(url)` failed with status \(code)"
        case .transport(let kind, let method, let url, _):
            "`\(method) \(url)` failed: \(kind.summary)"
        case .invalidRequest(let method, let url, let reason):
            "cannot send `\(method) \(url)`: \(reason)"
        case .libraryUnavailable(let method, let url, _):
            "cannot send `\(method) \(url)`: libcurl could not be loaded"
        }
    }

    public var detail: [String] {
        switch self {
        case .status(_, _, _, let body):
            body.isEmpty ? [] : [body.split(whereSeparator: \.isNewline).first.map(String.init) ?? body]
        case .transport(_, _, _, let reason):
            reason.isEmpty ? [] : [reason]
        case .invalidRequest:
            []
        case .libraryUnavailable(_, _, let reason):
            [reason]
        }
    }

    public var hint: String? {
        switch self {
        case .status(let code, _, _, _) where code == 401 || code == 403:
            "run `pkg login` for this registry, or check the token in your `.npmrc`"
        case .transport(.certificate, _, _, _):
            "set `cafile` in your `.npmrc` to your registry's CA, or `strict-ssl=false` if you trust the network"
        case .transport(.timedOut, _, _, _):
            "raise `fetch-timeout` in your `.npmrc`, or check your network"
        case .libraryUnavailable:
            "install libcurl 4 (Debian: `apt-get install libcurl4`)"
        case .transport(.hostNotFound, _, _, _), .transport(.connectionRefused, _, _, _):
            "check the `registry` setting in your `.npmrc` and your network"
        default:
            nil
        }
    }

    /// The HTTP status for `.status`, else `nil`.
    public var statusCode: Int? {
        if case .status(let code, _, _, _) = self { return code }
        return nil
    }

    /// Whether npm would retry after this failure (connection-level failures; statuses are judged separately).
    var isRetryable: Bool {
        switch self {
        case .transport(let kind, _, _, _): kind.isRetryable
        case .status, .invalidRequest, .libraryUnavailable: false
        }
    }
}

/// The family of a transport failure, named with the Node error code npm users know.
public enum TransportErrorKind: String, Sendable, Hashable {
    case hostNotFound = "ENOTFOUND"
    case connectionRefused = "ECONNREFUSED"
    case connectionReset = "ECONNRESET"
    case timedOut = "ETIMEDOUT"
    case certificate = "ESSL"
    case tooManyRedirects = "EMAXREDIRECTS"
    case other = "EHTTP"

    var summary: String {
        switch self {
        case .hostNotFound: "the host name could not be resolved"
        case .connectionRefused: "the connection was refused"
        case .connectionReset: "the connection was closed before the response was complete"
        case .timedOut: "the request timed out"
        case .certificate: "the TLS connection could not be verified"
        case .tooManyRedirects: "too many redirects"
        case .other: "the transfer failed"
        }
    }

    /// npm (make-fetch-happen) retries resets, refusals and timeouts, never TLS or DNS failures.
    var isRetryable: Bool {
        switch self {
        case .connectionRefused, .connectionReset, .timedOut, .other: true
        case .hostNotFound, .certificate, .tooManyRedirects: false
        }
    }
}
