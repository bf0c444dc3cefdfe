// Stand-in for PkgModel's `Integrity` until the `documents` branch lands; swap it out after
// `git merge main`. npm's `dist` carries both a SHA-1 `shasum` (hex, legacy clients) and an SRI
// `integrity` (sha512, base64); a publish must match every one it states.
import Crypto
import Foundation

/// The digests npm records for a tarball.
struct TarballDigests: Sendable, Equatable {
    /// `sha512-<base64>`, as `dist.integrity`.
    var integrity: String
    /// Lowercase hex SHA-1, as `dist.shasum`.
    var shasum: String

    init(of bytes: [UInt8]) {
        integrity = "sha512-" + Data(SHA512.hash(data: bytes)).base64EncodedString()
        shasum = Insecure.SHA1.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether an SRI string a client sent names these bytes: every sha512/sha1 entry it
    /// contains must match, and at least one must be present.
    func matches(subresourceIntegrity: String) -> Bool {
        var matchedAny = false
        for entry in subresourceIntegrity.split(whereSeparator: \.isWhitespace) {
            let parts = entry.split(separator: "-", maxSplits: 1)
            guard parts.count == 2 else { return false }
            let digest = parts[1].split(separator: "?").first.map(String.init) ?? ""
            switch parts[0] {
            case "sha512":
                guard "sha512-" + digest == integrity else { return false }
                matchedAny = true
            case "sha1":
                guard let data = Data(base64Encoded: digest),
                    data.map({ String(format: "%02x", $0) }).joined() == shasum
                else { return false }
                matchedAny = true
            default:
                continue
            }
        }
        return matchedAny
    }
}
