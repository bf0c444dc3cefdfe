internal import CArchive

/// Compresses a whole buffer into one gzip member with npm's header.
///
/// npm's header is `1f 8b 08 00 00000000 02 ff`: no name, mtime 0, XFL 2 (level 9), OS 255.
/// zlib's default header would say OS 3 (Unix), so the header is set explicitly.
enum GzipCompressor {
    static func compress(_ bytes: [UInt8], level: Int32 = 9) throws -> [UInt8] {
        guard bytes.count < Int(UInt32.max) else {
            throw ArchiveError.limitExceeded(entry: nil, limit: .unpackedSize, value: Int64(bytes.count), maximum: Int64(UInt32.max))
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let header = UnsafeMutablePointer<gz_header>.allocate(capacity: 1)
        header.initialize(to: gz_header())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
            header.deinitialize(count: 1)
            header.deallocate()
        }
        guard pkg_deflate_init_gzip(stream, level) == Z_OK else {
            throw ArchiveError.corruptGzip(reason: "zlib could not start compressing")
        }
        defer { deflateEnd(stream) }
        header.pointee.os = 255
        guard deflateSetHeader(stream, header) == Z_OK else {
            throw ArchiveError.corruptGzip(reason: "zlib refused the gzip header")
        }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(bytes.count))) + 64)
        var mutableInput = bytes
        let status = mutableInput.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_in = input.baseAddress
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(out.count)
                return deflate(stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            throw ArchiveError.corruptGzip(reason: "zlib could not finish compressing (status \(status))")
        }
        output.removeSubrange(Int(stream.pointee.total_out)...)
        return output
    }

    /// Inflates one whole gzip member (tests and `pkg cache verify` compare tarballs after decompression).
    static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        var result: [UInt8] = []
        var source = MemoryByteSource(bytes)
        let stream = try TarStream(limits: .default, observer: nil) { try source.read(into: $0) }
        try stream.inflateAll { result.append(contentsOf: $0) }
        return result
    }
}
