// The event loop's fast path for the registry's hottest requests: `GET` of a packument or a
// tarball that is in memory. It answers in the channel pipeline, in the same call that decoded the
// request, with one flush, instead of handing the request to Hummingbird's async router and back
// (a task, an `AsyncSequence` step per request part, an async writer per response part). Under
// wrk on the 2-core benchmark machine that round trip was most of a cached GET's cost.
//
// It answers only what it can answer exactly as the router would (`PackageController.cachedRead`):
// a cached packument, or a listed tarball cached and unchanged on disk, of a package every caller
// may read (anonymous callers: the rules admit them; callers with a bearer token: the rules admit
// `$all`, so the token cannot change the answer). Everything else (misses, errors, queries, Basic
// credentials, which are rate-limited, `Connection: close`) goes to the router untouched. Both
// build their answers with the same functions.
//
// Hummingbird reads pipelined requests one after another from the channel, without NIO's
// pipelining handler, so this handler keeps the order itself: it answers a request only while no
// request it forwarded is still waiting for the router's response (it counts the responses' ends
// going out); a request behind one of those goes to the router too, which answers in order.
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers requests the `answer` function can answer from memory; forwards the rest.
final class CachedReadHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What a request needs from here: its answer, or `nil` to leave it to the router.
    typealias Answer = @Sendable (HTTPRequest) -> PreparedResponse?

    private enum State {
        /// Between requests.
        case idle
        /// The current request goes to the router, up to and including its `end`.
        case forwarding
        /// The current request was answered here; its remaining parts are dropped.
        case answered
    }

    private var state = State.idle
    /// Requests forwarded to the router whose response has not ended yet.
    private var awaitingRouter = 0
    private let answer: Answer
    private let serverName: String
    private let date: HTTPDateHeader
    private let accessLog: AccessLog
    /// Called whenever a response ends (answered here or by the router): `WireFastPathHandler`
    /// waits for it after handing this stack one request.
    var onResponseEnd: (() -> Void)?

    init(answer: @escaping Answer, serverName: String, date: HTTPDateHeader, logger: Logger) {
        self.answer = answer
        self.serverName = serverName
        self.date = date
        self.accessLog = AccessLog(logger: logger)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch state {
        case .forwarding:
            if case .end = part { state = .idle }
            context.fireChannelRead(data)
        case .answered:
            if case .end = part { state = .idle }
        case .idle:
            guard case .head(let request) = part else {
                context.fireChannelRead(data)
                return
            }
            let start = ContinuousClock.now
            guard awaitingRouter == 0, let response = answer(request) else {
                state = .forwarding
                awaitingRouter += 1
                context.fireChannelRead(data)
                return
            }
            state = .answered
            let headers = response.wireHeaders
            write(response, headers: headers, context: context)
            onResponseEnd?()
            accessLog.record(
                method: request.method, path: request.path ?? "/", status: response.status, contentLength: headers[.contentLength],
                elapsed: ContinuousClock.now - start)
        }
    }

    /// The router's response parts pass through; each `end` is one forwarded request answered.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        if awaitingRouter > 0 { awaitingRouter -= 1 }
        context.write(data, promise: promise)
        onResponseEnd?()
    }

    private func write(_ response: PreparedResponse, headers: HTTPFields, context: ChannelHandlerContext) {
        var headers = headers
        headers[.date] = date.current
        headers[.server] = serverName
        context.write(wrapOutboundOut(.head(HTTPResponse(status: response.status, headerFields: headers))), promise: nil)
        if let body = response.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

}
