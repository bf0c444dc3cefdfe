import Crypto
import Foundation

/// Computes integrity incrementally over a stream of chunks, and verifies it.
///
/// Tarballs arrive in chunks from the network; hashing each chunk as it arrives means the
/// installer never buffers a whole tarball just to check it, and a tampered download is rejected
/// before it is extracted.
public struct IntegrityHasher: Sendable {
    /// The algorithms being computed, in the order given.
    public let algorithms: [IntegrityAlgorithm]
    /// How many bytes have been fed so far, reported in a mismatch.
    public private(set) var byteCount: Int = 0
    private var running: [RunningHash]

    /// Prepares to compute the given algorithms (npm computes sha512 for new content).
    public init(algorithms: [IntegrityAlgorithm] = [.sha512]) {
        var unique: [IntegrityAlgorithm] = []
        for algorithm in algorithms where !unique.contains(algorithm) { unique.append(algorithm) }
        if unique.isEmpty { unique = [.sha512] }
        self.algorithms = unique
        self.running = unique.map(RunningHash.init)
    }

    /// Prepares to verify content against `expected`, computing its strongest known algorithm.
    ///
    /// - Parameter extra: algorithms to compute as well, e.g. `[.sha512]` so a package whose
    ///   registry only lists a sha1 `shasum` still gets a sha512 integrity in the lockfile.
    /// - Throws: ``IntegrityError/unsupportedAlgorithms(_:)`` when `expected` has no algorithm
    ///   pkg can compute, so that content is never accepted unverified.
    public init(verifying expected: Integrity, alsoComputing extra: [IntegrityAlgorithm] = []) throws(IntegrityError) {
        guard let algorithm = expected.strongest?.knownAlgorithm else {
            throw .unsupportedAlgorithms(expected)
        }
        self.init(algorithms: [algorithm] + extra)
    }

    /// Feeds the next chunk.
    public mutating func update(_ bytes: some DataProtocol) {
        byteCount += bytes.count
        for index in running.indices { running[index].update(bytes) }
    }

    /// Feeds the next chunk from raw memory, as a network callback hands it over.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        byteCount += buffer.count
        for index in running.indices { running[index].update(buffer) }
    }

    /// The integrity of everything fed so far; the hasher may keep being fed afterwards.
    public func finalize() -> Integrity {
        Integrity(hashes: running.map(\.hash))
    }

    /// Finishes and checks the content against `expected` with their strongest common algorithm.
    ///
    /// - Parameter subject: names the content in the error, e.g. "tarball for `left-pad@1.3.0`".
    /// - Returns: the computed integrity, for recording in the lockfile.
    /// - Throws: ``IntegrityError/mismatch(subject:expected:actual:byteCount:)`` (`EINTEGRITY`)
    ///   when the digests differ or share no algorithm.
    @discardableResult
    public func verify(against expected: Integrity, subject: String? = nil) throws(IntegrityError) -> Integrity {
        let actual = finalize()
        guard actual.matches(expected) else {
            throw .mismatch(subject: subject, expected: expected, actual: actual, byteCount: byteCount)
        }
        return actual
    }
}

/// One running digest; an enum because swift-crypto's hash functions have no common existential.
///
/// `@unchecked`: swift-crypto's digest structs are value types (copy-on-write contexts) but do not
/// declare `Sendable` on Linux; a copy sent elsewhere never shares mutable state with the original.
private enum RunningHash: @unchecked Sendable {
    case sha1(Insecure.SHA1)
    case sha256(SHA256)
    case sha384(SHA384)
    case sha512(SHA512)

    init(_ algorithm: IntegrityAlgorithm) {
        switch algorithm {
        case .sha1: self = .sha1(Insecure.SHA1())
        case .sha256: self = .sha256(SHA256())
        case .sha384: self = .sha384(SHA384())
        case .sha512: self = .sha512(SHA512())
        }
    }

    mutating func update(_ bytes: some DataProtocol) {
        switch self {
        case .sha1(var hash): hash.update(data: bytes); self = .sha1(hash)
        case .sha256(var hash): hash.update(data: bytes); self = .sha256(hash)
        case .sha384(var hash): hash.update(data: bytes); self = .sha384(hash)
        case .sha512(var hash): hash.update(data: bytes); self = .sha512(hash)
        }
    }

    mutating func update(_ buffer: UnsafeRawBufferPointer) {
        switch self {
        case .sha1(var hash): hash.update(bufferPointer: buffer); self = .sha1(hash)
        case .sha256(var hash): hash.update(bufferPointer: buffer); self = .sha256(hash)
        case .sha384(var hash): hash.update(bufferPointer: buffer); self = .sha384(hash)
        case .sha512(var hash): hash.update(bufferPointer: buffer); self = .sha512(hash)
        }
    }

    var hash: IntegrityHash {
        switch self {
        case .sha1(let hash): IntegrityHash(algorithm: .sha1, digestBytes: hash.finalize())
        case .sha256(let hash): IntegrityHash(algorithm: .sha256, digestBytes: hash.finalize())
        case .sha384(let hash): IntegrityHash(algorithm: .sha384, digestBytes: hash.finalize())
        case .sha512(let hash): IntegrityHash(algorithm: .sha512, digestBytes: hash.finalize())
        }
    }
}
