// Walking an extracted package to build its file index, and re-checking files against it.
import Foundation
import PkgModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum StoreFiles {
    /// Every regular file below `directory` with size, permission bits and digest, sorted by path.
    /// Anything that is not a regular file or directory is deleted: the store holds only those.
    static func index(_ directory: String) throws(InstallError) -> [StoreFile] {
        var files: [StoreFile] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? directory : directory + "/" + relative
            for name in FileOperations.entries(of: absolute) {
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                let child = directory + "/" + childRelative
                var info = stat()
                guard lstat(child, &info) == 0 else { throw FileOperations.error("stat", child) }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    pending.append(childRelative)
                case S_IFREG:
                    let digest = try digestFile(child)
                    files.append(StoreFile(path: childRelative, size: Int(info.st_size), mode: Int(info.st_mode & 0o7777), digest: digest))
                default:
                    try FileOperations.remove(child)
                }
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Hashes a file.
    static func digestFile(_ path: String) throws(InstallError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileOperations.error("open", path) }
        defer { close(descriptor) }
        var hasher = FileHasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else { throw FileOperations.error("read", path) }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return hasher.finalize()
    }

    /// Problems of one entry: missing, resized, changed or unreadable files. Empty when sound.
    static func problems(of entry: StoreEntry) -> [String] {
        var problems: [String] = []
        for file in entry.index.files {
            let path = entry.path(of: file)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                problems.append("missing: \(file.path)")
                continue
            }
            guard Int(info.st_size) == file.size else {
                problems.append("size changed: \(file.path) (\(file.size) → \(info.st_size) bytes)")
                continue
            }
            guard let expected = file.digest else { continue }
            switch Result(catching: { () throws(InstallError) -> String in try digestFile(path) }) {
            case .success(let actual) where actual != expected:
                problems.append("content changed: \(file.path)")
            case .failure(let error):
                problems.append("unreadable: \(file.path) (\(error.detail.first ?? error.message))")
            default:
                break
            }
        }
        return problems
    }
}
