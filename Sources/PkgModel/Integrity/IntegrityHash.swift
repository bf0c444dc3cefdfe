import Foundation

/// One `algorithm-digest?options` entry of a Subresource Integrity string.
///
/// The algorithm is kept as written so an unknown one (`md5-…`, `sha3-…`) survives a rewrite of a
/// document; only ``knownAlgorithm`` takes part in verification. The digest is kept as text, the
/// way ssri compares digests.
public struct IntegrityHash: Sendable, Hashable, CustomStringConvertible {
    /// The algorithm name as written, lowercase in lenient mode (`sha512`, `md5`).
    public let algorithm: String
    /// The base64 digest as written.
    public let digest: String
    /// The `?option` values after the digest, without their `?` separators.
    public let options: [String]

    /// Creates a hash entry from its parts, with no validation: use it for digests pkg computed.
    public init(algorithm: String, digest: String, options: [String] = []) {
        self.algorithm = algorithm
        self.digest = digest
        self.options = options
    }

    /// Creates a hash entry for a known algorithm from raw digest bytes.
    public init(algorithm: IntegrityAlgorithm, digestBytes: some Sequence<UInt8>) {
        self.init(algorithm: algorithm.rawValue, digest: Data(digestBytes).base64EncodedString())
    }

    /// The algorithm when pkg can compute it; `nil` for algorithms that are kept but ignored.
    public var knownAlgorithm: IntegrityAlgorithm? { IntegrityAlgorithm(rawValue: algorithm) }

    /// The digest as lowercase hex (what `dist.shasum` holds), or `nil` when it is not valid base64.
    public var hexDigest: String? {
        guard let bytes = Data(base64Encoded: digest) else { return nil }
        return HexEncoding.lowercase(bytes)
    }

    /// The entry as ssri prints it: `algorithm-digest` then `?option` for each option.
    public var description: String {
        algorithm + "-" + digest + options.map { "?" + $0 }.joined()
    }
}
