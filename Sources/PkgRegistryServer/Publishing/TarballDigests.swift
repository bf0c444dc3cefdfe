// npm's `dist` carries both a SHA-1 `shasum` (hex, legacy clients) and an SRI `integrity`
// (sha512); a publish must match what it states. Hashing and SRI matching are PkgModel's
// `Integrity` (ssri's rules: the strongest algorithm both sides carry decides).
import PkgModel

/// The digests npm records for a tarball.
struct TarballDigests: Sendable, Equatable {
    /// `sha512-<base64>`, as `dist.integrity`.
    var integrity: String
    /// Lowercase hex SHA-1, as `dist.shasum`.
    var shasum: String
    private let computed: Integrity

    init(of bytes: [UInt8]) {
        computed = Integrity.compute(bytes, algorithms: [.sha512, .sha1])
        integrity = computed.hashes(for: .sha512).map(\.description).joined(separator: " ")
        shasum = computed.sha1Hex ?? ""
    }

    /// Whether an SRI string a client sent names these bytes; unparseable or unknown-algorithm
    /// values never match.
    func matches(subresourceIntegrity: String) -> Bool {
        guard let stated = try? Integrity(subresourceIntegrity) else { return false }
        return stated.matches(computed)
    }
}
