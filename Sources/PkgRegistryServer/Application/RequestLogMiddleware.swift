// One log line per request: method, path, status, response bytes, milliseconds, request id.
// Paths are redacted before logging (logout URLs carry a token) and query strings, headers and
// bodies are never logged, so credentials cannot reach a log.
import Foundation
import Hummingbird
import Logging
import PkgModel

struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let bytes = response.headers[.contentLength] ?? response.body.contentLength.map(String.init) ?? "-"
        context.logger.info(
            "\(request.method) \(Self.redacted(path: request.uri.path)) \(response.status.code) \(bytes) \(String(format: "%.1f", milliseconds))ms \(context.id)")
        return response
    }

    /// The path with any token in it replaced, safe to log.
    static func redacted(path: String) -> String {
        for prefix in ["/-/user/token/", "/-/npm/v1/tokens/token/"] where path.hasPrefix(prefix) {
            return prefix + "[REDACTED]"
        }
        return path
    }
}
