// The one place errors become HTTP responses: a `RegistryError` answers with its status and an
// npm-shaped `{"error": "..."}` body; Hummingbird's own errors (unknown route, body too large)
// keep their status with the same body shape; anything else is logged with the request id and
// answered as a bare 500 so no internals leak.
import Hummingbird
import Logging
import NIOCore
import PkgModel

struct ErrorResponseMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as RegistryError {
            var response = JSONResponse.make(.object(JSONObject([("error", .string(error.message))])), status: error.status)
            if case .tooManyLoginAttempts(let seconds) = error {
                response.headers[.retryAfter] = String(seconds)
            }
            return response
        } catch is NIOTooManyBytesError {
            return JSONResponse.make(.object(JSONObject([("error", "the request body is too large")])), status: .contentTooLarge)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            let text = error.status == .notFound ? "not found" : error.status.reasonPhrase.lowercased()
            return JSONResponse.make(.object(JSONObject([("error", .string(text))])), status: error.status)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return JSONResponse.make(.object(JSONObject([("error", "internal server error")])), status: .internalServerError)
        }
    }
}

/// JSON responses from `JSONValue`, serialized as `JSON.stringify` would.
enum JSONResponse {
    static func make(
        _ json: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = "application/json"
    ) -> Response {
        let bytes = json.serializedBytes
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentLength] = String(bytes.count)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func ok() -> Response {
        make(.object(JSONObject([("ok", true)])))
    }
}
