import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing
@testable import PkgRegistryServer

/// `WireRequestHead`: what the wire fast path takes, and everything it leaves to NIO's decoder.
@Suite struct WireRequestHeadTests {
    static func parse(_ text: String) -> WireRequestHead {
        WireRequestHead.parse(Array(text.utf8))
    }

    @Test func takesASimpleGetWithItsFields() throws {
        let text = "GET /@scope%2fname/-/name-1.0.0.tgz HTTP/1.1\r\nHost: 127.0.0.1:4873\r\nAccept:  application/json \r\nConnection: Keep-Alive\r\nnpm-session: abc\r\n\r\nGET /next"
        guard case .request(let request, let length) = Self.parse(text) else {
            Issue.record("declined")
            return
        }
        #expect(length == text.utf8.count - "GET /next".utf8.count)
        #expect(request.method == .get && request.scheme == "http")
        #expect(request.authority == "127.0.0.1:4873")
        #expect(request.path == "/@scope%2fname/-/name-1.0.0.tgz")
        #expect(request.headerFields[.accept] == "application/json")
        #expect(request.headerFields[HTTPField.Name("Host")!] == nil, "Host is the authority, as NIO's conversion makes it")
        #expect(request.headerFields.count == 3)
    }

    @Test func waitsForTheRestOfAHeadThatStartsRight() {
        #expect(Self.parse("") == .incomplete)
        #expect(Self.parse("GE") == .incomplete)
        #expect(Self.parse("GET /a HTTP/1.1\r\nHost: x\r\n") == .incomplete)
        #expect(Self.parse("PUT /a HTTP/1.1\r\n") == .decline, "no need to wait for what it will not take")
        #expect(Self.parse("GET /" + String(repeating: "a", count: WireRequestHead.maximumLength)) == .decline)
    }

    @Test(arguments: [
        "POST /a HTTP/1.1\r\nHost: x\r\n\r\n",
        "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /a HTTP/1.0\r\nHost: x\r\n\r\n",
        "GET http://x/a HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET  /a HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /a\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /é HTTP/1.1\r\nHost: x\r\n\r\n",
        "\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /a HTTP/1.1\nHost: x\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\nX: y\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET /a HTTP/1.1\r\n: x\r\nHost: x\r\n\r\n",
        "GET /a HTTP/1.1\r\nX-Y: a\u{0}b\r\nHost: x\r\n\r\n",
        "GET /a HTTP/1.1\r\nX-Y: é\r\nHost: x\r\n\r\n",
        "GET /a HTTP/1.1\r\nX: y\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost:\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\n\r\n",
    ])
    func declines(_ text: String) {
        #expect(Self.parse(text) == .decline)
    }

    @Test func declinesMoreFieldsThanItsLimit() {
        let fields = (0...WireRequestHead.maximumFieldCount).map { "X-\($0): y\r\n" }.joined()
        #expect(Self.parse("GET /a HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n") == .decline)
    }
}

/// `WireFastPathHandler` first in Hummingbird's pipeline, with `CachedReadHandler` and a stand-in
/// router behind it: its answers are byte for byte the other fast path's, it hands over the
/// connection at the first request it does not take, and answers stay in request order.
@Suite struct WireFastPathHandlerTests {
    typealias RouterStandIn = CachedReadHandlerTests.RouterStandIn

    static func makeChannel(wire: Bool) throws -> (EmbeddedChannel, RouterStandIn) {
        let (channel, router) = try CachedReadHandlerTests.makeChannel()
        if wire {
            let handler = WireFastPathHandler(
                answer: CachedReadHandlerTests.answer, serverName: "pkg-registry", date: HTTPDateHeader(), logger: Logger(label: "test"))
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            try WireFastPathHTTP1Channel.connect(handler, in: channel.pipeline)
        }
        return (channel, router)
    }

    static func send(_ text: String, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    @Test(arguments: ["/fast/x.tgz", "/fast/304"])
    func answersExactlyAsTheDecodedFastPathDoes(path: String) throws {
        let request = "GET \(path) HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n"
        let (wire, wireRouter) = try Self.makeChannel(wire: true)
        let (decoded, _) = try Self.makeChannel(wire: false)
        try Self.send(request, to: wire)
        try Self.send(request, to: decoded)
        let wireText = try CachedReadHandlerTests.written(wire)
        #expect(wireText.hasPrefix(path == "/fast/304" ? "HTTP/1.1 304 Not Modified\r\n" : "HTTP/1.1 200 OK\r\n"))
        let decodedText = try CachedReadHandlerTests.written(decoded)
        #expect(wireText == decodedText, "\(wireText.debugDescription)\n\(decodedText.debugDescription)")
        #expect(wireRouter.parts.isEmpty, "nothing reached the decoder")
        _ = try wire.finish()
        _ = try decoded.finish()
    }

    @Test func headsArrivingInPiecesAndPipelinedRequestsAreAnsweredInOrder() throws {
        let (channel, router) = try Self.makeChannel(wire: true)
        let two = "GET /fast/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /fast/2 HTTP/1.1\r\nHost: x\r\n\r\n"
        for byte in two.utf8 { try channel.writeInbound(ByteBuffer(bytes: [byte])) }
        #expect(CachedReadHandlerTests.bodies(try CachedReadHandlerTests.written(channel)) == ["/fast/1", "/fast/2"])
        try Self.send("GET /fast/3 HTTP/1.1\r\nHost: x\r\n\r\nGET /fast/4 HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        #expect(CachedReadHandlerTests.bodies(try CachedReadHandlerTests.written(channel)) == ["/fast/3", "/fast/4"])
        #expect(router.parts.isEmpty)
        _ = try channel.finish()
    }

    @Test func aMissGoesAloneToTheRouterAndWhatFollowsWaitsForItsResponse() throws {
        let (channel, router) = try Self.makeChannel(wire: true)
        // Answered here; then a miss goes to the router; the cached request behind it waits.
        try Self.send(
            "GET /fast/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow/2 HTTP/1.1\r\nHost: x\r\n\r\nGET /fast/3 HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        #expect(router.parts == ["head /slow/2", "end"])
        #expect(CachedReadHandlerTests.bodies(try CachedReadHandlerTests.written(channel)) == ["/fast/1"])
        try Self.send("GET /fast/4 HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        channel.embeddedEventLoop.run()
        #expect(try CachedReadHandlerTests.written(channel).isEmpty, "nothing overtakes the router's answer")
        try CachedReadHandlerTests.respondAsRouter("two", on: channel)
        channel.embeddedEventLoop.run()
        #expect(CachedReadHandlerTests.bodies(try CachedReadHandlerTests.written(channel)) == ["two", "/fast/3", "/fast/4"])
        #expect(router.parts.count == 2, "the wire path answers again once the router's response is out")
        _ = try channel.finish()
    }

    @Test func aRequestItDoesNotParseHandsTheConnectionOverForGood() throws {
        let (channel, router) = try Self.makeChannel(wire: true)
        // A body the wire path never parses reaches the router whole, with what follows.
        try Self.send("PUT /slow/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /slow/2 HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        #expect(router.parts == ["head /slow/1", "body", "end", "head /slow/2", "end"])
        try CachedReadHandlerTests.respondAsRouter("one", on: channel)
        try CachedReadHandlerTests.respondAsRouter("two", on: channel)
        channel.embeddedEventLoop.run()
        // The decoded fast path still answers cached reads on a handed-over connection.
        try Self.send("GET /fast/3 HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        #expect(CachedReadHandlerTests.bodies(try CachedReadHandlerTests.written(channel)) == ["one", "two", "/fast/3"])
        #expect(router.parts.count == 5)
        _ = try channel.finish()
    }

    @Test func aClientPipeliningTooMuchBehindAMissGetsTheHTTPStack() throws {
        let (channel, router) = try Self.makeChannel(wire: true)
        try Self.send("GET /slow/1 HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        let one = "GET /fast/n HTTP/1.1\r\nHost: x\r\n\r\n"
        let count = WireFastPathHandler.maximumHeldBytes / one.utf8.count + 1
        try Self.send(String(repeating: one, count: count), to: channel)
        #expect(router.parts.count == 2 + 2 * count, "all of it reached the decoder")
        _ = try channel.finish()
    }

    @Test func aRequestItDeclinesToParseGoesToTheDecoderByteForByte() throws {
        let (channel, router) = try Self.makeChannel(wire: true)
        try Self.send("GET /slow/1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", to: channel)
        #expect(router.parts == ["head /slow/1", "body", "end"])
        _ = try channel.finish()
    }

    @Test func aHeadCutShortByTheClientReachesTheDecoder() throws {
        let (channel, router) = try Self.makeChannel(wire: true)
        try Self.send("GET /fast/1 HTTP/1.1\r\nHo", to: channel)
        #expect(router.parts.isEmpty)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(throws: (any Error).self) { try channel.throwIfErrorCaught() }
        _ = try? channel.finish()
    }
}
