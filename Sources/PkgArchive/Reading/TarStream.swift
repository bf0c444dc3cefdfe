// The reading engine under TarballReader and SafeExtractor: zlib inflates the gzip stream here,
// libarchive parses the inflated tar through a read callback.
//
// Why inflate ourselves: libarchive's gzip filter reads concatenated gzip members as one stream
// and ignores what follows, so a tarball split across two members would look like one tar to us
// and like another to a reader that stops at the first member. zlib's Z_STREAM_END marks the
// member's end exactly; anything after it is refused. The same position tracking finds non-zero
// bytes after the tar end-of-archive marker: we remember the offset of the last non-zero
// inflated byte and compare it with how far libarchive's tar reader consumed.

internal import CArchive

/// One tar header as libarchive reports it, before any safety rule is applied.
struct RawTarEntry {
    enum Kind {
        case file
        case directory
        case symbolicLink(target: String)
        case hardLink(target: String)
        case special(String)
    }

    /// The path exactly as the archive spells it (lossily decoded), for messages.
    var name: String
    /// False when the path bytes are not valid UTF-8.
    var isUTF8: Bool
    var kind: Kind
    var size: Int64
    /// Permission bits including setuid, setgid and sticky (`& 0o7777`).
    var mode: UInt32
    var isSparse: Bool
}

/// Pulls entries and their data out of a gzip-compressed tar stream.
///
/// Single use and single threaded: one instance reads one tarball, then is discarded.
final class TarStream {
    typealias Observer = (UnsafeRawBufferPointer) -> Void

    private static let inputCapacity = 64 * 1024
    private static let outputCapacity = 128 * 1024

    private let archive: OpaquePointer
    private let zlibStream: UnsafeMutablePointer<z_stream>
    private var zlibReady = false
    private let input: UnsafeMutableRawBufferPointer
    private let output: UnsafeMutableRawBufferPointer
    private let readSource: (UnsafeMutableRawBufferPointer) throws -> Int
    private let observer: Observer?
    private let maxDecompressedSize: Int64

    /// An error raised inside a libarchive callback, rethrown once libarchive returns.
    private var pendingError: (any Error)?
    private var sourceEnded = false
    private var gzipEnded = false
    private var decompressedCount: Int64 = 0
    private var lastNonZeroOffset: Int64 = -1
    private(set) var compressedCount: Int64 = 0
    /// The entry being read, so errors raised while inflating can name it.
    private var currentEntryName: String?
    private var opened = false

    init(
        limits: TarballLimits,
        observer: Observer?,
        readSource: @escaping (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws {
        try ArchiveLibrary.load()
        guard let archive = pkg_archive_read_new() else {
            throw ArchiveError.corruptTar(entry: nil, reason: "libarchive could not allocate a reader")
        }
        self.archive = archive
        self.readSource = readSource
        self.observer = observer
        self.maxDecompressedSize = limits.maxDecompressedSize
        zlibStream = .allocate(capacity: 1)
        zlibStream.initialize(to: z_stream())
        input = .allocate(byteCount: Self.inputCapacity, alignment: 16)
        output = .allocate(byteCount: Self.outputCapacity, alignment: 16)
        // Only tar, and no decompression filter: the bytes libarchive sees are already inflated,
        // so a gzip inside the gzip is refused as "not a tar" instead of being unwrapped.
        pkg_archive_read_support_format_tar(archive)
    }

    deinit {
        pkg_archive_read_free(archive)
        if zlibReady { inflateEnd(zlibStream) }
        zlibStream.deinitialize(count: 1)
        zlibStream.deallocate()
        input.deallocate()
        output.deallocate()
    }

    // MARK: Entries

    /// The next entry, or `nil` after the end of the archive once every trailing byte is checked.
    func nextEntry() throws -> RawTarEntry? {
        try openIfNeeded()
        currentEntryName = nil
        var entry: OpaquePointer?
        let status = pkg_archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF {
            try finish()
            return nil
        }
        // ARCHIVE_WARN covers harmless notes such as a pax path libarchive could not convert to
        // the C locale; the bytes are still there and our own rules judge them.
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
            throw failure(status: status)
        }
        let described = describe(entry)
        currentEntryName = described.name
        return described
    }

    /// Streams the current entry's data in blocks that point into libarchive's buffers.
    ///
    /// - Returns: the number of bytes delivered.
    @discardableResult
    func readData(_ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        var delivered: Int64 = 0
        while true {
            var block: UnsafeRawPointer?
            var size = 0
            var offset: la_int64_t = 0
            let status = pkg_archive_read_data_block(archive, &block, &size, &offset)
            if status == ARCHIVE_EOF { return delivered }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN else { throw failure(status: status) }
            guard offset == delivered else {
                throw ArchiveError.sparseEntry(entry: currentEntryName ?? "")
            }
            if size > 0, let block {
                try body(UnsafeRawBufferPointer(start: block, count: size))
                delivered += Int64(size)
            }
        }
    }

    /// Reads past the current entry's data (it is still inflated, so limits still apply).
    func skipData() throws {
        let status = pkg_archive_read_data_skip(archive)
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else { throw failure(status: status) }
    }

    private func describe(_ entry: OpaquePointer) -> RawTarEntry {
        let (name, isUTF8) = Self.decode(pkg_archive_entry_pathname(entry) ?? pkg_archive_entry_pathname_utf8(entry))
        let type = UInt32(pkg_archive_entry_filetype(entry)) & FileType.mask
        let kind: RawTarEntry.Kind
        if let hardLink = pkg_archive_entry_hardlink(entry) ?? pkg_archive_entry_hardlink_utf8(entry) {
            kind = .hardLink(target: Self.decode(hardLink).0)
        } else if type == FileType.symbolicLink {
            let target = pkg_archive_entry_symlink(entry) ?? pkg_archive_entry_symlink_utf8(entry)
            kind = .symbolicLink(target: target.map { Self.decode($0).0 } ?? "")
        } else if type == FileType.regular {
            kind = .file
        } else if type == FileType.directory {
            kind = .directory
        } else {
            kind = .special(FileType.name(type))
        }
        return RawTarEntry(
            name: name,
            isUTF8: isUTF8,
            kind: kind,
            size: pkg_archive_entry_size_is_set(entry) != 0 ? pkg_archive_entry_size(entry) : 0,
            mode: UInt32(pkg_archive_entry_perm(entry)) & 0o7777,
            isSparse: pkg_archive_entry_sparse_count(entry) > 0
        )
    }

    private static func decode(_ text: UnsafePointer<CChar>?) -> (String, Bool) {
        guard let text else { return ("", false) }
        if let valid = String(validatingCString: text) { return (valid, true) }
        return (String(cString: text), false)
    }

    private func failure(status: Int32) -> any Error {
        if let pendingError { return pendingError }
        let reason = pkg_archive_error_string(archive).map { String(cString: $0) } ?? "libarchive status \(status)"
        return ArchiveError.corruptTar(entry: currentEntryName, reason: reason)
    }

    /// Inflates the whole gzip member without parsing tar, for comparing tarballs.
    func inflateAll(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        opened = true
        try startGzip()
        while !gzipEnded {
            let count = try inflateNextBlock()
            try body(UnsafeRawBufferPointer(rebasing: output[..<count]))
        }
    }

    // MARK: Opening and finishing

    private func openIfNeeded() throws {
        if opened { return }
        opened = true
        try startGzip()
        let context = Unmanaged.passUnretained(self).toOpaque()
        let status = pkg_archive_read_open(archive, context, nil, { _, context, buffer in
            guard let context, let buffer else { return -1 }
            return Unmanaged<TarStream>.fromOpaque(context).takeUnretainedValue().supply(buffer)
        }, nil)
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else { throw failure(status: status) }
    }

    /// libarchive's read callback: hands over the next inflated block, or records the error.
    private func supply(_ buffer: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        do {
            let count = try inflateNextBlock()
            buffer.pointee = UnsafeRawPointer(output.baseAddress)
            return count
        } catch {
            pendingError = error
            return -1
        }
    }

    /// After the tar end: drains the gzip stream (so the observer sees every byte and the gzip
    /// trailer is verified), then refuses non-zero bytes past what the tar reader consumed.
    private func finish() throws {
        if let pendingError { throw pendingError }
        let consumed = pkg_archive_filter_bytes(archive, 0)
        while !gzipEnded {
            _ = try inflateNextBlock()
        }
        if lastNonZeroOffset >= consumed {
            throw ArchiveError.trailingDataAfterTar
        }
    }

    // MARK: Gzip

    /// Reads until the two magic bytes are in, so that "not gzip" is told apart from "damaged".
    private func startGzip() throws {
        var buffered = 0
        while buffered < 2 {
            let count = try pull(into: UnsafeMutableRawBufferPointer(rebasing: input[buffered...]))
            if count == 0 { break }
            buffered += count
        }
        guard buffered >= 2, input[0] == 0x1f, input[1] == 0x8b else { throw ArchiveError.notGzip }
        guard pkg_inflate_init_gzip(zlibStream) == Z_OK else {
            throw ArchiveError.corruptGzip(reason: "zlib could not start")
        }
        zlibReady = true
        zlibStream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        zlibStream.pointee.avail_in = UInt32(buffered)
    }

    private func pull(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if sourceEnded { return 0 }
        let count = try readSource(buffer)
        if count <= 0 {
            sourceEnded = true
            return 0
        }
        compressedCount += Int64(count)
        observer?(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        return count
    }

    /// Inflates into the output buffer until at least one byte is produced or the member ends.
    private func inflateNextBlock() throws -> Int {
        if gzipEnded { return 0 }
        let stream = zlibStream
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(output.count)
        while stream.pointee.avail_out == UInt32(output.count) {
            if stream.pointee.avail_in == 0 {
                let count = try pull(into: input)
                if count == 0 {
                    throw ArchiveError.corruptGzip(reason: "the stream ends before the gzip trailer")
                }
                stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = UInt32(count)
            }
            let status = inflate(stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                gzipEnded = true
                try refuseDataAfterGzip()
                break
            }
            guard status == Z_OK else {
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw ArchiveError.corruptGzip(reason: reason)
            }
        }
        let produced = output.count - Int(stream.pointee.avail_out)
        try account(produced: produced)
        return produced
    }

    private func refuseDataAfterGzip() throws {
        var remaining = Int(zlibStream.pointee.avail_in)
        var next = zlibStream.pointee.next_in.map { UnsafeRawPointer($0) }
        if remaining == 0 {
            remaining = try pull(into: input)
            next = UnsafeRawPointer(input.baseAddress)
        }
        guard remaining > 0, let next else { return }
        if next.load(as: UInt8.self) == 0x1f && (remaining < 2 || next.load(fromByteOffset: 1, as: UInt8.self) == 0x8b) {
            throw ArchiveError.multipleGzipMembers
        }
        throw ArchiveError.trailingDataAfterGzip(byteCount: remaining)
    }

    private func account(produced: Int) throws {
        guard produced > 0, let base = output.baseAddress else { return }
        let start = decompressedCount
        decompressedCount += Int64(produced)
        if decompressedCount > maxDecompressedSize {
            throw ArchiveError.limitExceeded(
                entry: currentEntryName, limit: .decompressedSize, value: decompressedCount, maximum: maxDecompressedSize)
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var index = produced - 1
        while index >= 0 && bytes[index] == 0 { index -= 1 }
        if index >= 0 { lastNonZeroOffset = start + Int64(index) }
    }
}

/// `mode_t` file-type bits as libarchive reports them (AE_IFREG and friends are cast macros,
/// which Swift does not import).
private enum FileType {
    static let mask: UInt32 = 0o170000
    static let regular: UInt32 = 0o100000
    static let directory: UInt32 = 0o040000
    static let symbolicLink: UInt32 = 0o120000
    static let characterDevice: UInt32 = 0o020000
    static let blockDevice: UInt32 = 0o060000
    static let fifo: UInt32 = 0o010000
    static let socket: UInt32 = 0o140000

    static func name(_ type: UInt32) -> String {
        switch type {
        case characterDevice: "character device"
        case blockDevice: "block device"
        case fifo: "FIFO"
        case socket: "socket"
        default: "entry of unknown type"
        }
    }
}
