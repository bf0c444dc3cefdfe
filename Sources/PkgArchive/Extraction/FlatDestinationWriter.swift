#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes every regular file directly into one folder, named by the order it first appeared in
/// (`0`, `1`, …): the store's layout, where files are only ever hard-linked elsewhere by the
/// paths its index records, so the tarball's folders need not exist on disk.
///
/// Creating a folder costs more than creating a file on ext4, and a package has about one folder
/// for every three files; the store skipping them is most of what an install into an empty store
/// saves. The folder tree is still checked in memory, so a tarball is refused for the same path
/// collisions (a file where a folder must go, a folder where a file is) as `DestinationWriter`
/// refuses on disk, and a store entry can always be linked as a tree. Names are generated, so no
/// entry can name a path outside the folder.
final class FlatDestinationWriter: ExtractionDestination {
    private let rootPath: String
    private let rootDescriptor: Int32
    /// Stored name by path, for last-wins duplicates.
    private var names: [String: String] = [:]
    /// Every folder a path so far implies or an entry named.
    private var folders: Set<String> = []

    init(root: String) throws {
        rootPath = root
        rootDescriptor = try openDestinationRoot(root)
    }

    func close() {
        _ = closeFileDescriptor(rootDescriptor)
    }

    func makeDirectory(_ components: [Substring], entry: String) throws {
        try addFolders(components[...], entry: entry)
    }

    func writeFile(
        _ components: [Substring], mode: mode_t, entry: String,
        fill: ((UnsafeRawBufferPointer) throws -> Void) throws -> Int64
    ) throws -> WrittenFile {
        guard !components.isEmpty else { return WrittenFile(size: 0) }
        let path = components.joined(separator: "/")
        if folders.contains(path) {
            throw ArchiveError.pathCollision(entry: entry, reason: "something other than a file is already at its path")
        }
        try addFolders(components.dropLast(), entry: entry)
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        let name: String
        if let earlier = names[path] {
            // npm's last-wins: the later entry replaces the file.
            name = earlier
            if unlinkat(rootDescriptor, name, 0) != 0 {
                throw ArchiveError.fileSystem(path: rootPath + "/" + name, operation: "unlink", errno: errno)
            }
        } else {
            name = String(names.count)
            names[path] = name
        }
        let descriptor = openat(rootDescriptor, name, flags, mode)
        guard descriptor >= 0 else {
            throw ArchiveError.fileSystem(path: rootPath + "/" + name, operation: "create", errno: errno)
        }
        let size = try fillAndClose(descriptor, path: self.rootPath + "/" + name, fill: fill)
        return WrittenFile(size: size, storedName: name)
    }

    /// Records `components` and every folder above it, refusing a path already taken by a file.
    private func addFolders(_ components: ArraySlice<Substring>, entry: String) throws {
        var path = ""
        for component in components {
            path = path.isEmpty ? String(component) : path + "/" + component
            if folders.contains(path) { continue }
            if names[path] != nil { throw ArchiveError.pathCollision(entry: entry, reason: "`\(path)` is not a folder") }
            folders.insert(path)
        }
    }
}
