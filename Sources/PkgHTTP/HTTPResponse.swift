import Foundation

/// A complete HTTP response: status, headers and (for buffered requests) the decoded body.
///
/// Any status is a response, not an error: a 304 or a 404 is an answer the caller interprets.
/// `requireSuccess()` turns a non-2xx status into an `HTTPError` when the caller wants that.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The body after content decoding (gzip is undone). Empty for a streamed 2xx response,
    /// whose bytes went to the chunk callback instead.
    public var body: Data
    /// The method of the request that produced this response, for error messages.
    public var method: HTTPMethod
    /// The requested URL (not redacted); use `redactedURL` in messages.
    public var url: String
    /// How many attempts were made, counting the first (more than one means retries happened).
    public var attempts: Int

    public init(
        status: Int,
        headers: HTTPHeaders = [:],
        body: Data = Data(),
        method: HTTPMethod = .get,
        url: String,
        attempts: Int = 1
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.method = method
        self.url = url
        self.attempts = attempts
    }

    /// Whether the status is in the 2xx range.
    public var isSuccess: Bool { (200..<300).contains(status) }

    public var redactedURL: String { URLRedaction.redact(url) }

    /// Returns the response when its status is 2xx.
    /// - Throws: `HTTPError.status` naming the status, method and redacted URL otherwise.
    @discardableResult
    public func requireSuccess() throws(HTTPError) -> HTTPResponse {
        guard isSuccess else {
            throw .status(
                code: status,
                method: method,
                url: redactedURL,
                body: String(decoding: body.prefix(512), as: UTF8.self)
            )
        }
        return self
    }
}
