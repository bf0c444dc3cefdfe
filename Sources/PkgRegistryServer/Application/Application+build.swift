// PkgRegistryServer is the registry: a Hummingbird application with controllers over a
// `PackageStorage` protocol, auth and access rules. It must never import PkgCore, PkgResolver or
// the HTTP client. Entry points: `buildApplication` for the executable, `buildRouter` for tests.
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PkgModel

/// The shared services one registry instance runs with.
struct RegistryServices: Sendable {
    let users: UserDirectory
    let rateLimiter: LoginRateLimiter

    /// Users persisted in `<data>/users-v1.json`.
    static func fileBacked(_ configuration: RegistryConfiguration) throws -> RegistryServices {
        try AtomicFile.createDirectory(configuration.dataDirectory + "/tmp")
        let users = try UserDirectory(
            file: configuration.dataDirectory + "/users-v1.json", temporaryDirectory: configuration.dataDirectory + "/tmp",
            passwordCost: configuration.passwordCost)
        return RegistryServices(users: users, configuration: configuration)
    }

    /// Users held in memory, for tests.
    static func inMemory(_ configuration: RegistryConfiguration) throws -> RegistryServices {
        RegistryServices(users: try UserDirectory(file: nil, temporaryDirectory: nil, passwordCost: configuration.passwordCost), configuration: configuration)
    }

    init(users: UserDirectory, configuration: RegistryConfiguration) {
        self.users = users
        self.rateLimiter = LoginRateLimiter(maximumFailures: configuration.loginAttempts, window: configuration.loginWindowSeconds)
    }
}

/// Wires the middleware and controllers over `storage`.
///
/// `cache` is shared with the event loop's fast path (`buildServer`) when there is one.
func buildRouter<Storage: PackageStorage>(
    storage: Storage, services: RegistryServices, configuration: RegistryConfiguration,
    cache: PackageReadCache = PackageReadCache()
) -> Router<RegistryRequestContext> {
    let router = Router(context: RegistryRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorResponseMiddleware())
    router.add(middleware: AuthenticationMiddleware(users: services.users, rateLimiter: services.rateLimiter))
    let access = PackageAccess(rules: configuration.accessRules)

    router.get("/-/ping") { _, _ in JSONResponse.make(.object(JSONObject())) }
    router.get("/") { _, _ in
        JSONResponse.make(.object(JSONObject([("db_name", "registry"), ("server", "pkg-registry")])))
    }
    UserController(users: services.users, rateLimiter: services.rateLimiter, configuration: configuration).addRoutes(to: router)
    TokenController(users: services.users, rateLimiter: services.rateLimiter).addRoutes(to: router)
    SearchController(storage: storage, access: access).addRoutes(to: router)
    DistTagController(storage: storage, access: access).addRoutes(to: router)
    PackageController(
        storage: storage, users: services.users, configuration: configuration, access: access, cache: cache
    ).addRoutes(to: router)
    return router
}

/// The HTTP/1.1 server with the event loop's fast paths for cached reads in front of the router:
/// `WireFastPathHandler` before the HTTP decoder, `CachedReadHandler` after it (for connections the
/// first handed over). `cache` must be the router's, so all see the same documents and listings.
func buildServer<Storage: PackageStorage>(
    storage: Storage, services: RegistryServices, configuration: RegistryConfiguration, cache: PackageReadCache,
    logger: Logger
) -> HTTPServerBuilder {
    let packages = PackageController(
        storage: storage, users: services.users, configuration: configuration,
        access: PackageAccess(rules: configuration.accessRules), cache: cache)
    let date = HTTPDateHeader()
    let configuration = HTTP1Channel.Configuration(additionalChannelHandlers: [
        CachedReadHandler(answer: packages.cachedRead(for:), serverName: RegistryServer.name, date: date, logger: logger)
    ])
    return HTTPServerBuilder { responder in
        WireFastPathHTTP1Channel(http1: HTTP1Channel(responder: responder, configuration: configuration)) {
            WireFastPathHandler(answer: packages.cachedRead(for:), serverName: RegistryServer.name, date: date, logger: logger)
        }
    }
}

/// The registry as the executable runs it: file-system storage under `configuration.dataDirectory`.
///
/// `onListening` receives the bound `host:port` once the server accepts connections.
package func buildApplication(
    configuration: RegistryConfiguration, logger: Logger, onListening: @escaping @Sendable (String, Int) -> Void
) throws -> some ApplicationProtocol {
    let storage = try FileSystemPackageStorage(root: configuration.dataDirectory)
    let services = try RegistryServices.fileBacked(configuration)
    let cache = PackageReadCache()
    let router = buildRouter(storage: storage, services: services, configuration: configuration, cache: cache)
    return Application(
        router: router,
        server: buildServer(storage: storage, services: services, configuration: configuration, cache: cache, logger: logger),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: RegistryServer.name),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            onListening(configuration.host, port)
        },
        logger: logger
    )
}

/// Running the registry as a process.
package enum RegistryServer {
    /// The `Server` header of every response.
    static let name = "pkg-registry"

    /// Serves until SIGINT or SIGTERM, logging to stderr, and prints exactly
    /// `listening on http://HOST:PORT` on stdout once connections are accepted.
    package static func run(configuration: RegistryConfiguration) async throws {
        LoggingSystem.bootstrap { label in BufferedLogHandler(label: label) }
        defer { LogSink.standardError.flush() }
        var logger = Logger(label: "pkg-registry")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let application = try buildApplication(configuration: configuration, logger: logger) { host, port in
            // The one line on stdout; scripts and tests wait for it before connecting.
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)\n".utf8))
        }
        try await application.runService()
    }
}
