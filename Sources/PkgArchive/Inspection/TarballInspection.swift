/// What a registry needs to know about a published tarball, read without unpacking it to disk.
public struct TarballInspection: Sendable, Hashable {
    /// The bytes of `package/package.json`, to be parsed (and checked for duplicate keys) by the caller.
    public var packageJSON: [UInt8]
    /// Regular files in the tarball: the registry's `dist.fileCount`.
    public var fileCount: Int
    /// The sum of the regular files' sizes, as npm computes `dist.unpackedSize`.
    public var unpackedSize: Int64
    /// Every file and folder, in archive order.
    public var entries: [TarballEntry]

    /// Whether the package ships `npm-shrinkwrap.json` (the packument's `_hasShrinkwrap`).
    public var hasShrinkwrap: Bool {
        entries.contains { $0.kind == .file && $0.path == "npm-shrinkwrap.json" }
    }

    public init(packageJSON: [UInt8], fileCount: Int, unpackedSize: Int64, entries: [TarballEntry]) {
        self.packageJSON = packageJSON
        self.fileCount = fileCount
        self.unpackedSize = unpackedSize
        self.entries = entries
    }
}
