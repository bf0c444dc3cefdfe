import Foundation
import PkgTestSupport
import PkgHTTP
import PkgModel
import PkgRegistryClient
import Testing

@Suite(.enabled(if: LoopbackServer.isAvailable, "python3 is needed for the loopback registry"))
struct RegistryClientTests {
    let server: LoopbackServer
    let cacheDirectory: String

    init() throws {
        server = try LoopbackServer()
        cacheDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-registry-client-\(UUID().uuidString)").path
    }

    var registry: String { server.baseURL + "/" }

    func client(_ settings: [String: IniValue] = [:], command: String? = "install") -> RegistryClient {
        var layer: [String: IniValue] = ["registry": .string(registry), "cache": .string(cacheDirectory), "fetch-retries": .string("0")]
        layer.merge(settings) { $1 }
        return RegistryClient(configuration: NpmConfiguration(layers: [.cli: layer], home: cacheDirectory), command: command)
    }

    struct SeenRequest: Decodable {
        var method: String
        var path: String
        var headers: [String: String]
    }

    func seenRequests() async throws -> [SeenRequest] {
        let response = try await HTTPClient().send(HTTPRequest(url: server.baseURL + "/-/test/requests"))
        return try JSONDecoder().decode([SeenRequest].self, from: response.body)
    }

    @Test func fetchesAbbreviatedPackumentAndCachesIt() async throws {
        let client = client()
        let response = try await client.packument(named: "left-pad")
        let document = try #require(response.document)
        #expect(document.source == .network)
        #expect(document.etag != nil)
        let json = try JSONSerialization.jsonObject(with: document.data) as? [String: Any]
        #expect(json?["name"] as? String == "left-pad")
        #expect(json?["_id"] == nil)
        let seen = try await seenRequests()
        #expect(seen.last?.headers["accept"] == "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*")
        #expect(seen.last?.headers["npm-command"] == "install")
        let port = server.port
        let entry = try #require(FileManager.default.contents(atPath: cacheDirectory + "/metadata-v2/127.0.0.1_\(port)/left-pad.packument"))
        let etag = try #require(document.etag)
        #expect(entry == Data("\(document.data.count) \(etag)\n".utf8) + document.data)
    }

    @Test func revalidatesWithETag() async throws {
        let client = client()
        let first = try #require(try await client.packument(named: "left-pad").document)
        let second = try #require(try await client.packument(named: "left-pad").document)
        #expect(second.source == .revalidated)
        #expect(second.data == first.data)
        let seen = try await seenRequests()
        #expect(seen.count == 2)
        #expect(seen.last?.headers["if-none-match"] == first.etag)
    }

    @Test func preferOfflineAndOfflineUseTheCache() async throws {
        let client = client()
        #expect(try await client.packument(named: "left-pad", policy: .offline).document == nil)
        if case .offline(let name) = try await client.packument(named: "left-pad", policy: .offline) {
            #expect(name == "left-pad")
        } else {
            Issue.record("expected .offline")
        }
        _ = try await client.packument(named: "left-pad")
        #expect(try await client.packument(named: "left-pad", policy: .preferOffline).document?.source == .cache)
        #expect(try await client.packument(named: "left-pad", policy: .offline).document?.source == .cache)
        #expect(try await seenRequests().count == 1)
        let offlineClient = self.client(["offline": .bool(true)])
        #expect(offlineClient.cachePolicy == .offline)
    }

    @Test func missingPackageIsAValueAndE404OnDemand() async throws {
        let client = client()
        guard case .notFound(let name) = try await client.packument(named: "no-such-package") else {
            Issue.record("expected .notFound")
            return
        }
        #expect(name == "no-such-package")
        await #expect(throws: RegistryError.notFound(name: "no-such-package", method: .get, url: registry + "no-such-package")) {
            _ = try await client.fullPackument(named: "no-such-package")
        }
        let error = RegistryError.notFound(name: "no-such-package", method: .get, url: registry + "no-such-package")
        #expect(error.rendered() == """
        error E404: `no-such-package` is not in this registry
          404 Not Found - GET \(registry)no-such-package

        hint: check the name and the `registry` setting; you can also install from a tarball, folder, http url, or git url
        """)
    }

    @Test func scopedNamesAreEscaped() async throws {
        let client = client()
        #expect(client.packumentURL(for: "@scope/lib") == registry + "@scope%2flib")
        #expect(try await client.packument(named: "@scope/lib").document != nil)
        #expect(try await seenRequests().last?.path == "/@scope%2flib")
    }

    @Test func tokenGoesOnlyToItsRegistry() async throws {
        let port = server.port
        // The scoped registry is the same server under another host name: it must get no token.
        let client = client([
            "//127.0.0.1:\(port)/:_authToken": .string("token-alice"),
            "@other:registry": .string("http://localhost:\(port)/"),
        ])
        _ = try await client.packument(named: "left-pad")
        _ = try await client.packument(named: "@other/thing")
        let seen = try await seenRequests()
        #expect(seen.count == 2)
        #expect(seen[0].headers["authorization"] == "Bearer token-alice")
        #expect(seen[1].headers["authorization"] == nil)
    }

    @Test func streamsTarballs() async throws {
        let client = client()
        let received = ByteSink()
        let count = try await client.downloadTarball(from: server.baseURL + "/left-pad/-/left-pad-1.0.0.tgz", packageName: "left-pad") { received.append($0) }
        #expect(count == 256 * 40)
        #expect(received.data == Data((0..<40).flatMap { _ in (0...255).map { UInt8($0) } }))
    }

    @Test func loginWhoamiAndLogout() async throws {
        let client = client(command: "login")
        let login = try await client.login(username: "alice", password: "correct")
        #expect(login == LoginResult(username: "alice", token: "token-alice"))
        let put = try #require(try await seenRequests().last)
        #expect(put.method == "PUT")
        #expect(put.path == "/-/user/org.couchdb.user:alice")

        await #expect(throws: RegistryError.self) { _ = try await client.whoami() }
        do {
            _ = try await client.whoami()
        } catch {
            #expect(error.code == "E401")
        }

        let authenticated = self.client(["//127.0.0.1:\(server.port)/:_authToken": .string(login.token)])
        #expect(try await authenticated.whoami() == "alice")
        try await authenticated.logout(token: login.token)
        #expect(try await seenRequests().last?.path == "/-/user/token/token-alice")
    }

    @Test func loginFailures() async throws {
        let client = client()
        await #expect(throws: RegistryError.loginFailed(username: "bob", status: 401, reason: "incorrect username or password")) {
            _ = try await client.login(username: "bob", password: "wrong")
        }
        await #expect(throws: RegistryError.oneTimePasswordRequired(method: .put, url: registry + "-/user/org.couchdb.user:bob")) {
            _ = try await client.login(username: "bob", password: "otp-needed")
        }
        let result = try await client.login(username: "bob", password: "otp-needed", oneTimePassword: "123456")
        #expect(result.token == "token-bob")
        #expect(try await seenRequests().last?.headers["npm-otp"] == "123456")
    }

    @Test func loginTokenWrittenByEditorIsUsedAfterReload() async throws {
        let home = cacheDirectory + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "registry=\(registry)\n".write(toFile: home + "/.npmrc", atomically: true, encoding: .utf8)
        let load = { try NpmConfiguration.load(environment: [:], workingDirectory: home, home: home) }
        let before = RegistryClient(configuration: try load())
        let login = try await before.login(username: "carol", password: "correct")
        var editor = try NpmrcEditor.load(path: before.configuration.userConfigFile)
        editor.setToken(login.token, forRegistry: before.configuration.registry)
        try editor.write(to: before.configuration.userConfigFile)
        #expect(try String(contentsOfFile: home + "/.npmrc", encoding: .utf8) == "registry=\(registry)\n//127.0.0.1:\(server.port)/:_authToken=token-carol\n")
        let after = RegistryClient(configuration: try load())
        #expect(try await after.whoami() == "carol")
    }

    @Test func publishThenConflict() async throws {
        let client = client(["//127.0.0.1:\(server.port)/:_authToken": .string("token-alice")], command: "publish")
        let document = Data(#"{"_id":"new-pkg","name":"new-pkg","dist-tags":{"latest":"1.0.0"},"versions":{"1.0.0":{"name":"new-pkg","version":"1.0.0"}},"_attachments":{}}"#.utf8)
        try await client.publish(name: "new-pkg", version: "1.0.0", document: document)
        let put = try #require(try await seenRequests().last)
        #expect(put.headers["content-type"] == "application/json")
        #expect(put.headers["npm-command"] == "publish")
        await #expect(throws: RegistryError.publishConflict(name: "new-pkg", version: "1.0.0", reason: "cannot publish over the previously published versions: 1.0.0")) {
            try await client.publish(name: "new-pkg", version: "1.0.0", document: document)
        }
        #expect(try await client.distTags(of: "new-pkg") == ["latest": "1.0.0"])

        let anonymous = self.client()
        do {
            try await anonymous.publish(name: "other-pkg", version: "1.0.0", document: document)
            Issue.record("expected E401")
        } catch {
            #expect(error.code == "E401")
            #expect(error.hint == "run `pkg login` for this registry, or check the token in your `.npmrc`")
        }
    }

    @Test func distTagEdits() async throws {
        let client = client(["//127.0.0.1:\(server.port)/:_authToken": .string("token-alice")])
        try await client.setDistTag("beta", of: "@scope/lib", to: "2.0.0")
        #expect(try await client.distTags(of: "@scope/lib") == ["latest": "2.0.0", "beta": "2.0.0"])
        #expect(try await seenRequests().last?.path == "/-/package/@scope%2flib/dist-tags")
        try await client.removeDistTag("beta", of: "@scope/lib")
        #expect(try await client.distTags(of: "@scope/lib") == ["latest": "2.0.0"])
    }
}

/// Collects streamed chunks from the I/O thread.
final class ByteSink: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = Data()

    func append(_ chunk: Data) {
        lock.lock()
        storage.append(chunk)
        lock.unlock()
    }

    var data: Data {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

extension RegistryClientTests {
    @Test func concurrentRequestsForOneNameShareOneFetch() async throws {
        let client = client()
        let documents = try await withThrowingTaskGroup(of: PackumentDocument?.self) { group in
            for _ in 0..<10 {
                group.addTask { try await client.packument(named: "left-pad").document }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(documents.count == 10)
        #expect(documents.allSatisfy { $0?.name == "left-pad" })
        #expect(try await seenRequests().count < 10)
    }
}

extension RegistryClientTests {
    @Test func decodesPackumentsIntoTheModel() async throws {
        let client = client()
        let packument = try #require(try await client.packument(named: "left-pad").document).packument()
        #expect(packument.name == "left-pad")
        #expect(packument.versions.sorted() == ["1.0.0", "1.1.0"])
        #expect(packument.latest == "1.1.0")
        let full = try await client.fullPackument(named: "@scope/lib", write: true)
        #expect(full.name == "@scope/lib")
        #expect(try await seenRequests().last?.path == "/@scope%2flib?write=true")
        #expect(try await seenRequests().last?.headers["accept"] == "application/json")
    }

    @Test func brokenPackumentIsADiagnostic() {
        let document = PackumentDocument(name: "broken", data: Data("[1]".utf8), etag: nil, source: .cache)
        #expect(throws: RegistryError.self) { try document.packument() }
        do {
            _ = try document.packument()
        } catch {
            #expect(error.message == "the registry document for `broken` is invalid")
        }
    }

    @Test func publishesAPublishDocument() async throws {
        let client = client(["//127.0.0.1:\(server.port)/:_authToken": .string("token-alice")], command: "publish")
        let document = try PublishDocument.build(
            manifest: ["name": .string("built-pkg"), "version": .string("0.1.0")],
            tarball: Array("not really a tarball".utf8),
            registry: registry
        )
        try await client.publish(document)
        #expect(try await client.distTags(of: "built-pkg") == ["latest": "0.1.0"])
        await #expect(throws: RegistryError.publishConflict(name: "built-pkg", version: "0.1.0", reason: "cannot publish over the previously published versions: 0.1.0")) {
            try await client.publish(document)
        }
    }
}
