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
        let bytes = response.headers[.contentLength] ?? response.body.contentLength.map(String.init) ?? "-"
        // The request id is in the logger's metadata (`hb.request.id`) already.
        context.logger.info(
            "\(request.method) \(Self.redacted(path: request.uri.path)) \(response.status.code) \(bytes) \(Self.milliseconds(elapsed))ms")
        return response
    }

    /// `12.3`: milliseconds with one decimal, without `String(format:)`, which costs more than the
    /// rest of the line.
    static func milliseconds(_ duration: Duration) -> String {
        let tenths = duration.components.seconds * 10_000 + duration.components.attoseconds / 100_000_000_000_000
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The path with any token in it replaced, safe to log.
    static func redacted(path: String) -> String {
        for prefix in ["/-/user/token/", "/-/npm/v1/tokens/token/"] where path.hasPrefix(prefix) {
            return prefix + "[REDACTED]"
        }
        return path
    }
}
