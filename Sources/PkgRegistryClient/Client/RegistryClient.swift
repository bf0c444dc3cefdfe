import Foundation
import PkgHTTP
import Synchronization

/// The npm registry protocol over `HTTPClient`, configured by `.npmrc`.
///
/// One client serves every registry the configuration names: each request goes to the package's
/// registry (`@scope:registry`), carries only the credentials written for that URL (nerf darts),
/// and packument reads go through the on-disk `MetadataCache` with ETag revalidation.
/// Thread-safe; share one per command.
public final class RegistryClient: Sendable {
    public let configuration: NpmConfiguration
    public let http: HTTPClient
    public let cache: MetadataCache
    /// The default metadata cache policy, from `--offline` / `--prefer-offline`.
    public let cachePolicy: CachePolicy
    /// Sent as `npm-command` so registries can tell installs from publishes, as npm does.
    public let command: String?
    /// Packument loads in flight, so concurrent asks for one name share a request.
    let inFlightPackuments = Mutex<[PackumentKey: Task<PackumentResponse, any Error>]>([:])

    /// The `Accept` header npm sends for install metadata: abbreviated when the registry has it.
    public static let abbreviatedAccept = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"

    /// - Parameters:
    ///   - http: a shared client; one is made from `configuration.httpConfiguration` when `nil`.
    ///   - command: the npm command name to report in `npm-command` (`install`, `publish`, …).
    public init(configuration: NpmConfiguration, http: HTTPClient? = nil, command: String? = nil) {
        self.configuration = configuration
        self.http = http ?? HTTPClient(configuration: configuration.httpConfiguration)
        cache = MetadataCache(cacheDirectory: configuration.cache)
        cachePolicy = configuration.offline ? .offline : configuration.preferOffline ? .preferOffline : .revalidate
        self.command = command
    }

    // MARK: URLs

    /// A package name as it appears in registry paths: `@scope/name` → `@scope%2fname`.
    public static func escapedName(_ name: String) -> String {
        name.hasPrefix("@") ? name.replacingOccurrences(of: "/", with: "%2f") : name
    }

    /// `registry` with exactly one trailing slash, for joining paths.
    static func base(_ registry: String) -> String {
        registry.hasSuffix("/") ? registry : registry + "/"
    }

    /// The registry that serves `name`.
    public func registry(forPackage name: String) -> String {
        configuration.registry(forPackage: name)
    }

    /// `GET` URL of `name`'s packument on its registry.
    public func packumentURL(for name: String) -> String {
        Self.base(registry(forPackage: name)) + Self.escapedName(name)
    }

    // MARK: Requests

    /// A request with npm's headers and the credentials configured for `url` (and only those).
    public func request(
        _ method: HTTPMethod,
        _ url: String,
        registry: String? = nil,
        headers: HTTPHeaders = [:],
        body: Data? = nil,
        oneTimePassword: String? = nil
    ) -> HTTPRequest {
        var request = HTTPRequest(method: method, url: url, headers: headers, body: body)
        if let credentials = configuration.credentials(for: url, registry: registry ?? configuration.registry) {
            request.headers["Authorization"] = credentials.authorizationHeader
        }
        if let command { request.headers["npm-command"] = command }
        if let oneTimePassword { request.headers["npm-otp"] = oneTimePassword }
        return request
    }

    /// Sends a request, turning transport failures into `RegistryError.transport`.
    func send(_ request: HTTPRequest) async throws(RegistryError) -> HTTPResponse {
        do {
            return try await http.send(request)
        } catch let error as HTTPError {
            throw .transport(error)
        } catch {
            throw .transport(.transport(kind: .other, method: request.method, url: request.redactedURL, reason: "cancelled"))
        }
    }

    /// Maps a non-2xx status to the error npm reports for it.
    func failure(_ response: HTTPResponse, name: String? = nil) -> RegistryError {
        let reason = Self.errorReason(response.body)
        switch response.status {
        case 401:
            let challenge = response.headers.values(for: "WWW-Authenticate").joined(separator: ",").lowercased()
            if challenge.contains("otp") || reason.lowercased().contains("one-time pass") {
                return .oneTimePasswordRequired(method: response.method, url: response.redactedURL)
            }
            return .unauthorized(method: response.method, url: response.redactedURL, reason: reason)
        case 403:
            return .forbidden(method: response.method, url: response.redactedURL, reason: reason)
        case 404:
            return .notFound(name: name ?? response.redactedURL, method: response.method, url: response.redactedURL)
        default:
            return .unexpectedStatus(status: response.status, method: response.method, url: response.redactedURL, reason: reason)
        }
    }

    /// The registry's explanation from an error body: `message` first, then `error`, as npm reads it.
    static func errorReason(_ body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            if let message = object["message"] as? String { return message }
            if let error = object["error"] as? String { return error }
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }

    /// Decodes a 2xx JSON body.
    /// - Throws: `RegistryError.invalidResponse` naming the URL.
    func decode<Value: Decodable>(_ type: Value.Type, from response: HTTPResponse) throws(RegistryError) -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: response.body)
        } catch {
            throw .invalidResponse(url: response.redactedURL, reason: "expected \(Value.self) JSON: \(error)")
        }
    }
}
