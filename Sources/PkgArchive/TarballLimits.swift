/// Limits that stop a decompression bomb before it fills a disk or memory.
///
/// A gzip stream can expand a thousandfold, so every limit is checked against the tar headers
/// before data is written and against the bytes actually inflated while reading.
public struct TarballLimits: Sendable, Hashable {
    /// The most entries (files, folders, links, anything) one tarball may hold.
    public var maxEntries: Int
    /// The most bytes all regular files together may hold once unpacked.
    public var maxUnpackedSize: Int64
    /// The most bytes one regular file may hold.
    public var maxEntrySize: Int64
    /// The most bytes `package/package.json` may hold; it is read into memory.
    public var maxManifestSize: Int64

    public init(
        maxEntries: Int = 100_000,
        maxUnpackedSize: Int64 = 1 << 30,
        maxEntrySize: Int64 = 512 << 20,
        maxManifestSize: Int64 = 16 << 20
    ) {
        self.maxEntries = maxEntries
        self.maxUnpackedSize = maxUnpackedSize
        self.maxEntrySize = maxEntrySize
        self.maxManifestSize = maxManifestSize
    }

    /// 100,000 entries, 1 GiB unpacked, 512 MiB per file, 16 MiB of package.json.
    public static let `default` = TarballLimits()

    /// The most bytes the tar stream may inflate to: the unpacked size plus room for headers
    /// (a header block and up to a block of padding per entry, and pax records).
    var maxDecompressedSize: Int64 {
        let headers = Int64(maxEntries).multipliedReportingOverflow(by: 3 * 512)
        let total = maxUnpackedSize.addingReportingOverflow(headers.overflow ? Int64.max / 2 : headers.partialValue)
        return total.overflow ? Int64.max : total.partialValue
    }
}
