// The hash algorithms pkg can compute for Subresource Integrity strings.
//
// ssri ranks algorithms md5 < sha1 < sha256 < sha384 < sha512 when it picks one to verify with;
// md5 and the sha3 family are never produced by the npm registry, so pkg keeps them in parsed
// strings (they survive a round trip) but never verifies with them.

/// A hash algorithm pkg can compute, ordered from weakest to strongest as ssri ranks them.
///
/// Ordering matters because verification always uses the strongest algorithm both sides share:
/// a registry that offers `sha1` and `sha512` must be checked with `sha512`.
public enum IntegrityAlgorithm: String, Sendable, Hashable, CaseIterable, Comparable {
    case sha1
    case sha256
    case sha384
    case sha512

    /// The algorithms the W3C SRI specification allows, the only ones ssri's strict mode accepts.
    public static let specified: Set<IntegrityAlgorithm> = [.sha256, .sha384, .sha512]

    /// The number of bytes of a digest, used to recognise a well-formed digest.
    public var digestByteCount: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    private var rank: Int {
        switch self {
        case .sha1: 0
        case .sha256: 1
        case .sha384: 2
        case .sha512: 3
        }
    }

    public static func < (lhs: IntegrityAlgorithm, rhs: IntegrityAlgorithm) -> Bool {
        lhs.rank < rhs.rank
    }
}
