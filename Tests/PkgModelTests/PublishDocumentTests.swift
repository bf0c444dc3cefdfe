import Foundation
import PkgModel
import Testing

@Suite struct PublishDocumentTests {
    static let tarball = Array("abc".utf8)

    static func built(name: String = "left-pad", tag: String = "latest", access: String? = nil) throws -> PublishDocument {
        try PublishDocument.build(
            manifest: ["name": .string(name), "version": "1.3.0", "description": "pad", "scripts": ["test": "tap"]],
            tarball: tarball, tag: tag, access: access, registry: "https://registry.example/",
            extraFields: ["_nodeVersion": "20.0.0", "_npmVersion": "10.8.2"])
    }

    @Test func buildsTheBodyNpmSends() throws {
        let document = try Self.built()
        #expect(JSONValue.object(document.object).serializedString() == #"""
            {"_id":"left-pad","name":"left-pad","description":"pad","dist-tags":{"latest":"1.3.0"},"versions":{"1.3.0":{"name":"left-pad","version":"1.3.0","description":"pad","scripts":{"test":"tap"},"_id":"left-pad@1.3.0","_nodeVersion":"20.0.0","_npmVersion":"10.8.2","dist":{"integrity":"sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==","shasum":"a9993e364706816aba3e25717850c26c9cd0d89d","tarball":"http://registry.example/left-pad/-/left-pad-1.3.0.tgz"}}},"access":null,"_attachments":{"left-pad-1.3.0.tgz":{"content_type":"application/octet-stream","data":"YWJj","length":3}}}
            """#)
        #expect(document.version == "1.3.0" && document.tarball == Self.tarball && document.distTags == ["latest": "1.3.0"])
        let reparsed = try PublishDocument(parsing: document.serialized(), packageName: "left-pad")
        #expect(reparsed == document)
    }

    @Test func scopedNamesKeepTheScopeInTheAttachmentKey() throws {
        let document = try Self.built(name: "@scope/pad", tag: "beta", access: "public")
        #expect(document.tarballFilename == "@scope/pad-1.3.0.tgz")
        #expect(document.manifest.dist.tarball == "http://registry.example/@scope/pad/-/@scope/pad-1.3.0.tgz")
        #expect(document.access == "public" && document.distTags == ["beta": "1.3.0"])
    }

    @Test func applyingStartsOrExtendsThePackument() throws {
        let first = try Self.built(tag: "beta").apply(to: nil, time: "2024-01-01T00:00:00.000Z")
        #expect(first.distTags == ["beta": "1.3.0", "latest": "1.3.0"], "a first publish always gets `latest`")
        #expect(first.object["description"] == "pad")
        #expect(first.time == ["created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z", "1.3.0": "2024-01-01T00:00:00.000Z"])
        #expect(first.manifest(for: "1.3.0")?.id == "left-pad@1.3.0")
        #expect(first.manifest(for: "1.3.0")?.npmUser == nil)

        let jane = RegistryPerson(name: "jane", email: "jane@example.com")
        let owned = try Self.built().apply(to: nil, time: "2024-01-01T00:00:00.000Z", publisher: jane)
        #expect(owned.maintainers == [jane] && owned.manifest(for: "1.3.0")?.npmUser == jane)
        let bob = RegistryPerson(name: "bob")
        var next = try PublishDocument.build(manifest: ["name": "left-pad", "version": "1.4.0"], tarball: Self.tarball, registry: "http://r/")
            .apply(to: owned, time: "2024-02-01T00:00:00.000Z", publisher: bob)
        #expect(next.maintainers == [jane], "later publishes do not change maintainers")
        #expect(next.latest == "1.4.0" && next.versions == ["1.3.0", "1.4.0"])
        next.removeDistTag("latest")
        #expect(next.latest == nil)
    }

    /// Mutates a valid body; each case must be refused with the given message.
    static let hostile: [(String, @Sendable (inout JSONObject) -> Void, String)] = [
        ("no name", { $0["name"] = nil }, "the publish body has an invalid `name`"),
        ("invalid name", { body in
            body["name"] = "../etc"
            body["_id"] = "../etc"
        }, "the publish body has an invalid `name`"),
        ("id differs", { $0["_id"] = "other" }, "the publish body has an invalid `_id`"),
        ("two versions", { body in
            var versions = body["versions"]?.objectValue ?? [:]
            versions["1.4.0"] = versions["1.3.0"]
            body["versions"] = .object(versions)
        }, "a publish body must contain exactly one version, found 2"),
        ("no versions", { $0["versions"] = .object([:]) }, "a publish body must contain exactly one version, found 0"),
        ("versions not object", { $0["versions"] = [] }, "the publish body has an invalid `versions`"),
        ("version key differs", { body in
            body["versions"] = .object(["9.9.9": body["versions"]?["1.3.0"] ?? nil])
        }, "the publish body has an invalid `versions.9.9.9.version`"),
        ("invalid version", { body in
            var manifest = body["versions"]?["1.3.0"]?.objectValue ?? [:]
            manifest["version"] = "latest"
            body["versions"] = .object(["latest": .object(manifest)])
            body["dist-tags"] = ["latest": "latest"]
        }, "the publish body has an invalid `versions`"),
        ("tag is a range", { $0["dist-tags"] = ["^1.0.0": "1.3.0"] }, "the publish body has an invalid `dist-tags.^1.0.0`"),
        ("tag elsewhere", { $0["dist-tags"] = ["latest": "1.0.0"] }, "the publish body has an invalid `dist-tags.latest`"),
        ("no tags", { $0["dist-tags"] = .object([:]) }, "the publish body has an invalid `dist-tags`"),
        ("bad access", { $0["access"] = "secret" }, "the publish body has an invalid `access`"),
        ("no attachments", { $0["_attachments"] = nil }, "the publish body has an invalid `_attachments`"),
        ("two tarballs", { body in
            var attachments = body["_attachments"]?.objectValue ?? [:]
            attachments["other-1.0.0.tgz"] = attachments["left-pad-1.3.0.tgz"]
            body["_attachments"] = .object(attachments)
        }, "a publish body must contain exactly one tarball attachment, found 2"),
        ("bad base64", { body in
            body["_attachments"] = ["left-pad-1.3.0.tgz": ["data": "!!!", "length": 3]]
        }, "the publish body has an invalid `_attachments.left-pad-1.3.0.tgz.data`"),
        ("wrong length", { body in
            body["_attachments"] = ["left-pad-1.3.0.tgz": ["data": "YWJj", "length": 4]]
        }, "attachment `left-pad-1.3.0.tgz` declares 4 bytes but holds 3"),
        ("other tarball", { body in
            body["_attachments"] = ["left-pad-1.3.0.tgz": ["data": "YWJk", "length": 3]]
        }, "attachment `left-pad-1.3.0.tgz` does not match the manifest's `dist` checksums"),
    ]

    @Test(arguments: 0..<hostile.count)
    func refusesInvalidBodies(index: Int) throws {
        let (label, mutate, message) = Self.hostile[index]
        var body = try Self.built().object
        mutate(&body)
        do {
            _ = try PublishDocument(object: body)
            Issue.record("accepted: \(label)")
        } catch {
            #expect(error.message == message, "\(label)")
        }
    }

    @Test func refusesABodyForAnotherPackage() throws {
        let bytes = try Self.built().serialized()
        #expect(throws: RegistryDocumentError.nameMismatch(url: "right-pad", body: "left-pad")) {
            try PublishDocument(parsing: bytes, packageName: "right-pad")
        }
        #expect(throws: RegistryDocumentError.self) { try PublishDocument(parsing: Array("nope".utf8)) }
    }
}
