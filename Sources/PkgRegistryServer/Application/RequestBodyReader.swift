// Reads and parses request bodies for write routes: bounded in size (413), JSON only (415),
// strict JSON with duplicate keys refused (400).
import Hummingbird
import NIOCore
import PkgModel

enum RequestBodyReader {
    /// The body parsed as strict JSON.
    static func json(_ request: Request, limit: Int) async throws -> JSONValue {
        if let type = request.headers[.contentType] {
            let mediaType = type.split(separator: ";").first.map { trimmedWhitespace($0).lowercased() } ?? ""
            guard mediaType == "application/json" || mediaType.hasSuffix("+json") else {
                throw RegistryError.unsupportedMediaType(String(mediaType))
            }
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw RegistryError.bodyTooLarge(limit: limit)
        }
        let parse: @Sendable () throws -> JSONValue = {
            do {
                return try JSONValue.parseStrict(buffer.readableBytesView)
            } catch let error as JSONError {
                throw RegistryError.invalidJSON(reason: "\(error.reasonText) at line \(error.line), column \(error.column)")
            }
        }
        // A publish body is megabytes of base64: parse it off the event loop. Small edits stay.
        return buffer.readableBytes > 32 * 1024 ? try await BlockingWork.run(parse) : try parse()
    }
}

/// `text` without leading and trailing spaces and tabs.
func trimmedWhitespace(_ text: some StringProtocol) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    return String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
}
