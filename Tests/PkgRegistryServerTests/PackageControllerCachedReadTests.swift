import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import PkgRegistryServer
import PkgModel
import PkgTestSupport

/// `PackageController.cachedRead(for:)`, the event loop's fast path, against the router's own
/// answer to the same request on the same storage and caches: it must either say exactly what the
/// router says or decline.
@Suite struct PackageControllerCachedReadTests {
    /// A file-backed registry whose router and fast path share one read cache, as `buildApplication` wires them.
    struct Registry {
        let root = FileSystemPackageStorageTests.temporaryDirectory()
        let storage: FileSystemPackageStorage
        let services: RegistryServices
        let configuration: RegistryConfiguration
        let cache = PackageReadCache()

        init(rules: [AccessRule] = []) throws {
            var configuration = RegistryConfiguration()
            configuration.passwordCost = 4
            configuration.publicURL = "http://registry.test"
            configuration.dataDirectory = root
            configuration.packageRules = rules
            self.configuration = configuration
            storage = try FileSystemPackageStorage(root: root)
            services = try RegistryServices.inMemory(configuration)
        }

        var fastPath: PackageController<FileSystemPackageStorage> {
            PackageController(
                storage: storage, users: services.users, configuration: configuration,
                access: PackageAccess(rules: configuration.accessRules), cache: cache)
        }

        func token(for user: String) async throws -> String {
            _ = try await services.users.addUser(name: user, passwordHash: UserDirectory.hashPassword("password123", cost: 4), email: "\(user)@example.com")
            return try await services.users.issueToken(for: user).token
        }

        func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            defer { try? FileManager.default.removeItem(atPath: root) }
            var logger = Logger(label: "registry-tests")
            logger.logLevel = .warning
            let router = buildRouter(storage: storage, services: services, configuration: configuration, cache: cache)
            try await Application(router: router, logger: logger).test(.router, body)
        }
    }

    static func request(_ path: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) -> HTTPRequest {
        HTTPRequest(method: method, scheme: nil, authority: "registry.test", path: path, headerFields: headers)
    }

    /// The router's answer and the fast path's agree on status, headers (Hummingbird adds `Date` and `Server` to both) and bytes.
    static func expectSameAnswer(
        _ router: TestResponse, _ fast: PreparedResponse?, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let fast else {
            Issue.record("the fast path declined a request it can answer", sourceLocation: sourceLocation)
            return
        }
        #expect(fast.status == router.status, sourceLocation: sourceLocation)
        var routerHeaders = router.headers
        routerHeaders[.date] = nil
        routerHeaders[.server] = nil
        #expect(fast.wireHeaders == routerHeaders, sourceLocation: sourceLocation)
        #expect(fast.body.map { Array($0.readableBytesView) } ?? [] == Array(router.body.readableBytesView), sourceLocation: sourceLocation)
    }

    @Test func answersAPublishedTarballAsTheRouterDoes() async throws {
        let registry = try Registry()
        let token = try await registry.token(for: "alice")
        try await registry.test { client async throws in
            #expect(try await client.publish("@scope/fast", "1.0.0", token: token).status == .created)
            #expect(try await client.publish("plain", "2.1.0", token: token).status == .created)
            for path in ["/@scope/fast/-/fast-1.0.0.tgz", "/plain/-/plain-2.1.0.tgz"] {
                let router = try await client.send(.get, path)
                #expect(router.status == .ok)
                #expect(router.headers[.eTag] != nil)
                Self.expectSameAnswer(router, registry.fastPath.cachedRead(for: Self.request(path)))
            }
            // Packuments, full and abbreviated, plain and gzipped, by either spelling of a scoped name.
            let abbreviated: HTTPFields = [.accept: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"]
            let gzip: HTTPFields = [.acceptEncoding: "gzip, deflate"]
            for path in ["/plain", "/@scope%2ffast", "/@scope/fast"] {
                for headers in [[:], abbreviated, gzip, abbreviated + gzip] {
                    let router = try await client.send(.get, path, headers: headers)
                    #expect(router.status == .ok)
                    Self.expectSameAnswer(router, registry.fastPath.cachedRead(for: Self.request(path, headers: headers)))
                    let tag = try #require(router.headers[.eTag])
                    var revalidating = headers
                    revalidating[.ifNoneMatch] = tag
                    let notModified = try await client.send(.get, path, headers: revalidating)
                    #expect(notModified.status == .notModified)
                    Self.expectSameAnswer(notModified, registry.fastPath.cachedRead(for: Self.request(path, headers: revalidating)))
                }
            }
            // Revalidation, with the ETag the first answer carried.
            let etag = try #require(try await client.send(.get, "/plain/-/plain-2.1.0.tgz").headers[.eTag])
            let notModified = try await client.send(.get, "/plain/-/plain-2.1.0.tgz", headers: [.ifNoneMatch: etag])
            #expect(notModified.status == .notModified)
            Self.expectSameAnswer(notModified, registry.fastPath.cachedRead(for: Self.request("/plain/-/plain-2.1.0.tgz", headers: [.ifNoneMatch: etag])))
            // A token cannot change who may read a package everyone may read: valid or not, same answer.
            for header in ["Bearer \(token)", "Bearer not-a-token", "Token x"] {
                let headers: HTTPFields = [.authorization: header]
                let router = try await client.send(.get, "/plain/-/plain-2.1.0.tgz", headers: headers)
                Self.expectSameAnswer(router, registry.fastPath.cachedRead(for: Self.request("/plain/-/plain-2.1.0.tgz", headers: headers)))
            }
        }
    }

    @Test func declinesWhatOnlyTheRouterCanAnswer() async throws {
        let registry = try Registry()
        let token = try await registry.token(for: "alice")
        try await registry.test { client async throws in
            #expect(try await client.publish("plain", "1.0.0", token: token).status == .created)
            let fast = registry.fastPath
            let path = "/plain/-/plain-1.0.0.tgz"
            #expect(fast.cachedRead(for: Self.request(path)) != nil)
            // Not a packument or tarball GET, or one with a query (`?write=true` reads for editing).
            #expect(fast.cachedRead(for: Self.request("/plain")) != nil)
            #expect(fast.cachedRead(for: Self.request("/plain?write=true")) == nil)
            #expect(fast.cachedRead(for: Self.request(path + "?cache=1")) == nil)
            #expect(fast.cachedRead(for: Self.request("/plain/1.0.0")) == nil)
            #expect(fast.cachedRead(for: Self.request("/plain/latest")) == nil)
            #expect(fast.cachedRead(for: Self.request(path, method: .head)) == nil)
            #expect(fast.cachedRead(for: Self.request(path, method: .delete)) == nil)
            #expect(fast.cachedRead(for: Self.request("/-/ping")) == nil)
            #expect(fast.cachedRead(for: Self.request("/%zz/-/x.tgz")) == nil)
            // Unlisted or unknown: the router's 404 carries the message.
            #expect(try await client.send(.get, "/plain/-/plain-9.9.9.tgz").status == .notFound)
            #expect(fast.cachedRead(for: Self.request("/plain/-/plain-9.9.9.tgz")) == nil)
            #expect(fast.cachedRead(for: Self.request("/missing/-/missing-1.0.0.tgz")) == nil)
            // Basic credentials are checked with bcrypt and rate-limited; the connection's end is Hummingbird's.
            #expect(fast.cachedRead(for: Self.request(path, headers: [.authorization: "Basic YWxpY2U6cGFzc3dvcmQxMjM="])) == nil)
            #expect(fast.cachedRead(for: Self.request(path, headers: [.connection: "close"])) == nil)
            #expect(fast.cachedRead(for: Self.request(path, headers: [.connection: "keep-alive"])) != nil)
        }
    }

    @Test func servesTheListedBytesEvenWhenTheFileChangedOnDisk() async throws {
        let registry = try Registry()
        let token = try await registry.token(for: "alice")
        try await registry.test { client async throws in
            #expect(try await client.publish("plain", "1.0.0", token: token).status == .created)
            let path = "/plain/-/plain-1.0.0.tgz"
            let published = try #require(registry.fastPath.cachedRead(for: Self.request(path)))
            // Altered behind the registry's back: a published version never changes, so both
            // paths go on serving the bytes whose SHA-1 is the listed shasum.
            let file = registry.root + "/packages-v1/plain/plain-1.0.0.tgz"
            _ = FileManager.default.createFile(atPath: file + ".new", contents: Data([1, 2, 3, 4]))
            #expect(rename(file + ".new", file) == 0)
            let router = try await client.send(.get, path)
            #expect(router.body == published.body)
            Self.expectSameAnswer(router, registry.fastPath.cachedRead(for: Self.request(path)))
            try FileManager.default.removeItem(atPath: file)
            Self.expectSameAnswer(try await client.send(.get, path), registry.fastPath.cachedRead(for: Self.request(path)))
            // A version that is no longer listed is not served, from memory or not.
            #expect(registry.fastPath.cachedRead(for: Self.request("/plain/-/plain-2.0.0.tgz")) == nil)
        }
    }

    @Test func leavesRestrictedPackagesToTheRouter() async throws {
        let registry = try Registry(rules: [
            AccessRule(pattern: "@private/*", access: ["$authenticated"]),
            AccessRule(pattern: "@staff/*", access: ["alice"]),
        ])
        let token = try await registry.token(for: "alice")
        try await registry.test { client async throws in
            #expect(try await client.publish("@private/a", "1.0.0", token: token).status == .created)
            #expect(try await client.publish("@staff/b", "1.0.0", token: token).status == .created)
            #expect(try await client.publish("open", "1.0.0", token: token).status == .created)
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            for path in ["/@private/a/-/a-1.0.0.tgz", "/@staff/b/-/b-1.0.0.tgz"] {
                #expect(try await client.send(.get, path).status == .unauthorized)
                #expect(try await client.send(.get, path, headers: bearer).status == .ok)
                #expect(registry.fastPath.cachedRead(for: Self.request(path)) == nil)
                #expect(registry.fastPath.cachedRead(for: Self.request(path, headers: bearer)) == nil)
            }
            #expect(registry.fastPath.cachedRead(for: Self.request("/open/-/open-1.0.0.tgz", headers: bearer)) != nil)
        }
    }
}
