// How a store entry is named: the strongest hash of the tarball's integrity, in hex.
import Foundation
import PkgModel

/// The address of one extracted package in the store: `<algorithm>/<hex[0..2]>/<hex[2...]>`.
///
/// Keyed by the tarball's integrity (not by name and version), so two registries serving the same
/// bytes share an entry and a republished-but-different tarball never collides with the old one.
package struct StoreKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `sha512`, `sha384`, `sha256` or `sha1`.
    package var algorithm: String
    /// The digest in lowercase hex.
    package var hexDigest: String

    private static let strength = ["sha512": 4, "sha384": 3, "sha256": 2, "sha1": 1]

    /// The key for an SRI string (`sha512-<base64> sha1-<base64>`): its strongest known hash.
    /// `nil` when no hash uses a known algorithm or its digest is not valid base64.
    package init?(integrity: String) {
        var best: (algorithm: String, digest: Data, strength: Int)?
        for token in integrity.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            guard let dash = token.firstIndex(of: "-") else { continue }
            let algorithm = token[..<dash].lowercased()
            let base64 = token[token.index(after: dash)...].split(separator: "?").first.map(String.init) ?? ""
            guard let strength = Self.strength[algorithm], let digest = Data(base64Encoded: base64), !digest.isEmpty
            else { continue }
            if strength > best?.strength ?? 0 { best = (algorithm, digest, strength) }
        }
        guard let best else { return nil }
        self.algorithm = best.algorithm
        self.hexDigest = HexEncoding.lowercase(best.digest)
    }

    /// Validates a key read back from disk (`cache verify` walks folder names).
    package init?(algorithm: String, hexDigest: String) {
        guard Self.strength[algorithm] != nil, hexDigest.count >= 8,
              hexDigest.allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        self.algorithm = algorithm
        self.hexDigest = hexDigest
    }

    /// The entry's path below `store-v2/packages/`.
    package var relativePath: String {
        "\(algorithm)/\(hexDigest.prefix(2))/\(hexDigest.dropFirst(2))"
    }

    package var description: String { "\(algorithm)-\(hexDigest.prefix(16))…" }

    package static func < (lhs: StoreKey, rhs: StoreKey) -> Bool {
        (lhs.algorithm, lhs.hexDigest) < (rhs.algorithm, rhs.hexDigest)
    }
}
