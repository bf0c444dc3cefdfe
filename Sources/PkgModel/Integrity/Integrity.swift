// Subresource Integrity strings, parsed the way npm's ssri 10 parses them.
//
// Pitfalls kept on purpose, because npm behaves this way:
// - Entries are separated by any run of whitespace; entries that do not parse are dropped
//   silently, and only a string with no usable entry is an error (ssri returns `null`).
// - Lenient mode (npm's default) accepts any lowercase `[a-z0-9]+` algorithm and any digest
//   without `?`; strict mode accepts only sha256/sha384/sha512 with a 44–88 character base64
//   digest and printable options, so strict mode rejects `sha1-…`.
// - Entries are grouped by algorithm in first-seen order (ssri stores them in an object keyed
//   by algorithm), so `sha1-a sha512-b sha1-c` prints as `sha1-a sha1-c sha512-b`.
// - Unknown algorithms survive a round trip but never take part in verification.

import Foundation

/// A parsed Subresource Integrity value: one or more hashes of the same content.
///
/// Lockfiles, packuments and publish bodies all carry integrity; keeping the parsed form lets
/// the installer pick the strongest algorithm it shares with the registry and verify a tarball
/// while it streams, without rescanning the string.
public struct Integrity: Sendable, Hashable, CustomStringConvertible {
    /// The entries, grouped by algorithm in the order each algorithm first appeared.
    public let hashes: [IntegrityHash]

    /// Parses an integrity string as ssri does.
    ///
    /// - Parameter strict: accept only what the SRI specification allows (ssri's `strict: true`).
    /// - Throws: ``IntegrityError/invalidIntegrity(_:)`` when no entry is usable.
    public init(_ text: String, strict: Bool = false) throws(IntegrityError) {
        var groups: [(algorithm: String, hashes: [IntegrityHash])] = []
        for token in Self.tokens(of: text) {
            guard let hash = Self.parseHash(token, strict: strict) else { continue }
            if let index = groups.firstIndex(where: { $0.algorithm == hash.algorithm }) {
                groups[index].hashes.append(hash)
            } else {
                groups.append((hash.algorithm, [hash]))
            }
        }
        let hashes = groups.flatMap(\.hashes)
        guard !hashes.isEmpty else { throw .invalidIntegrity(text) }
        self.hashes = hashes
    }

    /// Creates an integrity value from entries pkg computed or already validated.
    ///
    /// - Precondition: `hashes` is not empty (an empty list has no meaning as integrity).
    public init(hashes: [IntegrityHash]) {
        var ordered: [IntegrityHash] = []
        for hash in hashes where !ordered.contains(where: { $0.algorithm == hash.algorithm }) {
            ordered += hashes.filter { $0.algorithm == hash.algorithm }
        }
        self.hashes = ordered
    }

    /// Converts a legacy hex `shasum` (the only checksum of old registry documents) to `sha1-<base64>`.
    ///
    /// - Throws: ``IntegrityError/invalidShasum(_:)`` unless `hex` is exactly 40 hex digits.
    public init(sha1Hex hex: String) throws(IntegrityError) {
        let trimmed = hex.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count == 40, let bytes = Self.bytes(fromHex: trimmed) else {
            throw .invalidShasum(hex)
        }
        self.hashes = [IntegrityHash(algorithm: .sha1, digestBytes: bytes)]
    }

    /// Hashes a complete buffer; for streamed content use ``IntegrityHasher``.
    public static func compute(
        _ bytes: some DataProtocol, algorithms: [IntegrityAlgorithm] = [.sha512]
    ) -> Integrity {
        var hasher = IntegrityHasher(algorithms: algorithms)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The stable text form: entries separated by single spaces, as ssri's `toString()` prints them.
    public var description: String {
        hashes.map(\.description).joined(separator: " ")
    }

    /// The strongest entry pkg can compute, the one npm verifies with; `nil` if none is known.
    public var strongest: IntegrityHash? {
        guard let algorithm = hashes.compactMap(\.knownAlgorithm).max() else { return nil }
        return hashes.first { $0.knownAlgorithm == algorithm }
    }

    /// The known algorithms present, weakest first.
    public var algorithms: [IntegrityAlgorithm] {
        Array(Set(hashes.compactMap(\.knownAlgorithm))).sorted()
    }

    /// The entries for one algorithm.
    public func hashes(for algorithm: IntegrityAlgorithm) -> [IntegrityHash] {
        hashes.filter { $0.knownAlgorithm == algorithm }
    }

    /// The sha1 digest as hex, for filling the legacy `dist.shasum` field.
    public var sha1Hex: String? {
        hashes(for: .sha1).first?.hexDigest
    }

    /// The strongest algorithm both values carry, the one a comparison must use.
    public func strongestCommonAlgorithm(with other: Integrity) -> IntegrityAlgorithm? {
        Set(algorithms).intersection(other.algorithms).max()
    }

    /// Whether both values describe the same content, judged as ssri's `match` does.
    ///
    /// Only the strongest common algorithm is compared, and any digest of it on one side may
    /// equal any on the other; values with no algorithm in common never match.
    public func matches(_ other: Integrity) -> Bool {
        guard let algorithm = strongestCommonAlgorithm(with: other) else { return false }
        let ours = Set(hashes(for: algorithm).map(\.digest))
        return other.hashes(for: algorithm).contains { ours.contains($0.digest) }
    }

    // MARK: - Parsing one entry

    /// The whitespace-separated tokens (ssri splits on `\s+`). Integrity strings are ASCII in
    /// practice, and splitting their bytes on the six ASCII whitespace bytes (what `\s` and
    /// `Character.isWhitespace` match below U+0080) skips grapheme breaking: an install parses one
    /// per package, and the `Character` split was most of that cost.
    private static func tokens(of text: String) -> [Substring] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(whereSeparator: \.isWhitespace) }
        return text.utf8.split(whereSeparator: { $0 == 0x20 || (0x09...0x0D).contains($0) }).map { Substring($0) }
    }

    private static func parseHash(_ token: Substring, strict: Bool) -> IntegrityHash? {
        guard let dash = token.firstIndex(of: "-") else { return nil }
        let algorithm = token[..<dash]
        let rest = token[token.index(after: dash)...]
        guard !algorithm.isEmpty else { return nil }
        if strict {
            return parseStrict(algorithm: algorithm, rest: rest)
        }
        // ssri: /^([a-z0-9]+)-([^?]+)([?\S*]*)$/ — case-sensitive algorithm, digest up to the first `?`.
        guard algorithm.unicodeScalars.allSatisfy(isLowerAlphanumeric) else { return nil }
        let question = rest.firstIndex(of: "?") ?? rest.endIndex
        let digest = rest[..<question]
        guard !digest.isEmpty else { return nil }
        let options = question == rest.endIndex
            ? []
            : rest[rest.index(after: question)...].split(separator: "?", omittingEmptySubsequences: false).map(String.init)
        return IntegrityHash(algorithm: String(algorithm), digest: String(digest), options: options)
    }

    /// ssri 10 strict: /^([a-z0-9]+)-([A-Za-z0-9+/=]{44,88})(\?[\x21-\x7E]*)?$/ and a spec algorithm.
    private static func parseStrict(algorithm: Substring, rest: Substring) -> IntegrityHash? {
        guard algorithm.unicodeScalars.allSatisfy(isLowerAlphanumeric),
              let known = IntegrityAlgorithm(rawValue: String(algorithm)),
              IntegrityAlgorithm.specified.contains(known) else { return nil }
        let question = rest.firstIndex(of: "?") ?? rest.endIndex
        let digest = rest[..<question]
        guard (44...88).contains(digest.unicodeScalars.count),
              digest.unicodeScalars.allSatisfy({ isBase64Body($0) || $0 == "=" }) else { return nil }
        var options: [String] = []
        if question != rest.endIndex {
            let tail = rest[rest.index(after: question)...]
            guard tail.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else { return nil }
            options = tail.split(separator: "?", omittingEmptySubsequences: false).map(String.init)
        }
        return IntegrityHash(algorithm: known.rawValue, digest: String(digest), options: options)
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isBase64Body(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "+" || scalar == "/"
    }

    private static func bytes(fromHex hex: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for unit in hex.utf8 {
            let value: UInt8
            switch unit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = unit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = unit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = unit - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let pending = high {
                bytes.append(pending << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? bytes : nil
    }
}
