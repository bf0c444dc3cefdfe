import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PkgTestSupport
@testable import PkgRegistryServer
import PkgModel

/// An in-memory registry driven through its router, with helpers for the common requests.
struct RegistryHarness {
    let storage = InMemoryPackageStorage()
    let services: RegistryServices
    let configuration: RegistryConfiguration

    init(configure: (inout RegistryConfiguration) -> Void = { _ in }) throws {
        var configuration = RegistryConfiguration()
        configuration.passwordCost = 4
        configuration.publicURL = "http://registry.test"
        configure(&configuration)
        self.configuration = configuration
        services = try RegistryServices.inMemory(configuration)
    }

    /// Creates `name` (password `password123`) and returns a fresh token for it.
    func user(_ name: String, password: String = "password123") async throws -> String {
        if await services.users.user(named: name) == nil {
            _ = try await services.users.addUser(name: name, passwordHash: UserDirectory.hashPassword(password, cost: 4), email: "\(name)@example.com")
        }
        return try await services.users.issueToken(for: name).token
    }

    func test<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        var logger = Logger(label: "registry-tests")
        logger.logLevel = .warning
        let application = Application(router: buildRouter(storage: storage, services: services, configuration: configuration), logger: logger)
        return try await application.test(.router, body)
    }
}

extension TestClientProtocol {
    /// Sends a request with an optional bearer token and JSON body.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: [UInt8]? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(bytes: $0) })
    }

    /// Publishes a generated package and returns the response.
    @discardableResult
    func publish(
        _ name: String, _ version: String, token: String?, tag: String = "latest", dependencies: [String: String] = [:]
    ) async throws -> TestResponse {
        let tarball = TestTarball.package(name: name, version: version, dependencies: dependencies)
        let body = TestPublishDocument.json(name: name, version: version, tarball: tarball, tag: tag, dependencies: dependencies)
        return try await send(.put, "/" + name.replacingOccurrences(of: "/", with: "%2f"), token: token, json: body)
    }
}

extension TestResponse {
    var json: JSONValue? { try? JSONValue.parseStrict(body.readableBytesView) }
    var text: String { String(buffer: body) }
    var errorMessage: String? { json?["error"]?.stringValue }
}

func jsonBytes(_ text: String) -> [UInt8] { Array(text.utf8) }
