/// Reads a tarball offered for publishing and refuses anything a registry should not store.
///
/// Stricter than installing: every entry must sit under `package/` (npm installs any single
/// top-level folder, but `npm pack` always writes `package/`), no links of any kind, no device
/// files, no duplicate paths, exactly one member that is `package/package.json` ignoring case,
/// one gzip member and nothing after the tar end. Together these make sure every reader (npm,
/// libarchive, GNU tar, the registry) sees the same files and the same manifest.
public struct TarballReader: Sendable {
    public var limits: TarballLimits

    public init(limits: TarballLimits = .default) {
        self.limits = limits
    }

    /// Inspects a tarball held in memory, such as a decoded publish attachment.
    ///
    /// - Throws: `ArchiveError` naming the entry and the rule it broke.
    public func inspect(_ bytes: [UInt8]) throws -> TarballInspection {
        var source = MemoryByteSource(bytes)
        return try inspect(from: &source)
    }

    /// Inspects a tarball pulled from any source.
    ///
    /// - Throws: `ArchiveError` naming the entry and the rule it broke, or the source's error.
    public func inspect(from source: inout some TarballByteSource) throws -> TarballInspection {
        try withoutActuallyEscaping({ (buffer: UnsafeMutableRawBufferPointer) throws -> Int in
            try source.read(into: buffer)
        }) { read in
            let stream = try TarStream(limits: limits, observer: nil, readSource: read)
            return try inspect(stream)
        }
    }

    private func inspect(_ stream: TarStream) throws -> TarballInspection {
        var entries: [TarballEntry] = []
        var seenPaths: Set<String> = []
        var manifestName: String?
        var packageJSON: [UInt8]?
        var fileCount = 0
        var unpackedSize: Int64 = 0
        var entryCount = 0

        while let entry = try stream.nextEntry() {
            entryCount += 1
            if entryCount > limits.maxEntries {
                throw ArchiveError.limitExceeded(
                    entry: entry.name, limit: .entryCount, value: Int64(entryCount), maximum: Int64(limits.maxEntries))
            }
            let components = try EntryPath.components(of: entry)
            guard components.first == "package" else {
                throw ArchiveError.outsidePackageFolder(entry: entry.name)
            }
            let path = components.dropFirst().joined(separator: "/")
            switch entry.kind {
            case .symbolicLink(let target):
                throw ArchiveError.link(entry: entry.name, target: target, kind: .symbolic, escapes: false)
            case .hardLink(let target):
                throw ArchiveError.link(entry: entry.name, target: target, kind: .hard, escapes: false)
            case .special(let kind):
                throw ArchiveError.specialFile(entry: entry.name, kind: kind)
            case .directory:
                try stream.skipData()
                if !path.isEmpty {
                    entries.append(TarballEntry(path: path, kind: .directory, size: 0, mode: entry.mode))
                }
            case .file:
                guard !path.isEmpty else { throw ArchiveError.outsidePackageFolder(entry: entry.name) }
                guard !entry.isSparse else { throw ArchiveError.sparseEntry(entry: entry.name) }
                guard seenPaths.insert(path).inserted else { throw ArchiveError.duplicateEntry(entry: entry.name) }
                try limits.checkSize(of: entry, unpackedSoFar: unpackedSize)
                fileCount += 1
                unpackedSize += entry.size
                entries.append(TarballEntry(path: path, kind: .file, size: entry.size, mode: entry.mode))
                if path.lowercased() == "package.json" {
                    if let manifestName {
                        throw ArchiveError.caseCollidingPackageJSON(entry: entry.name, existing: manifestName)
                    }
                    manifestName = entry.name
                }
                if path == "package.json" {
                    packageJSON = try readManifest(entry, from: stream)
                } else {
                    try stream.skipData()
                }
            }
        }
        guard let packageJSON else { throw ArchiveError.missingPackageJSON }
        return TarballInspection(
            packageJSON: packageJSON, fileCount: fileCount, unpackedSize: unpackedSize, entries: entries)
    }

    private func readManifest(_ entry: RawTarEntry, from stream: TarStream) throws -> [UInt8] {
        guard entry.size <= limits.maxManifestSize else {
            throw ArchiveError.limitExceeded(
                entry: entry.name, limit: .manifestSize, value: entry.size, maximum: limits.maxManifestSize)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.size))
        try stream.readData { block in bytes.append(contentsOf: block) }
        return bytes
    }
}
