// The registry's fastest path: cached packument and tarball GETs answered from the socket's bytes,
// before NIO's HTTP/1 decoder, the HTTPTypes conversion and Hummingbird's encoder ever run. Under
// wrk on the 2-core benchmark machine those layers were most of a cached GET's user-space time
// (a flat profile: llhttp, header objects, retain/release), which `CachedReadHandler`, sitting
// after the decoder, could not remove.
//
// It sits first in the channel pipeline and reads the connection's bytes with `WireRequestHead`,
// which takes only the simplest, unambiguous requests. Each one `answer` can answer (the same
// `PackageController.cachedRead` the other fast path uses) is answered at once: status line and
// fields written as NIO's encoder writes them, then the body. A simple request it cannot answer
// (not in memory yet, a token to check) goes alone to the HTTP stack; its exact bytes are known,
// so the decoder is at a message boundary afterwards, and the handler holds what follows until
// that request's response has ended (`CachedReadHandler.onResponseEnd`), then goes on answering.
// Anything it does not parse (a body, an odd header, another method) hands the connection over for
// good: those bytes and all after them go to the HTTP stack. Either way, answers leave in request
// order, because nothing is answered here while a response of the stack is outstanding.
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Answers simple cached GETs from the wire; gives the HTTP stack everything else.
final class WireFastPathHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum Mode {
        /// Parsing and answering.
        case answering
        /// One request went to the HTTP stack; what follows waits for its response.
        case awaitingResponse
        /// Everything goes to the HTTP stack for the rest of the connection.
        case handedOver
    }

    /// Bytes held while waiting for the stack's response; a client pipelining more than this
    /// gets the HTTP stack for the rest of the connection.
    static let maximumHeldBytes = 64 * 1024

    private let answer: CachedReadHandler.Answer
    private let serverName: String
    private let date: HTTPDateHeader
    private let logger: Logger
    private let accessLog: AccessLog
    private var mode = Mode.answering
    /// Bytes read and not yet answered or passed on (a head still arriving, pipelined requests).
    private var unread: ByteBuffer?
    private var context: ChannelHandlerContext?

    init(answer: @escaping CachedReadHandler.Answer, serverName: String, date: HTTPDateHeader, logger: Logger) {
        self.answer = answer
        self.serverName = serverName
        self.date = date
        self.logger = logger
        self.accessLog = AccessLog(logger: logger)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if mode == .handedOver {
            context.fireChannelRead(data)
            return
        }
        var incoming = unwrapInboundIn(data)
        if unread == nil {
            unread = incoming
        } else {
            unread!.writeBuffer(&incoming)
        }
        switch mode {
        case .answering:
            process(context: context)
        case .awaitingResponse:
            if unread!.readableBytes > Self.maximumHeldBytes { handOver(context: context) }
        case .handedOver:
            break
        }
    }

    /// The HTTP stack's response to the request passed to it has ended.
    func responseEnded() {
        guard mode == .awaitingResponse, let context else { return }
        // Not from inside the write (or the read) that ended it.
        context.eventLoop.execute { [self] in
            guard mode == .awaitingResponse, let context = self.context else { return }
            mode = .answering
            process(context: context)
        }
    }

    /// Bytes still held when the client stops sending go to the decoder, which reports them.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if mode != .handedOver, unread != nil, let event = event as? ChannelEvent, event == .inputClosed {
            handOver(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func process(context: ChannelHandlerContext) {
        var answered = false
        defer { if answered { context.flush() } }
        while let buffer = unread, buffer.readableBytes > 0 {
            let start = ContinuousClock.now
            let parsed = WireRequestHead.parse(buffer.readableBytesView)
            guard case .request(let request, let length) = parsed else {
                if parsed == .decline { handOver(context: context) }
                return
            }
            var rest = buffer
            let head = rest.readSlice(length: length)!
            unread = rest.readableBytes == 0 ? nil : rest
            guard let response = answer(request) else {
                // This one request goes to the stack; the decoder ends exactly at its end.
                mode = .awaitingResponse
                if answered {
                    answered = false
                    context.flush()
                }
                context.fireChannelRead(wrapInboundOut(head))
                return
            }
            let contentLength = write(response, context: context)
            answered = true
            accessLog.record(
                method: request.method, path: request.path ?? "/", status: response.status, contentLength: contentLength,
                elapsed: ContinuousClock.now - start)
        }
    }

    private func handOver(context: ChannelHandlerContext) {
        mode = .handedOver
        logger.debug("wire fast path hands the connection to the HTTP stack", metadata: ["bytes": "\(unread?.readableBytes ?? 0)"])
        if let bytes = unread {
            unread = nil
            context.fireChannelRead(wrapInboundOut(bytes))
        }
    }

    /// Writes the response as NIO's HTTP/1 encoder writes `CachedReadHandler`'s (`Content-Length`
    /// framing, the fields in order, then `Content-Length` when the response has none, `Date` and
    /// `Server`; no `Content-Length` at all on a 1xx, 204 or 304, which the encoder strips);
    /// returns the `Content-Length` for the log line.
    private func write(_ response: PreparedResponse, context: ChannelHandlerContext) -> String {
        var head = context.channel.allocator.buffer(capacity: 256)
        head.writeString("HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n")
        let code = response.status.code
        let bodiless = code < 200 || code == 204 || code == 304
        var contentLength: String?
        for field in response.headers where field.name != .date && field.name != .server {
            if field.name == .contentLength {
                contentLength = field.value
                if bodiless { continue }
            }
            Self.write(field.name.rawName, field.value, to: &head)
        }
        if contentLength == nil {
            contentLength = String(response.body?.readableBytes ?? 0)
            if !bodiless { Self.write(HTTPField.Name.contentLength.rawName, contentLength!, to: &head) }
        }
        Self.write(HTTPField.Name.date.rawName, date.current, to: &head)
        Self.write(HTTPField.Name.server.rawName, serverName, to: &head)
        head.writeStaticString("\r\n")
        context.write(NIOAny(IOData.byteBuffer(head)), promise: nil)
        if let body = response.body, body.readableBytes > 0 {
            context.write(NIOAny(IOData.byteBuffer(body)), promise: nil)
        }
        return contentLength!
    }

    private static func write(_ name: String, _ value: String, to head: inout ByteBuffer) {
        head.writeString(name)
        head.writeStaticString(": ")
        head.writeString(value)
        head.writeStaticString("\r\n")
    }
}

/// Hummingbird's HTTP/1 channel with `WireFastPathHandler` in front of its decoder, told by the
/// channel's `CachedReadHandler` when a response of the HTTP stack ends.
struct WireFastPathHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let makeHandler: @Sendable () -> WireFastPathHandler

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let wire = makeHandler()
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(wire, position: .first)
        }.flatMap {
            http1.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            try Self.connect(wire, in: channel.pipeline)
            return value
        }
    }

    /// Links `wire` to the `CachedReadHandler` in `pipeline`, which sees every response's end.
    static func connect(_ wire: WireFastPathHandler, in pipeline: ChannelPipeline) throws {
        let cached = try pipeline.syncOperations.handler(type: CachedReadHandler.self)
        cached.onResponseEnd = { wire.responseEnded() }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
