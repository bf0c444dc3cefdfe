// The access log line of a request answered on a fast path (`WireFastPathHandler`,
// `CachedReadHandler`): the line `RequestLogMiddleware` writes for the router's requests, with a
// request id as Hummingbird makes them. At tens of thousands of requests a second, going through
// swift-log for each line (a metadata dictionary, the message, the handler's merge and
// formatting) was a fifteenth of a cached GET's cost; when the logger's handler is the registry's
// `BufferedLogHandler` with no metadata of its own, the line is formatted once, here, and handed
// to its sink, byte for byte what the handler would have written.
import Hummingbird
import Logging

/// Writes one line per request answered outside the router.
struct AccessLog: Sendable {
    private let logger: Logger
    private let enabled: Bool
    /// Set when lines can go straight to the handler's sink.
    private let direct: (sink: LogSink, label: String)?

    init(logger: Logger) {
        self.logger = logger
        self.enabled = logger.logLevel <= .info
        if let handler = logger.handler as? BufferedLogHandler, let direct = handler.directSink {
            self.direct = direct
        } else {
            self.direct = nil
        }
    }

    func record(method: HTTPRequest.Method, path: String, status: HTTPResponse.Status, contentLength: String?, elapsed: Duration) {
        guard enabled else { return }
        // Requests answered on a fast path carry no query (`cachedRead` leaves those to the router).
        let message = "\(method) \(RequestLogMiddleware.redacted(path: path)) \(status.code) \(contentLength ?? "-") \(RequestLogMiddleware.milliseconds(elapsed))ms"
        let id = RequestID()
        if let direct {
            direct.sink.append("\(direct.sink.timestamp()) info \(direct.label) : hb.request.id=\(id) \(message)", urgent: false)
        } else {
            logger.info("\(message)", metadata: ["hb.request.id": .stringConvertible(id)])
        }
    }
}
