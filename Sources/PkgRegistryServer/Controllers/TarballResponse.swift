// The headers of a tarball response. The router's handler (`PackageController`) and the event
// loop's fast path (`CachedReadHandler`) both take theirs from here, so a client cannot tell
// which of the two answered.
import Hummingbird

/// Headers and revalidation of tarball responses.
enum TarballResponse {
    /// The headers of a tarball answer: `contentLength` for a `200`, `nil` for a `304`.
    ///
    /// A listed tarball never changes (versions are immutable), so clients and proxies may keep it
    /// for a year; its `shasum` (`dist.shasum`, empty for old records without one) is a strong `ETag`.
    static func headers(shasum: String, contentLength: Int?) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        headers[.cacheControl] = "public, max-age=31536000, immutable"
        if !shasum.isEmpty { headers[.eTag] = entityTag(shasum: shasum) }
        if let contentLength { headers[.contentLength] = String(contentLength) }
        return headers
    }

    /// Whether the client's `If-None-Match` already names this tarball, so a `304` answers it.
    static func isNotModified(shasum: String, request: HTTPFields) -> Bool {
        !shasum.isEmpty && request[.ifNoneMatch] == entityTag(shasum: shasum)
    }

    /// The answer to a request for a tarball held in memory: its bytes, or `304`.
    static func prepared(shasum: String, bytes: ByteBuffer, request: HTTPFields) -> PreparedResponse {
        if isNotModified(shasum: shasum, request: request) {
            return PreparedResponse(status: .notModified, headers: headers(shasum: shasum, contentLength: nil), body: nil)
        }
        return PreparedResponse(status: .ok, headers: headers(shasum: shasum, contentLength: bytes.readableBytes), body: bytes)
    }

    private static func entityTag(shasum: String) -> String { "\"\(shasum)\"" }
}
