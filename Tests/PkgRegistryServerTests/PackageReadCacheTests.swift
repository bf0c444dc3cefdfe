import NIOCore
import Testing
@testable import PkgRegistryServer
import PkgModel

@Suite struct PackageReadCacheTests {
    static let packument = JSONObject([
        ("name", "cached"),
        ("versions", .object(JSONObject([
            ("1.0.0", .object(JSONObject([("dist", .object(JSONObject([("shasum", "abc")])))]))),
            ("2.0.0", .object(JSONObject())),
        ]))),
    ])

    @Test func documentsAreEncodedOncePerGenerationAndBaseURL() throws {
        let cache = PackageReadCache()
        let name = try RegistryPackageName("cached")
        let snapshot = RecordSnapshot(record: PackageRecord(revision: 1, packument: Self.packument, publishedVersions: []))
        var encodings = 0
        func document(_ baseURL: String, _ snapshot: RecordSnapshot) -> EncodedDocument {
            cache.document(.abbreviated, of: name, snapshot: snapshot, baseURL: baseURL) {
                encodings += 1
                return .string(baseURL)
            }
        }
        #expect(String(buffer: document("http://a", snapshot).identity) == "\"http://a\"")
        #expect(String(buffer: document("http://a", snapshot).identity) == "\"http://a\"")
        #expect(encodings == 1)
        #expect(String(buffer: document("http://b", snapshot).identity) == "\"http://b\"")
        #expect(encodings == 2)
        let next = RecordSnapshot(record: snapshot.record)
        _ = document("http://a", next)
        #expect(encodings == 3)
    }

    @Test func tarballListingNamesEveryVersionsFile() throws {
        let cache = PackageReadCache()
        let name = try RegistryPackageName("cached")
        let snapshot = RecordSnapshot(record: PackageRecord(revision: 1, packument: Self.packument, publishedVersions: []))
        #expect(cache.tarballListing(of: name, snapshot: snapshot) == ["cached-1.0.0.tgz": "abc", "cached-2.0.0.tgz": ""])
    }

    @Test func smallDocumentsAreNotGzipped() {
        #expect(EncodedDocument(.string("short")).gzip == nil)
        let large = EncodedDocument(.string(String(repeating: "x", count: 4096)))
        #expect(large.gzip != nil)
        #expect(large.identityTag != large.gzipTag)
    }
}
