#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes extracted entries under one root folder with plain POSIX calls that never follow links.
///
/// Every folder is opened with `openat(parent, name, O_DIRECTORY|O_NOFOLLOW)` from the root
/// down, and every file is created with `O_CREAT|O_EXCL|O_NOFOLLOW` inside such a folder, so a
/// symbolic link anywhere under the root (placed there by anyone) makes the write fail instead
/// of escaping. libarchive's `archive_write_disk` is not used: it restores links and devices,
/// which is exactly what must not happen.
final class DestinationWriter: ExtractionDestination {
    private let rootPath: String
    private let rootDescriptor: Int32
    /// Open folder descriptors by relative path; entries of one folder usually arrive together.
    private var folders: [String: Int32] = [:]
    private static let maximumOpenFolders = 64

    init(root: String) throws {
        rootPath = root
        rootDescriptor = try openDestinationRoot(root)
    }

    func close() {
        for descriptor in folders.values { _ = closeFileDescriptor(descriptor) }
        folders.removeAll()
        _ = closeFileDescriptor(rootDescriptor)
    }

    func makeDirectory(_ components: [Substring], entry: String) throws {
        _ = try folder(components[...], entry: entry)
    }

    func writeFile(
        _ components: [Substring], mode: mode_t, entry: String,
        fill: ((UnsafeRawBufferPointer) throws -> Void) throws -> Int64
    ) throws -> WrittenFile {
        guard let name = components.last else { return WrittenFile(size: 0) }
        let parent = try folder(components.dropLast(), entry: entry)
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var descriptor = openat(parent, String(name), flags, mode)
        if descriptor < 0 && errno == EEXIST {
            try removeExistingFile(in: parent, name: String(name), entry: entry)
            descriptor = openat(parent, String(name), flags, mode)
        }
        guard descriptor >= 0 else {
            throw ArchiveError.fileSystem(path: displayPath(components), operation: "create", errno: errno)
        }
        return WrittenFile(size: try fillAndClose(descriptor, path: displayPath(components), fill: fill))
    }

    private func removeExistingFile(in parent: Int32, name: String, entry: String) throws {
        var status = stat()
        guard fstatat(parent, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ArchiveError.pathCollision(entry: entry, reason: "something other than a file is already at its path")
        }
        if unlinkat(parent, name, 0) != 0 {
            throw ArchiveError.fileSystem(path: name, operation: "unlink", errno: errno)
        }
    }

    /// The descriptor of a folder under the root, creating the missing ones on the way.
    private func folder(_ components: ArraySlice<Substring>, entry: String) throws -> Int32 {
        if components.isEmpty { return rootDescriptor }
        let key = components.joined(separator: "/")
        if let cached = folders[key] { return cached }
        let parent = try folder(components.dropLast(), entry: entry)
        let name = String(components[components.endIndex - 1])
        if mkdirat(parent, name, 0o755) != 0 && errno != EEXIST {
            throw ArchiveError.fileSystem(path: displayPath(Array(components)), operation: "mkdir", errno: errno)
        }
        let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOTDIR || errno == ELOOP {
                throw ArchiveError.pathCollision(entry: entry, reason: "`\(key)` is not a folder")
            }
            throw ArchiveError.fileSystem(path: displayPath(Array(components)), operation: "open", errno: errno)
        }
        if folders.count >= Self.maximumOpenFolders {
            // Parents of this folder may be among them; they are reopened from the root when needed.
            for open in folders.values { _ = closeFileDescriptor(open) }
            folders.removeAll()
        }
        folders[key] = descriptor
        return descriptor
    }

    private func displayPath(_ components: [Substring]) -> String {
        ([Substring(rootPath)] + components).joined(separator: "/")
    }
}
