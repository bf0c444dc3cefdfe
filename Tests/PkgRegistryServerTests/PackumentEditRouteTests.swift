import Foundation
import Hummingbird
import HummingbirdTesting
import PkgTestSupport
import Testing
@testable import PkgRegistryServer
import PkgModel

/// The write flows npm's commands run against `GET ?write=true` + `PUT` of the whole document.
@Suite struct PackumentEditRouteTests {
    /// The document as npm fetched it, with `mutate` applied, ready to PUT back.
    static func edited(_ response: TestResponse, _ mutate: (inout JSONObject) -> Void) throws -> [UInt8] {
        var document = try #require(response.json?.objectValue)
        mutate(&document)
        return JSONValue.object(document).serializedBytes
    }

    @Test func deprecateAndUndeprecate() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("old", "1.0.0", token: token)
            let current = try await client.send(.get, "/old?write=true", token: token)
            let body = try Self.edited(current) { document in
                var versions = document["versions"]!.objectValue!
                var manifest = versions["1.0.0"]!.objectValue!
                manifest["deprecated"] = "use new instead"
                versions["1.0.0"] = .object(manifest)
                document["versions"] = .object(versions)
            }
            #expect(try await client.send(.put, "/old", token: token, json: body).status == .ok)
            let deprecated = try await client.send(.get, "/old", headers: [.accept: "application/vnd.npm.install-v1+json"])
            #expect(deprecated.json?["versions"]?["1.0.0"]?["deprecated"] == "use new instead")

            let again = try await client.send(.get, "/old?write=true", token: token)
            let undo = try Self.edited(again) { document in
                var versions = document["versions"]!.objectValue!
                var manifest = versions["1.0.0"]!.objectValue!
                manifest["deprecated"] = ""
                versions["1.0.0"] = .object(manifest)
                document["versions"] = .object(versions)
            }
            #expect(try await client.send(.put, "/old", token: token, json: undo).status == .ok)
            #expect(try await client.send(.get, "/old").json?["versions"]?["1.0.0"]?["deprecated"] == nil)
        }
    }

    @Test func editsMayNotRewriteManifestsOrOtherFields() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("fixed", "1.0.0", token: token)
            let current = try await client.send(.get, "/fixed?write=true", token: token)
            let dependencyChange = try Self.edited(current) { document in
                var versions = document["versions"]!.objectValue!
                var manifest = versions["1.0.0"]!.objectValue!
                manifest["dependencies"] = .object(JSONObject([("evil", "*")]))
                versions["1.0.0"] = .object(manifest)
                document["versions"] = .object(versions)
            }
            let refused = try await client.send(.put, "/fixed", token: token, json: dependencyChange)
            #expect(refused.status == .badRequest)
            #expect(refused.errorMessage?.contains("deprecated") == true)
            let readmeChange = try Self.edited(current) { $0["readme"] = "rewritten" }
            #expect(try await client.send(.put, "/fixed", token: token, json: readmeChange).status == .badRequest)
            let addedVersion = try Self.edited(current) { document in
                var versions = document["versions"]!.objectValue!
                versions["9.0.0"] = versions["1.0.0"]
                document["versions"] = .object(versions)
            }
            #expect(try await client.send(.put, "/fixed", token: token, json: addedVersion).status == .badRequest)
            let staleRevision = try Self.edited(current) { $0["_rev"] = "99-0" }
            #expect(try await client.send(.put, "/fixed", token: token, json: staleRevision).status == .conflict)
        }
    }

    @Test func unpublishOneVersionAsNpmDoes() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("multi", "1.0.0", token: token)
            try await client.publish("multi", "1.1.0", token: token)
            try await client.publish("multi", "2.0.0-rc.1", token: token, tag: "next")
            // npm: remove the version and its tags, recompute latest, PUT -rev, refetch, DELETE the tarball.
            let current = try await client.send(.get, "/multi?write=true", token: token)
            let rev = try #require(current.json?["_rev"]?.stringValue)
            let body = try Self.edited(current) { document in
                var versions = document["versions"]!.objectValue!
                versions["1.1.0"] = nil
                document["versions"] = .object(versions)
                var tags = document["dist-tags"]!.objectValue!
                tags["latest"] = "2.0.0-rc.1"  // what npm's unpublish sends; the registry overrides it
                document["dist-tags"] = .object(tags)
                document["_attachments"] = nil
            }
            #expect(try await client.send(.put, "/multi/-rev/\(rev)", token: token, json: body).status == .ok)
            let refreshed = try #require(try await client.send(.get, "/multi?write=true", token: token).json)
            #expect(refreshed["versions"]?["1.1.0"] == nil)
            #expect(refreshed["dist-tags"]?["latest"] == "1.0.0")
            #expect(refreshed["dist-tags"]?["next"] == "2.0.0-rc.1")
            let newRev = try #require(refreshed["_rev"]?.stringValue)
            #expect(try await client.send(.delete, "/multi/-/multi-1.1.0.tgz/-rev/\(rev)", token: token).status == .conflict)
            #expect(try await client.send(.delete, "/multi/-/multi-1.1.0.tgz/-rev/\(newRev)", token: token).status == .ok)
            #expect(try await client.send(.get, "/multi/-/multi-1.1.0.tgz").status == .notFound)
            #expect(try await client.send(.delete, "/multi/-/multi-1.0.0.tgz/-rev/\(newRev)", token: token).status == .badRequest)
            #expect(try await client.send(.get, "/multi/-/multi-1.0.0.tgz").status == .ok)
        }
    }

    @Test func ownersAddAndRemove() async throws {
        let registry = try RegistryHarness()
        let alice = try await registry.user("alice")
        let bob = try await registry.user("bob")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("shared", "1.0.0", token: alice)
            let user = try await client.send(.get, "/-/user/org.couchdb.user:bob", token: alice)
            #expect(user.json?["name"] == "bob")
            #expect(user.json?["email"] == "bob@example.com")
            #expect(try await client.send(.get, "/-/user/org.couchdb.user:nobody").status == .notFound)

            let current = try #require(try await client.send(.get, "/shared?write=true", token: alice).json)
            let rev = try #require(current["_rev"]?.stringValue)
            let add = JSONValue.object(JSONObject([
                ("_id", "shared"), ("_rev", .string(rev)),
                ("maintainers", .array([current["maintainers"]!.arrayValue![0], .object(JSONObject([("name", "bob"), ("email", "bob@example.com")]))])),
            ]))
            #expect(try await client.send(.put, "/shared/-rev/\(rev)", token: bob, json: add.serializedBytes).status == .forbidden)
            #expect(try await client.send(.put, "/shared/-rev/\(rev)", token: alice, json: add.serializedBytes).status == .ok)
            #expect(try await client.publish("shared", "1.1.0", token: bob).status == .created)

            let unknown = JSONValue.object(JSONObject([("maintainers", .array([.object(JSONObject([("name", "ghost")]))]))]))
            #expect(try await client.send(.put, "/shared", token: alice, json: unknown.serializedBytes).status == .notFound)
            let empty = JSONValue.object(JSONObject([("maintainers", .array([]))]))
            #expect(try await client.send(.put, "/shared", token: alice, json: empty.serializedBytes).status == .badRequest)

            let removeAlice = JSONValue.object(JSONObject([("maintainers", .array([.object(JSONObject([("name", "bob")]))]))]))
            #expect(try await client.send(.put, "/shared", token: bob, json: removeAlice.serializedBytes).status == .ok)
            #expect(try await client.publish("shared", "1.2.0", token: alice).status == .forbidden)
        }
    }

    @Test func wholePackageUnpublish() async throws {
        let registry = try RegistryHarness()
        let alice = try await registry.user("alice")
        let bob = try await registry.user("bob")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("gone", "1.0.0", token: alice)
            let rev = try #require(try await client.send(.get, "/gone?write=true").json?["_rev"]?.stringValue)
            #expect(try await client.send(.delete, "/gone/-rev/\(rev)", token: nil).status == .unauthorized)
            #expect(try await client.send(.delete, "/gone/-rev/\(rev)", token: bob).status == .forbidden)
            #expect(try await client.send(.delete, "/gone/-rev/0-0", token: alice).status == .conflict)
            #expect(try await client.send(.delete, "/gone/-rev/\(rev)", token: alice).status == .ok)
            #expect(try await client.send(.get, "/gone").status == .notFound)
            #expect(try await client.send(.get, "/gone/-/gone-1.0.0.tgz").status == .notFound)
            #expect(await registry.storage.tarball(fileName: "gone-1.0.0.tgz", for: try RegistryPackageName("gone")) == nil)
            // After a whole unpublish anyone may claim the name again, but not its old versions.
            #expect(try await client.publish("gone", "1.0.0", token: bob).status == .conflict)
            #expect(try await client.publish("gone", "1.0.1", token: bob).status == .created)
        }
    }

    @Test func distTagRoutes() async throws {
        let registry = try RegistryHarness()
        let alice = try await registry.user("alice")
        let bob = try await registry.user("bob")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("@s/tagged", "1.0.0", token: alice)
            try await client.publish("@s/tagged", "1.1.0", token: alice)
            let path = "/-/package/@s%2ftagged/dist-tags"
            #expect(try await client.send(.get, path).json?["latest"] == "1.1.0")
            #expect(try await client.send(.put, path + "/stable", token: alice, json: jsonBytes(#""1.0.0""#)).status == .created)
            #expect(try await client.send(.get, "/-/package/@s/tagged/dist-tags").json?["stable"] == "1.0.0")
            #expect(try await client.send(.put, path + "/stable", token: bob, json: jsonBytes(#""1.1.0""#)).status == .forbidden)
            #expect(try await client.send(.put, path + "/stable", token: nil, json: jsonBytes(#""1.1.0""#)).status == .unauthorized)
            #expect(try await client.send(.put, path + "/stable", token: alice, json: jsonBytes(#""9.9.9""#)).status == .notFound)
            #expect(try await client.send(.put, path + "/1.0.0", token: alice, json: jsonBytes(#""1.0.0""#)).status == .badRequest)
            #expect(try await client.send(.put, path + "/latest", token: alice, json: jsonBytes(#""1.0.0""#)).status == .created)
            #expect(try await client.send(.get, "/@s%2ftagged/latest").json?["version"] == "1.0.0")
            #expect(try await client.send(.delete, path + "/latest", token: alice).status == .badRequest)
            #expect(try await client.send(.delete, path + "/stable", token: alice).status == .ok)
            #expect(try await client.send(.delete, path + "/stable", token: alice).status == .notFound)
            #expect(try await client.send(.get, "/-/package/missing/dist-tags").status == .notFound)
        }
    }
}
