import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PkgRegistryServer
import PkgModel

@Suite struct UserRouteTests {
    static func loginBody(_ name: String, _ password: String, email: String? = nil) -> [UInt8] {
        var object = JSONObject([
            ("_id", .string("org.couchdb.user:\(name)")), ("name", .string(name)), ("password", .string(password)),
            ("type", "user"), ("roles", .array([])), ("date", "2024-01-01T00:00:00.000Z"),
        ])
        if let email { object["email"] = .string(email) }
        return JSONValue.object(object).serializedBytes
    }

    @Test func signupLoginWhoamiLogout() async throws {
        let registry = try RegistryHarness { $0.allowSignup = true }
        try await registry.test { client in
            try Task.checkCancellation()
            let created = try await client.send(.put, "/-/user/org.couchdb.user:carol", json: Self.loginBody("carol", "secret-password", email: "c@example.com"))
            #expect(created.status == .created)
            let token = try #require(created.json?["token"]?.stringValue)
            #expect(created.json?["ok"] == true)
            #expect(try await client.send(.get, "/-/whoami", token: token).json?["username"] == "carol")
            #expect(try await client.send(.get, "/-/whoami").status == .unauthorized)

            let again = try await client.send(.put, "/-/user/org.couchdb.user:carol", json: Self.loginBody("carol", "secret-password"))
            #expect(again.status == .created)
            let second = try #require(again.json?["token"]?.stringValue)
            #expect(second != token)

            let wrong = try await client.send(.put, "/-/user/org.couchdb.user:carol", json: Self.loginBody("carol", "wrong-password"))
            #expect(wrong.status == .unauthorized)

            #expect(try await client.send(.delete, "/-/user/token/\(token)", token: token).status == .ok)
            #expect(try await client.send(.get, "/-/whoami", token: token).status == .unauthorized)
            #expect(try await client.send(.get, "/-/whoami", token: second).status == .ok)
        }
        // Only hashes are stored.
        let stored = await registry.services.users.tokens(of: "carol")
        #expect(stored.count == 1)
        #expect(stored.allSatisfy { $0.key.count == 64 })
        #expect(await registry.services.users.user(named: "carol")?.passwordHash.hasPrefix("$2") == true)
    }

    @Test func signupIsOffByDefault() async throws {
        let registry = try RegistryHarness()
        try await registry.test { client in
            try Task.checkCancellation()
            let response = try await client.send(.put, "/-/user/org.couchdb.user:dave", json: Self.loginBody("dave", "secret-password"))
            #expect(response.status == .unauthorized)
            #expect(response.errorMessage?.contains("signup is disabled") == true)
            #expect(try await client.send(.put, "/-/user/org.couchdb.user:dave", json: Self.loginBody("eve", "secret-password")).status == .badRequest)
        }
    }

    @Test func basicAuthWorks() async throws {
        let registry = try RegistryHarness()
        _ = try await registry.user("alice", password: "password123")
        try await registry.test { client in
            try Task.checkCancellation()
            let header = "Basic " + Data("alice:password123".utf8).base64EncodedString()
            let whoami = try await client.send(.get, "/-/whoami", headers: [.authorization: header])
            #expect(whoami.json?["username"] == "alice")
            let bad = "Basic " + Data("alice:nope".utf8).base64EncodedString()
            #expect(try await client.send(.get, "/-/whoami", headers: [.authorization: bad]).status == .unauthorized)
        }
    }

    @Test func failedLoginsAreRateLimited() async throws {
        let registry = try RegistryHarness { configuration in
            configuration.loginAttempts = 3
            configuration.loginWindowSeconds = 120
        }
        _ = try await registry.user("alice", password: "password123")
        try await registry.test { client in
            try Task.checkCancellation()
            for _ in 0..<3 {
                #expect(try await client.send(.put, "/-/user/org.couchdb.user:alice", json: Self.loginBody("alice", "guess-guess")).status == .unauthorized)
            }
            let limited = try await client.send(.put, "/-/user/org.couchdb.user:alice", json: Self.loginBody("alice", "password123"))
            #expect(limited.status == .tooManyRequests)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap(Int.init))
            #expect(retryAfter > 0 && retryAfter <= 120)
        }
    }

    @Test func tokensListCreateRevoke() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice", password: "password123")
        try await registry.test { client in
            try Task.checkCancellation()
            let list = try #require(try await client.send(.get, "/-/npm/v1/tokens", token: token).json)
            #expect(list["total"] == .integer(1))
            let listed = try #require(list["objects"]?.arrayValue?.first)
            #expect(listed["token"]?.stringValue?.hasSuffix("…") == true)
            #expect(listed["token"]?.stringValue != token)

            let refused = try await client.send(.post, "/-/npm/v1/tokens", token: token, json: jsonBytes(#"{"password":"wrong"}"#))
            #expect(refused.status == .unauthorized)
            let created = try await client.send(.post, "/-/npm/v1/tokens", token: token, json: jsonBytes(#"{"password":"password123","readonly":true}"#))
            #expect(created.status == .ok)
            let readonly = try #require(created.json?["token"]?.stringValue)
            let key = try #require(created.json?["key"]?.stringValue)
            #expect(created.json?["readonly"] == true)

            #expect(try await client.send(.get, "/-/whoami", token: readonly).status == .ok)
            #expect(try await client.publish("ro", "1.0.0", token: readonly).status == .forbidden)

            #expect(try await client.send(.delete, "/-/npm/v1/tokens/token/\(key)", token: token).status == .noContent)
            #expect(try await client.send(.get, "/-/whoami", token: readonly).status == .unauthorized)
            #expect(try await client.send(.delete, "/-/npm/v1/tokens/token/\(key)", token: token).status == .notFound)
        }
    }

    @Test func searchByNameDescriptionAndKeyword() async throws {
        let registry = try RegistryHarness()
        let token = try await registry.user("alice")
        try await registry.test { client in
            try Task.checkCancellation()
            try await client.publish("left-pad", "1.0.0", token: token)
            try await client.publish("right-pad", "1.0.0", token: token)
            try await client.publish("@x/unrelated", "1.0.0", token: token)
            let result = try #require(try await client.send(.get, "/-/v1/search?text=pad&size=10").json)
            #expect(result["total"] == .integer(2))
            let names = result["objects"]?.arrayValue?.compactMap { $0["package"]?["name"]?.stringValue }
            #expect(names == ["left-pad", "right-pad"])
            #expect(result["objects"]?.arrayValue?.first?["package"]?["version"] == "1.0.0")
            let exact = try #require(try await client.send(.get, "/-/v1/search?text=right-pad").json)
            #expect(exact["objects"]?.arrayValue?.first?["package"]?["name"] == "right-pad")
            let described = try #require(try await client.send(.get, "/-/v1/search?text=test%20package&size=2&from=1").json)
            #expect(described["total"] == .integer(3))
            #expect(described["objects"]?.arrayValue?.count == 2)
            let maintainer = try #require(try await client.send(.get, "/-/v1/search?text=maintainer:nobody").json)
            #expect(maintainer["total"] == .integer(0))
        }
    }
}
