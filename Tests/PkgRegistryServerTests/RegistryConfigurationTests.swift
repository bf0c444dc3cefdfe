import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import PkgRegistryServer
import PkgModel

@Suite struct RegistryConfigurationTests {
    @Test func configFileOverridesDefaults() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/registry.json"
        try Data(#"""
        {"data": "store", "port": 0, "allowSignup": true, "maxTarballSize": 1024, "publicURL": "https://npm.example.com/",
         "loginRateLimit": {"attempts": 2}, "packages": [{"pattern": "@corp/*", "access": ["$authenticated"], "publish": ["ops"]}]}
        """#.utf8).write(to: URL(fileURLWithPath: file))
        var configuration = RegistryConfiguration()
        try configuration.apply(configFile: file)
        #expect(configuration.dataDirectory == directory + "/store")
        #expect(configuration.port == 0)
        #expect(configuration.allowSignup)
        #expect(configuration.maximumTarballSize == 1024)
        #expect(configuration.loginAttempts == 2)
        #expect(configuration.loginWindowSeconds == 60)
        #expect(configuration.packageRules == [AccessRule(pattern: "@corp/*", access: ["$authenticated"], publish: ["ops"], unpublish: ["ops"])])
        #expect(configuration.accessRules.allows(.publish, on: "@corp/x", user: "ops"))
        #expect(!configuration.accessRules.allows(.publish, on: "@corp/x", user: "dev"))
    }

    @Test func unreadableConfigFilesAreErrors() throws {
        var configuration = RegistryConfiguration()
        #expect(throws: (any Error).self) { try configuration.apply(configFile: "/nonexistent/registry.json") }
    }
}

/// Storage that fails every call, to check that internal errors never leak.
struct BrokenStorage: PackageStorage {
    struct Secret: Error {}
    func snapshot(for name: RegistryPackageName) async throws -> RecordSnapshot? { throw StorageError.io("open /secret/path", errno: 5) }
    func save(_ record: PackageRecord, for name: RegistryPackageName) async throws { throw Secret() }
    func storeTarball(_ bytes: [UInt8], fileName: String, for name: RegistryPackageName) async throws { throw Secret() }
    func removeTarball(fileName: String, for name: RegistryPackageName) async throws { throw Secret() }
    func tarball(fileName: String, for name: RegistryPackageName) async throws -> StoredTarball? { throw Secret() }
    func packageNames() async throws -> [RegistryPackageName] { throw Secret() }
    func withWriteLock<Result: Sendable>(on name: RegistryPackageName, _ body: @Sendable () async throws -> Result) async throws -> Result {
        try await body()
    }
}

@Suite struct InternalErrorTests {
    @Test func unexpectedErrorsAreBare500s() async throws {
        let configuration = RegistryConfiguration()
        let services = try RegistryServices.inMemory(configuration)
        var logger = Logger(label: "registry-tests")
        logger.logLevel = .critical
        let application = Application(router: buildRouter(storage: BrokenStorage(), services: services, configuration: configuration), logger: logger)
        try await application.test(.router) { client in
            let response = try await client.execute(uri: "/left-pad", method: .get)
            #expect(response.status == .internalServerError)
            #expect(String(buffer: response.body) == #"{"error":"internal server error"}"#)
            let search = try await client.execute(uri: "/-/v1/search?text=x", method: .get)
            #expect(search.status == .internalServerError)
            #expect(!String(buffer: search.body).contains("Secret"))
        }
    }
}
