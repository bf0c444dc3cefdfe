import PkgModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Unpacks a package tarball into a folder the way npm does, minus npm's unsafe corners.
///
/// As npm (pacote's `#tarxOptions` over node-tar): the first path component is stripped whatever
/// it is called; links are never created; file modes become `0o644` plus the entry's execute
/// bits (npm's `fmode` 0o666 under the usual 0o022 umask); folders are `0o755` before the umask;
/// ownership and mtimes in the tarball are ignored.
///
/// Stricter than npm: absolute paths, `..`, backslashes, device files, FIFOs and sockets are
/// refused before anything is written; a link whose target leaves the package is refused (one
/// that stays inside is skipped, as npm skips every link); setuid, setgid and sticky bits are
/// dropped (npm keeps them); several gzip members and data after the tar end are refused; limits
/// stop decompression bombs. Each file is written with `openat(O_CREAT|O_EXCL|O_NOFOLLOW)`
/// relative to a folder opened with `O_NOFOLLOW|O_DIRECTORY`, so no write ever follows a link,
/// not even one that was already in the destination.
///
/// The destination folder is created if it is missing (its parent must exist). On error it may
/// hold some files: extract into a fresh temporary folder and rename it into place only on
/// success (the store does).
public struct SafeExtractor: Sendable {
    /// A callback that sees every compressed byte once, in order, for hashing while extracting.
    public typealias Observer = (UnsafeRawBufferPointer) -> Void

    /// How regular files are laid out in the destination.
    public enum Layout: Sendable {
        /// As the tarball's paths say, folders and all: a package folder Node.js can load.
        case tree
        /// Every file directly in the destination, named `0`, `1`, … in the order paths first
        /// appear (`ExtractedFile.storedName`); no folders are created, though the same path
        /// collisions are refused. The store's layout: it only hard-links files elsewhere.
        case flat
    }

    public var limits: TarballLimits
    /// When set, each written file's bytes are hashed with it as they are written, into
    /// `ExtractionSummary.files`: a store indexing the folder then needs no second read of it.
    public var fileDigest: IntegrityAlgorithm?
    public var layout: Layout

    public init(limits: TarballLimits = .default, fileDigest: IntegrityAlgorithm? = nil, layout: Layout = .tree) {
        self.limits = limits
        self.fileDigest = fileDigest
        self.layout = layout
    }

    /// Extracts a tarball held in memory.
    ///
    /// - Throws: `ArchiveError` naming the refused entry, or the failed file-system operation.
    public func extract(
        _ bytes: [UInt8], into destination: String, observer: Observer? = nil
    ) throws -> ExtractionSummary {
        var source = MemoryByteSource(bytes)
        return try extract(from: &source, into: destination, observer: observer)
    }

    /// Extracts a tarball file, reading it in blocks.
    ///
    /// - Throws: `ArchiveError` naming the refused entry, or the failed file-system operation.
    public func extract(
        fileAt path: String, into destination: String, observer: Observer? = nil
    ) throws -> ExtractionSummary {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArchiveError.fileSystem(path: path, operation: "open", errno: errno) }
        defer { close(descriptor) }
        var source = FileDescriptorByteSource(descriptor: descriptor, name: path)
        return try extract(from: &source, into: destination, observer: observer)
    }

    /// Extracts a tarball pulled from any source, such as a download.
    ///
    /// The source is read to its end on success, so `observer` has seen every byte and the
    /// caller can compare the digest with the expected integrity before using the folder.
    ///
    /// - Throws: `ArchiveError` naming the refused entry, or the failed file-system operation.
    public func extract(
        from source: inout some TarballByteSource, into destination: String, observer: Observer? = nil
    ) throws -> ExtractionSummary {
        try withoutActuallyEscaping({ (buffer: UnsafeMutableRawBufferPointer) throws -> Int in
            try source.read(into: buffer)
        }) { read in
            let stream = try TarStream(limits: limits, observer: observer, readSource: read)
            let writer: any ExtractionDestination = switch layout {
            case .tree: try DestinationWriter(root: destination)
            case .flat: try FlatDestinationWriter(root: destination)
            }
            defer { writer.close() }
            return try extract(stream, into: writer)
        }
    }

    private func extract(_ stream: TarStream, into writer: some ExtractionDestination) throws -> ExtractionSummary {
        var summary = ExtractionSummary()
        var entryCount = 0
        // A later entry with the same path replaces the file (npm's last-wins), and its record.
        var fileIndex: [String: Int] = [:]
        while let entry = try stream.nextEntry() {
            entryCount += 1
            if entryCount > limits.maxEntries {
                throw ArchiveError.limitExceeded(
                    entry: entry.name, limit: .entryCount, value: Int64(entryCount), maximum: Int64(limits.maxEntries))
            }
            // Strip the top-level folder, whatever its name (npm's `strip: 1`).
            let components = Array(try EntryPath.components(of: entry).dropFirst())
            switch entry.kind {
            case .special(let kind):
                throw ArchiveError.specialFile(entry: entry.name, kind: kind)
            case .symbolicLink(let target):
                try skipLink(entry, target: target, kind: .symbolic, components: components, summary: &summary)
            case .hardLink(let target):
                try skipLink(entry, target: target, kind: .hard, components: components, summary: &summary)
            case .directory:
                if !components.isEmpty {
                    try writer.makeDirectory(components, entry: entry.name)
                }
            case .file:
                guard !entry.isSparse else { throw ArchiveError.sparseEntry(entry: entry.name) }
                guard !components.isEmpty else {
                    // A file beside the top-level folder: npm's strip leaves nothing, so it is skipped.
                    summary.skippedEntries.append(entry.name)
                    continue
                }
                try limits.checkSize(of: entry, unpackedSoFar: summary.unpackedSize)
                let mode = mode_t(0o644 | (entry.mode & 0o111))
                var hasher = fileDigest.map { IntegrityHasher(algorithms: [$0]) }
                let written = try writer.writeFile(components, mode: mode, entry: entry.name) { write in
                    try stream.readData { block in
                        hasher?.update(block)
                        try write(block)
                    }
                }
                summary.fileCount += 1
                summary.unpackedSize += written.size
                let file = ExtractedFile(
                    path: components.joined(separator: "/"), size: written.size, mode: Int(mode),
                    digest: hasher?.finalize().description, storedName: written.storedName
                )
                if let earlier = fileIndex[file.path] {
                    summary.files[earlier] = file
                } else {
                    fileIndex[file.path] = summary.files.count
                    summary.files.append(file)
                }
            }
        }
        summary.compressedSize = stream.compressedCount
        return summary
    }

    private func skipLink(
        _ entry: RawTarEntry, target: String, kind: ArchiveError.LinkKind, components: [Substring],
        summary: inout ExtractionSummary
    ) throws {
        guard EntryPath.linkStaysInside(linkComponents: components, target: target, kind: kind) else {
            throw ArchiveError.link(entry: entry.name, target: target, kind: kind, escapes: true)
        }
        summary.skippedEntries.append(entry.name)
    }
}

/// What an extraction wrote.
public struct ExtractionSummary: Sendable, Hashable {
    /// Regular files written.
    public var fileCount = 0
    /// Bytes written to regular files.
    public var unpackedSize: Int64 = 0
    /// Bytes of compressed input read (the tarball's size).
    public var compressedSize: Int64 = 0
    /// Entries deliberately not written, as the archive names them: links that stay inside the
    /// package (npm never creates links either) and files beside the top-level folder.
    public var skippedEntries: [String] = []
    /// Every regular file as it is on disk now, in archive order (a path written twice appears
    /// once, with the last write).
    public var files: [ExtractedFile] = []

    public init() {}
}

/// One regular file an extraction wrote.
public struct ExtractedFile: Sendable, Hashable {
    /// Relative to the destination, `/`-separated, first archive component stripped.
    public var path: String
    public var size: Int64
    /// The permission bits asked for (`0o644` plus the entry's execute bits), before the umask.
    public var mode: Int
    /// The SRI of the bytes written, with `SafeExtractor.fileDigest`; `nil` without it.
    public var digest: String?
    /// The file's name in the destination with the `flat` layout; `nil` in a tree.
    public var storedName: String?

    public init(path: String, size: Int64, mode: Int, digest: String?, storedName: String? = nil) {
        self.path = path
        self.size = size
        self.mode = mode
        self.digest = digest
        self.storedName = storedName
    }
}
