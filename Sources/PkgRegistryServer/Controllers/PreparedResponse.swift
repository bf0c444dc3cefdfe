// A response built without awaiting anything, so both the router and the event loop's fast path
// (`CachedReadHandler`) can send it.
import Hummingbird
import NIOCore

/// Status, headers and an optional body held in memory.
struct PreparedResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer?

    /// The headers as they go on the wire: with a `Content-Length` always, as Hummingbird's
    /// response writer gives a body held in memory (`0` for none).
    var wireHeaders: HTTPFields {
        var headers = headers
        if headers[.contentLength] == nil { headers[.contentLength] = String(body?.readableBytes ?? 0) }
        return headers
    }

    /// The same response for the router.
    var response: Response {
        Response(status: status, headers: headers, body: body.map { ResponseBody(byteBuffer: $0) } ?? ResponseBody())
    }
}
