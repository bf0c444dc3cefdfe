// Low-level file operations the store and linker need and Foundation does not offer: hard links
// with a clone/copy fallback, atomic writes, and quiet tree removal.
//
// Every failure becomes `InstallError.fileSystem` naming the path and `strerror(errno)`.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a file got into `node_modules`; the linker reports the cheapest method it managed.
package enum MaterializationMethod: String, Sendable {
    case hardLink, clone, copy
}

package enum FileOperations {
    /// Creates `path` and its parents; existing directories (or links to one) are fine.
    ///
    /// One `mkdir` when the parent exists, which is nearly always the case in the linker and the
    /// store (Foundation's `createDirectory(withIntermediateDirectories:)` stats every component
    /// first); parents are made only after `ENOENT`.
    package static func makeDirectory(_ path: String) throws(InstallError) {
        if mkdir(path, 0o755) == 0 { return }
        switch errno {
        case EEXIST:
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw .fileSystem(operation: "create directory", path: path, reason: "something other than a folder is in the way")
        case ENOENT:
            // The text before the last `/` byte (Foundation's path functions split by Character,
            // and `/` followed by a combining mark is not the Character `/`).
            guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.startIndex else {
                throw error("create directory", path)
            }
            let parent = String(path[..<slash])
            try makeDirectory(parent)
            if mkdir(path, 0o755) == 0 || errno == EEXIST && isDirectory(path) { return }
            throw error("create directory", path)
        default:
            throw error("create directory", path)
        }
    }

    /// Removes a file, symlink or whole tree; absence is not an error.
    package static func remove(_ path: String) throws(InstallError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .fileSystem(operation: "remove", path: path, reason: "\(error.localizedDescription)")
        }
    }

    /// `true` when something (even a dangling symlink) exists at `path`.
    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Names in a directory, without `.` and `..`; empty when it does not exist.
    package static func entries(of directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }

    /// Puts `source`'s content at `destination` as cheaply as the file systems allow: a hard link,
    /// then a copy-on-write clone (FICLONE on Linux, clonefile on macOS), then a byte copy.
    /// `destination` must not exist.
    @discardableResult
    package static func materialize(_ source: String, at destination: String, allowHardLink: Bool = true) throws(InstallError) -> MaterializationMethod {
        if allowHardLink && link(source, destination) == 0 { return .hardLink }
        if clone(source, to: destination) { return .clone }
        try copy(source, to: destination)
        return .copy
    }

    private static func clone(_ source: String, to destination: String) -> Bool {
        #if canImport(Darwin)
        return clonefile(source, destination, 0) == 0
        #else
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return false }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0 else { return false }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, info.st_mode & 0o7777)
        guard output >= 0 else { return false }
        // FICLONE = _IOW(0x94, 9, int): share the source's extents (btrfs, xfs, overlayfs on them).
        let cloned = ioctl(output, 0x4004_9409, input) == 0
        close(output)
        if !cloned { unlink(destination) }
        return cloned
        #endif
    }

    /// Copies bytes and permission bits; the destination is created exclusively.
    package static func copy(_ source: String, to destination: String) throws(InstallError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw error("open", source) }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0 else { throw error("stat", source) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, info.st_mode & 0o7777)
        guard output >= 0 else { throw error("create", destination) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else { throw error("read", source) }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                guard result > 0 else { throw error("write", destination) }
                written += result
            }
        }
    }

    /// Writes `data` to a temporary sibling and renames it over `path`, so readers see the old
    /// content or the new, never a torn file. No `fsync`: what is written this way (manifests,
    /// lockfiles, store indexes, install state) can be written again; an install that downloaded
    /// anything is made durable by `StoreDurability`.
    package static func writeAtomically(_ data: Data, to path: String) throws(InstallError) {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try writeNewFile(data, at: temporary)
        guard rename(temporary, path) == 0 else {
            let failure = error("rename", path)
            unlink(temporary)
            throw failure
        }
    }

    /// Writes `data` to a file that must not exist yet: for files inside a folder that is itself
    /// moved into place in one step (a store entry), where a rename per file would add nothing.
    /// A partly written file is removed.
    package static func writeNewFile(_ data: Data, at path: String) throws(InstallError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw error("create", path) }
        let success = data.withUnsafeBytes { buffer -> Bool in
            var written = 0
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { return false }
                written += result
            }
            return true
        }
        close(descriptor)
        guard success else {
            let failure = error("write", path)
            unlink(path)
            throw failure
        }
    }

    /// Makes `path` executable by everyone who can read it, as npm does for bin targets.
    package static func makeExecutable(_ path: String) throws(InstallError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw error("stat", path) }
        let mode = info.st_mode & 0o7777
        let wanted = mode | ((mode & 0o444) >> 2) | 0o100
        if wanted != mode, chmod(path, wanted) != 0 { throw error("chmod", path) }
    }

    package static func error(_ operation: String, _ path: String) -> InstallError {
        .fileSystem(operation: operation, path: path, reason: String(cString: strerror(errno)))
    }
}
