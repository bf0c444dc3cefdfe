import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing
@testable import PkgRegistryServer

@Suite struct BufferedLogHandlerTests {
    /// A sink writing to a fresh file, and that file's contents.
    private final class Capture {
        let path = NSTemporaryDirectory() + "pkg-log-" + UUID().uuidString
        let sink: LogSink
        init() {
            FileManager.default.createFile(atPath: path, contents: nil)
            sink = LogSink(output: FileHandle(forWritingAtPath: path)!)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var lines: [String] {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    @Test func linesKeepTheirOrderAndStreamLogHandlersFormat() throws {
        let capture = Capture()
        var logger = Logger(label: "pkg-registry") { BufferedLogHandler(label: $0, sink: capture.sink) }
        logger[metadataKey: "request"] = "7"
        for index in 0..<500 { logger.info("GET /p\(index) 200") }
        logger.debug("below the level: dropped")
        capture.sink.flush()
        let lines = capture.lines
        #expect(lines.count == 500)
        #expect(lines.enumerated().allSatisfy { $0.element.hasSuffix(" info pkg-registry : request=7 GET /p\($0.offset) 200") })
        let timestamp = try #require(lines.first?.split(separator: " ").first)
        #expect(timestamp.count == 24 && timestamp.dropFirst(10).hasPrefix("T"), "\(timestamp)")
    }

    @Test func aWarningIsWrittenAtOnceWithEverythingBeforeIt() {
        let capture = Capture()
        let logger = Logger(label: "pkg-registry") { BufferedLogHandler(label: $0, sink: capture.sink) }
        logger.info("first")
        logger.warning("disk almost full")
        let lines = capture.lines
        #expect(lines.count == 2 && lines[0].hasSuffix("info pkg-registry : first") && lines[1].hasSuffix("warning pkg-registry : disk almost full"), "\(lines)")
    }

    @Test func theFastPathsAccessLineIsTheLineTheHandlerWrites() throws {
        let capture = Capture()
        let logger = Logger(label: "pkg-registry") { BufferedLogHandler(label: $0, sink: capture.sink) }
        AccessLog(logger: logger).record(method: .get, path: "/a/-/a-1.0.0.tgz", status: .ok, contentLength: "12", elapsed: .microseconds(1_250))
        logger.info("GET /a/-/a-1.0.0.tgz 200 12 1.2ms", metadata: ["hb.request.id": .stringConvertible(RequestID())])
        // Through the logger when the handler has metadata of its own to add.
        var tagged = logger
        tagged[metadataKey: "instance"] = "b"
        AccessLog(logger: tagged).record(method: .get, path: "/-/user/token/secret", status: .ok, contentLength: nil, elapsed: .zero)
        capture.sink.flush()
        let lines = capture.lines.map { $0.replacing(/hb\.request\.id=[0-9a-f]+/, with: "hb.request.id=ID") }
        #expect(lines.count == 3)
        #expect(lines[0].dropFirst(24) == " info pkg-registry : hb.request.id=ID GET /a/-/a-1.0.0.tgz 200 12 1.2ms", "\(lines)")
        #expect(lines[0].dropFirst(24) == lines[1].dropFirst(24))
        #expect(lines[2].dropFirst(24) == " info pkg-registry : hb.request.id=ID instance=b GET /-/user/token/[REDACTED] 200 - 0.0ms", "\(lines)")
        var quiet = logger
        quiet.logLevel = .warning
        AccessLog(logger: quiet).record(method: .get, path: "/a", status: .ok, contentLength: "1", elapsed: .zero)
        capture.sink.flush()
        #expect(capture.lines.count == 3, "below the logger's level nothing is written")
    }

    @Test func requestDurationsPrintWithOneDecimal() {
        #expect(RequestLogMiddleware.milliseconds(.microseconds(12_345)) == "12.3")
        #expect(RequestLogMiddleware.milliseconds(.nanoseconds(40_000)) == "0.0")
        #expect(RequestLogMiddleware.milliseconds(.seconds(2) + .microseconds(99)) == "2000.0")
        #expect(RequestLogMiddleware.milliseconds(.milliseconds(7) + .microseconds(900)) == "7.9")
    }
}
