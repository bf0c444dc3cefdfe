#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `SafeExtractor` puts what it extracts: a folder tree (`DestinationWriter`) or one flat
/// folder of numbered files (`FlatDestinationWriter`). Both refuse the same collisions.
protocol ExtractionDestination: AnyObject {
    /// Records (and, in a tree, creates) the folder an entry names.
    func makeDirectory(_ components: [Substring], entry: String) throws
    /// Creates one file and fills it from `fill`, which calls the given writer once per block.
    /// A second entry with the same path replaces the first, as npm's last-wins extraction does.
    func writeFile(
        _ components: [Substring], mode: mode_t, entry: String,
        fill: ((UnsafeRawBufferPointer) throws -> Void) throws -> Int64
    ) throws -> WrittenFile
    func close()
}

/// One file a destination wrote.
struct WrittenFile {
    var size: Int64
    /// The file's name in a flat destination; `nil` in a tree, where its path is its name.
    var storedName: String?
}

/// Opens the destination folder, creating it first when missing (its parent must exist).
func openDestinationRoot(_ root: String) throws -> Int32 {
    var descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if descriptor < 0 && errno == ENOENT {
        if mkdir(root, 0o755) != 0 && errno != EEXIST {
            throw ArchiveError.fileSystem(path: root, operation: "mkdir", errno: errno)
        }
        descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }
    guard descriptor >= 0 else { throw ArchiveError.fileSystem(path: root, operation: "open", errno: errno) }
    return descriptor
}

/// Writes what `fill` produces to `descriptor`, then closes it (also on failure).
/// - Returns: the number of bytes written.
func fillAndClose(
    _ descriptor: Int32, path: String, fill: ((UnsafeRawBufferPointer) throws -> Void) throws -> Int64
) throws -> Int64 {
    var closed = false
    defer { if !closed { _ = closeFileDescriptor(descriptor) } }
    let written = try fill { block in
        var remaining = block
        while !remaining.isEmpty {
            let count = write(descriptor, remaining.baseAddress, remaining.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.fileSystem(path: path, operation: "write", errno: errno)
            }
            remaining = UnsafeRawBufferPointer(rebasing: remaining[count...])
        }
    }
    closed = true
    if closeFileDescriptor(descriptor) != 0 {
        throw ArchiveError.fileSystem(path: path, operation: "close", errno: errno)
    }
    return written
}

/// `close(2)`, named apart from the destinations' own `close()`.
func closeFileDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(descriptor)
    #elseif canImport(Musl)
    Musl.close(descriptor)
    #else
    Darwin.close(descriptor)
    #endif
}
