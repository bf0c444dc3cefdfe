import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing
@testable import PkgRegistryServer
import PkgModel
import PkgTestSupport

/// `CachedReadHandler` in the channel pipeline Hummingbird builds (HTTP/1 codec, no NIO
/// pipelining helper), with a stand-in for the router at the end: what it answers, what it
/// forwards, and that answers to pipelined requests leave in request order.
@Suite struct CachedReadHandlerTests {
    /// Records what reaches the router; the test writes the router's responses itself.
    final class RouterStandIn: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPRequestPart
        var parts: [String] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let request): parts.append("head \(request.path ?? "")")
            case .body: parts.append("body")
            case .end: parts.append("end")
            }
        }
    }

    /// Requests under `/fast/` are "in memory" (`/fast/304`: a body-less answer without
    /// `Content-Length`); everything else goes to the router.
    static let answer: CachedReadHandler.Answer = { request in
        if request.path == "/fast/304" { return PreparedResponse(status: .notModified, headers: [.eTag: "\"abc\""], body: nil) }
        guard let path = request.path, path.hasPrefix("/fast/") else { return nil }
        return PreparedResponse(status: .ok, headers: [.contentLength: String(path.utf8.count)], body: ByteBuffer(string: path))
    }

    static func makeChannel() throws -> (EmbeddedChannel, RouterStandIn) {
        let channel = EmbeddedChannel()
        let router = RouterStandIn()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try channel.pipeline.syncOperations.addHandler(
            CachedReadHandler(answer: answer, serverName: "pkg-registry", date: HTTPDateHeader(), logger: Logger(label: "test")))
        try channel.pipeline.syncOperations.addHandler(router)
        return (channel, router)
    }

    static func send(_ text: String, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(ByteBuffer(string: text.replacingOccurrences(of: "\n", with: "\r\n")))
    }

    /// Everything written to the socket so far.
    static func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { continue }
            text += String(buffer: buffer)
        }
        return text
    }

    /// The router's response to its oldest unanswered request.
    static func respondAsRouter(_ body: String, on channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: String(body.utf8.count)])))
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: body)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    /// The bodies of the responses in `text`, in the order they were written.
    static func bodies(_ text: String) -> [String] {
        text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.components(separatedBy: "\r\n\r\n").last ?? "" }
    }

    @Test func answersInThePipelineWithDateAndServer() throws {
        let (channel, router) = try Self.makeChannel()
        try Self.send("GET /fast/a.tgz HTTP/1.1\nHost: x\n\n", to: channel)
        let text = try Self.written(channel)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.lowercased().contains("\r\nserver: pkg-registry\r\n"))
        #expect(text.range(of: #"\r\n[Dd]ate: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r\n"#, options: .regularExpression) != nil)
        #expect(Self.bodies(text) == ["/fast/a.tgz"])
        #expect(router.parts.isEmpty)
        _ = try channel.finish()
    }

    @Test func forwardsWhatItCannotAnswerWithItsBody() throws {
        let (channel, router) = try Self.makeChannel()
        try Self.send("PUT /slow HTTP/1.1\nHost: x\nContent-Length: 3\n\nabc", to: channel)
        #expect(router.parts == ["head /slow", "body", "end"])
        #expect(try Self.written(channel).isEmpty)
        try Self.respondAsRouter("router", on: channel)
        #expect(Self.bodies(try Self.written(channel)) == ["router"])
        // Nothing is pending any more: the next cached request is answered here again.
        try Self.send("GET /fast/b.tgz HTTP/1.1\nHost: x\n\n", to: channel)
        #expect(Self.bodies(try Self.written(channel)) == ["/fast/b.tgz"])
        #expect(router.parts.count == 3)
        _ = try channel.finish()
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let (channel, router) = try Self.makeChannel()
        // A cached request behind one the router still works on must not overtake it: it goes to the router too.
        try Self.send("GET /slow/1 HTTP/1.1\nHost: x\n\nGET /fast/2 HTTP/1.1\nHost: x\n\n", to: channel)
        #expect(router.parts == ["head /slow/1", "end", "head /fast/2", "end"])
        #expect(try Self.written(channel).isEmpty)
        try Self.respondAsRouter("one", on: channel)
        try Self.respondAsRouter("two", on: channel)
        // Once the router's responses are out, cached requests are answered here, even pipelined
        // ahead of one that goes to the router.
        try Self.send("GET /fast/3 HTTP/1.1\nHost: x\n\nGET /slow/4 HTTP/1.1\nHost: x\n\nGET /fast/5 HTTP/1.1\nHost: x\n\n", to: channel)
        #expect(router.parts.suffix(4) == ["head /slow/4", "end", "head /fast/5", "end"])
        try Self.respondAsRouter("four", on: channel)
        try Self.respondAsRouter("five", on: channel)
        #expect(Self.bodies(try Self.written(channel)) == ["one", "two", "/fast/3", "four", "five"])
        _ = try channel.finish()
    }
}

/// The registry as `pkg-registry` runs it (`buildApplication`: file storage, the fast path in the
/// pipeline), on a loopback port.
@Suite struct RegistryServerLiveTests {
    @Test func tarballsArriveWholeThroughTheFastPath() async throws {
        let root = FileSystemPackageStorageTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var configuration = RegistryConfiguration()
        configuration.dataDirectory = root
        configuration.port = 0
        configuration.passwordCost = 4
        configuration.allowSignup = true
        var logger = Logger(label: "registry-tests")
        logger.logLevel = .warning
        let application = try buildApplication(configuration: configuration, logger: logger) { _, _ in }
        try await application.test(.live) { client in
            let login = try await client.send(
                .put, "/-/user/org.couchdb.user:alice",
                json: jsonBytes(#"{"name":"alice","password":"password123","email":"alice@example.com"}"#))
            #expect(login.status == .created)
            let token = try #require(login.json?["token"]?.stringValue)
            let tarball = TestTarball.package(name: "live", version: "1.0.0")
            #expect(try await client.publish("live", "1.0.0", token: token).status == .created)
            for headers: HTTPFields in [[:], [:], [.authorization: "Bearer \(token)"]] {
                let response = try await client.send(.get, "/live/-/live-1.0.0.tgz", headers: headers)
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == tarball)
                #expect(response.headers[.server] == "pkg-registry")
                #expect(response.headers[.date] != nil)
                #expect(response.headers[.contentType] == "application/octet-stream")
            }
            // The router still answers everything else on the same connections.
            #expect(try await client.send(.get, "/live").json?["name"]?.stringValue == "live")
            #expect(try await client.send(.get, "/live/-/live-2.0.0.tgz").status == .notFound)
        }
    }
}
