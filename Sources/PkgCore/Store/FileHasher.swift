// The per-file digest recorded in store indexes.
//
// Interim: FNV-1a 64 until PkgModel's `IntegrityHasher` lands; it detects accidental damage (the
// job of `pkg cache verify`), not tampering, which the tarball integrity check covers on insert.
// The prefix names the algorithm so indexes written now stay verifiable after the switch.
struct FileHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var state = self.state
        for byte in bytes {
            state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        self.state = state
    }

    func finalize() -> String {
        "fnv1a64-" + String(state, radix: 16)
    }
}
