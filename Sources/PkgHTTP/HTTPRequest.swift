import Foundation

/// One HTTP request: what to send and how long to wait for it.
public struct HTTPRequest: Sendable, Hashable {
    public var method: HTTPMethod
    /// The absolute `http`/`https` URL, already percent-encoded; it is sent exactly as given.
    public var url: String
    public var headers: HTTPHeaders
    /// The request body, sent with `Content-Length`; `nil` sends none.
    public var body: Data?
    /// The total time allowed for one attempt; `nil` uses the client's `fetch-timeout`.
    public var timeout: Duration?
    /// Overrides the client's retry count for this request (`0` for requests that must not repeat).
    public var retries: Int?

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: Data? = nil,
        timeout: Duration? = nil,
        retries: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.retries = retries
    }

    /// The URL with credentials replaced by `***`, for messages and logs.
    public var redactedURL: String { URLRedaction.redact(url) }
}
