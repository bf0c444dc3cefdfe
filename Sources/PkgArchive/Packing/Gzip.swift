/// gzip for callers outside PkgArchive, which owns zlib: the registry compresses packuments for
/// clients that send `Accept-Encoding: gzip`, and tests read them back.
public enum Gzip {
    /// One gzip member holding `bytes`. Level 9 is npm's for tarballs; responses use a cheaper level.
    /// - Throws: `ArchiveError` when zlib refuses (a buffer over 4 GiB).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(ArchiveError) -> [UInt8] {
        do { return try GzipCompressor.compress(bytes, level: level) } catch let error as ArchiveError { throw error } catch {
            throw ArchiveError.corruptGzip(reason: "\(error)")
        }
    }

    /// The bytes of one whole gzip member, within the default tarball limits.
    /// - Throws: `ArchiveError` when the input is not gzip or breaks a limit.
    public static func decompress(_ bytes: [UInt8]) throws(ArchiveError) -> [UInt8] {
        do { return try GzipCompressor.decompress(bytes) } catch let error as ArchiveError { throw error } catch {
            throw ArchiveError.corruptGzip(reason: "\(error)")
        }
    }
}
