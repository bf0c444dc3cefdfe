import Foundation
import Testing
@testable import PkgRegistryClient

/// A fresh cache folder per test, removed afterwards.
private final class CacheFolder {
    let path = NSTemporaryDirectory() + "pkg-metadata-cache-" + UUID().uuidString.lowercased()
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct MetadataCacheTests {
    private let directory = CacheFolder()
    var cache: MetadataCache { MetadataCache(cacheDirectory: directory.path) }
    let registry = "http://127.0.0.1:4873/"

    @Test func writesAndReadsBodyAndETagFromOneFile() throws {
        let body = Data(#"{"name":"@scope/x","versions":{}}"#.utf8)
        try cache.write(name: "@scope/x", registry: registry, data: body, etag: #"W/"abc 1""#)
        let read = try #require(cache.read(name: "@scope/x", registry: registry))
        #expect(read.data == body)
        #expect(read.etag == #"W/"abc 1""#)
        #expect(cache.entryPath(name: "@scope/x", registry: registry).hasSuffix("/metadata-v2/127.0.0.1_4873/@scope%2fx.packument"))
        let folder = (cache.entryPath(name: "@scope/x", registry: registry) as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["@scope%2fx.packument"], "no temporary file is left")

        try cache.write(name: "@scope/x", registry: registry, data: Data("{}".utf8), etag: nil)
        let replaced = try #require(cache.read(name: "@scope/x", registry: registry))
        #expect(replaced.data == Data("{}".utf8) && replaced.etag == nil)
    }

    @Test func anETagWithALineBreakIsNotKept() throws {
        try cache.write(name: "x", registry: registry, data: Data("{}".utf8), etag: "a\nb")
        let read = try #require(cache.read(name: "x", registry: registry))
        #expect(read.data == Data("{}".utf8) && read.etag == nil)
    }

    @Test("a damaged entry (what a crash can leave without fsync) is a miss", arguments: [
        "", "12 \"e\"", "5 \"e\"\n{}", "2 \"e\"\n{}}", "x \"e\"\n{}", "-1 \n", "2\n{}",
    ])
    func damagedEntriesAreMisses(contents: String) throws {
        let path = cache.entryPath(name: "x", registry: registry)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        #expect(cache.read(name: "x", registry: registry) == nil)
    }

    @Test func anEmptyBodyWithoutETagRoundTrips() {
        #expect(MetadataCache.decode(MetadataCache.encode(Data(), etag: nil))?.data == Data())
        #expect(MetadataCache.decode(Data("0 \n".utf8))?.etag == nil)
    }
}
