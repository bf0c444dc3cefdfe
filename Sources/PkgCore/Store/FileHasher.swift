// Digests: SHA-256 SRI for stored files (what `pkg cache verify` re-checks), and a fast FNV-1a
// fingerprint for install plans (change detection only, never trust).
import PkgModel

/// The per-file digest recorded in store indexes (`sha256-<base64>`).
struct FileHasher {
    /// The algorithm, also given to the extractor so it hashes files as it writes them.
    static let algorithm = IntegrityAlgorithm.sha256

    private var hasher = IntegrityHasher(algorithms: [algorithm])

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bytes)
    }

    func finalize() -> String {
        hasher.finalize().description
    }
}

/// FNV-1a 64 over a plan's lines: cheap change detection for `.pkg-state.json`.
struct Fingerprint {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func update(_ text: String) {
        var state = self.state
        for byte in text.utf8 {
            state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        self.state = state
    }

    func finalize() -> String {
        "fnv1a64-" + String(state, radix: 16)
    }
}
