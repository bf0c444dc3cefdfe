extension TarballLimits {
    /// Refuses an entry larger than one entry may be, or one that takes the unpacked total past the
    /// limit: the decompression-bomb guard shared by publish inspection and install extraction.
    /// - Throws: `ArchiveError.limitExceeded` naming the entry and the limit.
    func checkSize(of entry: RawTarEntry, unpackedSoFar: Int64) throws(ArchiveError) {
        if entry.size > maxEntrySize {
            throw ArchiveError.limitExceeded(entry: entry.name, limit: .entrySize, value: entry.size, maximum: maxEntrySize)
        }
        let total = unpackedSoFar + entry.size
        if total > maxUnpackedSize {
            throw ArchiveError.limitExceeded(entry: entry.name, limit: .unpackedSize, value: total, maximum: maxUnpackedSize)
        }
    }
}
