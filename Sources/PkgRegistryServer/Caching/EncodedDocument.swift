// A JSON response body encoded once and served to every request until its record changes:
// serialising and gzipping a packument costs far more than sending it, and installs ask for the
// same few documents over and over.
import Crypto
import Foundation
import NIOCore
import PkgArchive
import PkgModel

/// A serialised JSON document, its gzip form and the digest its `ETag`s derive from.
struct EncodedDocument: Sendable {
    /// The UTF-8 JSON bytes.
    let identity: ByteBuffer
    /// The gzip-compressed bytes, or `nil` when the document is too small to gain from it.
    let gzip: ByteBuffer?
    /// A content digest (hex) that changes whenever the bytes do.
    let digest: String

    init(_ json: JSONValue) {
        let bytes = json.serializedBytes
        identity = ByteBuffer(bytes: bytes)
        digest = HexEncoding.lowercase(SHA256.hash(data: bytes).prefix(16))
        if bytes.count >= ResponseCompression.minimumSize, let compressed = try? Gzip.compress(bytes, level: ResponseCompression.level) {
            gzip = ByteBuffer(bytes: compressed)
        } else {
            gzip = nil
        }
    }

    /// Memory held, for the cache's budget.
    var cost: Int { identity.readableBytes + (gzip?.readableBytes ?? 0) }

    /// The strong validator of the uncompressed bytes.
    var identityTag: String { "\"\(digest)\"" }
    /// The validator of the gzip bytes: a strong `ETag` must differ between encodings.
    var gzipTag: String { "\"\(digest)-gzip\"" }
}
