// Durable replacement of one file: write a temp file in the data directory's `tmp/`, fsync it,
// rename it over the target, fsync the target's directory. A crash at any moment leaves either
// the old file or the new one, never a mix; leftover temp files live only in `tmp/`, which no
// route serves and which is emptied at start.
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
import PkgModel
#endif

/// POSIX `write`, named apart from Foundation's overloads.
private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, pointer, count)
    #elseif canImport(Musl)
    Musl.write(descriptor, pointer, count)
    #else
    Darwin.write(descriptor, pointer, count)
    #endif
}

enum AtomicFile {
    /// Writes `bytes` to `path` durably and atomically, staging in `temporaryDirectory` (which
    /// must be on the same file system).
    /// - Returns: the identity of the file written (`nil` if it could not be read back), for a
    ///   read cache to hold these bytes under.
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String, temporaryDirectory: String) throws -> FileIdentity? {
        let temporary = temporaryDirectory + "/" + UUID().uuidString + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StorageError.io("open \(temporary)", errno: errno) }
        var written = 0
        var failure: Int32?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += result
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw StorageError.io("write \(temporary)", errno: failure)
        }
        // Taken before the rename, which keeps inode and mtime: the identity of exactly these
        // bytes, even if another process replaces `path` right after.
        let identity = FileIdentity(path: temporary)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw StorageError.io("rename to \(path)", errno: code)
        }
        try syncDirectory(containing: path)
        return identity
    }

    /// Removes `path` and makes the removal durable.
    static func remove(_ path: String) throws {
        if unlink(path) != 0 {
            guard errno == ENOENT else { throw StorageError.io("unlink \(path)", errno: errno) }
            return
        }
        try syncDirectory(containing: path)
    }

    /// Creates `path` and its parents, syncing each new directory's parent so the entry survives a crash.
    static func createDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createDirectory(parent) }
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw StorageError.io("mkdir \(path)", errno: errno) }
        try syncDirectory(containing: path)
    }

    static func syncDirectory(containing path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StorageError.io("open directory \(directory)", errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StorageError.io("fsync \(directory)", errno: errno) }
    }
}
