import Foundation
import Hummingbird
import HummingbirdTesting
import PkgTestSupport
import Testing
@testable import PkgRegistryServer
import PkgModel
import PkgArchive

@Suite struct PublishRouteTests {
    @Test func publishThenReadFullAndAbbreviatedPackument() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            let published = try await client.publish("left-pad", "1.0.0", token: token, dependencies: ["dep": "^1.0.0"])
            #expect(published.status == .created)
            #expect(published.json?["ok"] == true)

            let full = try await client.send(.get, "/left-pad")
            #expect(full.status == .ok)
            #expect(full.headers[.contentType] == "application/json")
            let document = try #require(full.json)
            #expect(document["name"] == "left-pad")
            #expect(document["_rev"]?.stringValue?.hasPrefix("1-") == true)
            #expect(document["dist-tags"]?["latest"] == "1.0.0")
            #expect(document["maintainers"]?.arrayValue?.first?["name"] == "alice")
            let version = try #require(document["versions"]?["1.0.0"])
            #expect(version["_npmUser"]?["name"] == "alice")
            #expect(version["dependencies"]?["dep"] == "^1.0.0")
            #expect(version["dist"]?["tarball"] == "http://registry.test/left-pad/-/left-pad-1.0.0.tgz")
            #expect(version["dist"]?["fileCount"] == .integer(2))
            #expect(version["dist"]?["integrity"]?.stringValue?.hasPrefix("sha512-") == true)
            #expect(document["time"]?["1.0.0"] != nil)

            let abbreviated = try await client.send(
                .get, "/left-pad", headers: [.accept: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"])
            #expect(abbreviated.headers[.contentType] == "application/vnd.npm.install-v1+json")
            let corgi = try #require(abbreviated.json)
            #expect(corgi["modified"] != nil)
            #expect(corgi["versions"]?["1.0.0"]?["_npmUser"] == nil)
            #expect(corgi["versions"]?["1.0.0"]?["dist"]?["shasum"] != nil)

            let write = try await client.send(.get, "/left-pad?write=true", headers: [.accept: "application/vnd.npm.install-v1+json"])
            #expect(write.json?["_rev"] != nil)
        }
    }

    @Test func etagAnswers304() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("cached", "1.0.0", token: token)
            let first = try await client.send(.get, "/cached")
            let etag = try #require(first.headers[.eTag])
            let second = try await client.send(.get, "/cached", headers: [.ifNoneMatch: etag])
            #expect(second.status == .notModified)
            #expect(second.body.readableBytes == 0)
            try await client.publish("cached", "1.1.0", token: token)
            let third = try await client.send(.get, "/cached", headers: [.ifNoneMatch: etag])
            #expect(third.status == .ok)
        }
    }

    @Test func fullAndAbbreviatedViewsAreCachedApart() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("viewed", "1.0.0", token: token)
            for _ in 0..<2 {
                let full = try await client.send(.get, "/viewed")
                #expect(full.json?["_rev"] != nil)
                let corgi = try await client.send(.get, "/viewed", headers: [.accept: "application/vnd.npm.install-v1+json"])
                #expect(corgi.json?["_rev"] == nil)
                #expect(corgi.headers[.contentType] == "application/vnd.npm.install-v1+json")
            }
        }
    }

    @Test func packumentsAreGzippedWhenTheClientAcceptsIt() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("zipped", "1.0.0", token: token, dependencies: ["a": "^1.0.0"])
            try await client.publish("zipped", "1.1.0", token: token, dependencies: ["a": "^1.0.0"])
            let plain = try await client.send(.get, "/zipped")
            #expect(plain.headers[.contentEncoding] == nil)
            let zipped = try await client.send(.get, "/zipped", headers: [.acceptEncoding: "gzip, deflate"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            let inflated = try Gzip.decompress(Array(zipped.body.readableBytesView))
            #expect(inflated == Array(plain.body.readableBytesView))
            // Each encoding has its own validator, and either revalidates.
            let zippedTag = try #require(zipped.headers[.eTag])
            #expect(zippedTag != plain.headers[.eTag])
            let revalidated = try await client.send(.get, "/zipped", headers: [.acceptEncoding: "gzip", .ifNoneMatch: zippedTag])
            #expect(revalidated.status == .notModified)
            let refused = try await client.send(.get, "/zipped", headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil)
        }
    }

    @Test(arguments: [
        ("gzip", true), ("x-gzip", true), ("deflate, gzip;q=0.5", true), ("*", true),
        ("gzip;q=0", false), ("identity", false), ("br", false),
    ])
    func acceptEncodingParsing(value: String, accepted: Bool) {
        #expect(ResponseCompression.acceptsGzip(value) == accepted)
    }

    @Test func versionAndTagAndTarball() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("@scope/thing", "1.0.0", token: token)
            try await client.publish("@scope/thing", "2.0.0-beta.1", token: token, tag: "beta")
            let packument = try #require(try await client.send(.get, "/@scope%2fthing").json)
            #expect(packument["dist-tags"]?.objectValue?.count == 2)
            #expect(packument["dist-tags"]?["latest"] == "1.0.0")
            #expect(packument["dist-tags"]?["beta"] == "2.0.0-beta.1")

            for path in ["/@scope%2fthing/beta", "/@scope/thing/2.0.0-beta.1", "/%40scope%2Fthing/beta"] {
                let version = try await client.send(.get, path)
                #expect(version.status == .ok, "\(path)")
                #expect(version.json?["version"] == "2.0.0-beta.1")
            }
            #expect(try await client.send(.get, "/@scope/thing/9.9.9").status == .notFound)

            let tarball = try await client.send(.get, "/@scope/thing/-/thing-1.0.0.tgz")
            #expect(tarball.status == .ok)
            #expect(tarball.headers[.contentType] == "application/octet-stream")
            #expect(tarball.headers[.cacheControl]?.contains("immutable") == true)
            let bytes = Array(tarball.body.readableBytesView)
            #expect(TarballDigests(of: bytes).integrity == packument["versions"]?["1.0.0"]?["dist"]?["integrity"]?.stringValue)
            #expect(try await client.send(.get, "/@scope/thing/-/thing-3.0.0.tgz").status == .notFound)
        }
    }

    @Test func republishIsAConflictEvenAfterUnpublish() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("immutable", "1.0.0", token: token)
            try await client.publish("immutable", "1.1.0", token: token)
            let again = try await client.publish("immutable", "1.0.0", token: token)
            #expect(again.status == .conflict)
            #expect(again.errorMessage?.contains("immutable") == true)

            let rev = try #require(try await client.send(.get, "/immutable?write=true").json?["_rev"]?.stringValue)
            #expect(try await client.send(.delete, "/immutable/-rev/\(rev)", token: token).status == .ok)
            #expect(try await client.send(.get, "/immutable").status == .notFound)
            #expect(try await client.publish("immutable", "1.0.0", token: token).status == .conflict)
            #expect(try await client.publish("immutable", "2.0.0", token: token).status == .created)
        }
    }

    @Test func publishingNeedsLoginAndMaintainership() async throws {
        let registry = try RegistryHarness()
        let alice = try await registry.user("alice")
        let bob = try await registry.user("bob")
        try await registry.test { client in
            try Task.checkCancellation()
            #expect(try await client.publish("owned", "1.0.0", token: nil).status == .unauthorized)
            #expect(try await client.publish("owned", "1.0.0", token: "pkg_not-a-token").status == .unauthorized)
            #expect(try await client.publish("owned", "1.0.0", token: alice).status == .created)
            let refused = try await client.publish("owned", "1.0.1", token: bob)
            #expect(refused.status == .forbidden)
            #expect(refused.errorMessage?.contains("not a maintainer") == true)
        }
    }

    @Test func accessRulesRestrictPublishing() async throws {
        let registry = try RegistryHarness { configuration in
            configuration.packageRules = [AccessRule(pattern: "@private/*", access: ["$authenticated"], publish: ["alice"])]
        }
        let alice = try await registry.user("alice")
        let bob = try await registry.user("bob")
        try await registry.test { client in
            try Task.checkCancellation()
            #expect(try await client.publish("@private/a", "1.0.0", token: bob).status == .forbidden)
            #expect(try await client.publish("@private/a", "1.0.0", token: alice).status == .created)
            #expect(try await client.send(.get, "/@private%2fa").status == .unauthorized)
            #expect(try await client.send(.get, "/@private%2fa", token: bob).status == .ok)
        }
    }

    static let invalidDocuments: [(String, String, HTTPResponse.Status)] = [
        ("not JSON", "{", .badRequest),
        ("duplicate keys", #"{"name":"x","name":"y"}"#, .badRequest),
        ("array body", "[]", .badRequest),
        ("wrong name", #"{"name":"other","versions":{},"_attachments":{"a":{}}}"#, .badRequest),
    ]

    @Test(arguments: invalidDocuments)
    func invalidPublishBodies(label: String, body: String, status: HTTPResponse.Status) async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            let response = try await client.send(.put, "/x", token: token, json: jsonBytes(body))
            #expect(response.status == status, "\(label)")
            #expect(response.errorMessage != nil)
        }
    }

    @Test func invalidPackageNames() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            for name in ["UPPER", ".dot", "_under", "a%20b"] {
                let response = try await client.send(.put, "/\(name)", token: token, json: jsonBytes("{}"))
                #expect(response.status == .badRequest, "\(name)")
            }
        }
    }

    @Test func tamperedAttachmentsAreRefused() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        let tarball = TestTarball.package(name: "t", version: "1.0.0")
        let other = TestTarball.package(name: "t", version: "1.0.0", files: ["x.js": "1"])
        func document(_ mutate: (inout [String: Any]) -> Void) throws -> [UInt8] {
            var object = try JSONSerialization.jsonObject(with: Data(TestPublishDocument.json(name: "t", version: "1.0.0", tarball: tarball))) as! [String: Any]
            mutate(&object)
            return Array(try JSONSerialization.data(withJSONObject: object))
        }
        let badIntegrity = try document { object in
            var versions = object["versions"] as! [String: Any]
            var manifest = versions["1.0.0"] as! [String: Any]
            manifest["dist"] = ["integrity": TarballDigests(of: other).integrity]
            versions["1.0.0"] = manifest
            object["versions"] = versions
        }
        let badShasum = try document { object in
            var versions = object["versions"] as! [String: Any]
            var manifest = versions["1.0.0"] as! [String: Any]
            manifest["dist"] = ["shasum": TarballDigests(of: other).shasum]
            versions["1.0.0"] = manifest
            object["versions"] = versions
        }
        let badLength = try document { object in
            object["_attachments"] = ["t-1.0.0.tgz": ["data": Data(tarball).base64EncodedString(), "length": 3]]
        }
        let badBase64 = try document { object in
            object["_attachments"] = ["t-1.0.0.tgz": ["data": "!!!not base64!!!"]]
        }
        let twoAttachments = try document { object in
            object["_attachments"] = [
                "t-1.0.0.tgz": ["data": Data(tarball).base64EncodedString()],
                "t-1.0.0.sigstore": ["data": "e30="],
            ]
        }
        let wrongAttachmentName = try document { object in
            object["_attachments"] = ["other-1.0.0.tgz": ["data": Data(tarball).base64EncodedString()]]
        }
        let confused = TestTarball.package(name: "t", version: "1.0.0", packageJSON: TestTarball.manifestJSON(name: "evil", version: "1.0.0"))
        let confusion = TestPublishDocument.json(name: "t", version: "1.0.0", tarball: confused)
        let wrongVersion = TestTarball.package(name: "t", version: "1.0.0", packageJSON: TestTarball.manifestJSON(name: "t", version: "6.6.6"))
        let versionConfusion = TestPublishDocument.json(name: "t", version: "1.0.0", tarball: wrongVersion)
        let duplicateKeys = TestTarball.package(name: "t", version: "1.0.0", packageJSON: #"{"name":"t","version":"1.0.0","dependencies":{"a":"1"},"dependencies":{}}"#)
        let duplicateKeyDocument = TestPublishDocument.json(name: "t", version: "1.0.0", tarball: duplicateKeys)
        let notGzip = TestPublishDocument.json(name: "t", version: "1.0.0", tarball: Array("hello".utf8))
        let badVersion = TestPublishDocument.json(name: "t", version: "1.0", tarball: tarball)
        let cases: [(String, [UInt8], HTTPResponse.Status, String)] = [
            ("integrity", badIntegrity, .unprocessableContent, "dist.integrity"),
            ("shasum", badShasum, .unprocessableContent, "dist.shasum"),
            ("length", badLength, .badRequest, "length"),
            ("base64", badBase64, .badRequest, "base64"),
            ("two attachments", twoAttachments, .badRequest, "exactly one tarball"),
            ("attachment name", wrongAttachmentName, .badRequest, "must be named"),
            ("manifest confusion", confusion, .unprocessableContent, "evil@1.0.0"),
            ("version confusion", versionConfusion, .unprocessableContent, "t@6.6.6"),
            ("duplicate keys in package.json", duplicateKeyDocument, .unprocessableContent, "duplicate key"),
            ("not gzip", notGzip, .unprocessableContent, "gzip"),
            ("invalid version", badVersion, .badRequest, "semver"),
        ]
        try await registry.test { client in
            try Task.checkCancellation()
            for (label, body, status, fragment) in cases {
                let response = try await client.send(.put, "/t", token: token, json: body)
                #expect(response.status == status, "\(label): \(response.text)")
                #expect(response.errorMessage?.contains(fragment) == true, "\(label): \(response.text)")
            }
            #expect(try await client.send(.get, "/t").status == .notFound)
        }
    }

    @Test func oversizedBodiesAre413AndNonJSONIs415() async throws {
        let registry = try RegistryHarness { $0.maximumTarballSize = 1024 }
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            let big = TestTarball.package(name: "big", version: "1.0.0", files: ["blob.txt": String(repeating: "x", count: 4000)])
            let tooLarge = try await client.send(.put, "/big", token: token, json: TestPublishDocument.json(name: "big", version: "1.0.0", tarball: big))
            #expect(tooLarge.status == .contentTooLarge)
            let huge = try await client.send(.put, "/big", token: token, json: [UInt8](repeating: 0x20, count: 10 * 1024 * 1024))
            #expect(huge.status == .contentTooLarge)
            let wrongType = try await client.send(.put, "/big", token: token, json: jsonBytes("{}"), headers: [.contentType: "text/plain"])
            #expect(wrongType.status == .unsupportedMediaType)
        }
    }

    @Test func unknownPathsAnswerNpmShaped404() async throws {
        let registry = try RegistryHarness()
        try await registry.test { client in
            try Task.checkCancellation()
            for path in ["/missing", "/missing/1.0.0", "/-/nothing-here", "/a/b/c/d/e"] {
                let response = try await client.send(.get, path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.errorMessage != nil, "\(path)")
            }
            #expect(try await client.send(.get, "/-/ping").status == .ok)
        }
    }
}
