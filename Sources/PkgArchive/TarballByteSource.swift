#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where compressed tarball bytes come from, pulled a block at a time.
///
/// libarchive pulls its input, so a source is pulled too: the extractor asks for the next block
/// when it needs one, and never holds more than one block of compressed input.
public protocol TarballByteSource {
    /// Copies up to `buffer.count` bytes into `buffer` and returns how many; 0 means the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A tarball already in memory, such as a publish attachment.
public struct MemoryByteSource: TarballByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0, let destination = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress {
                destination.copyMemory(from: base + offset, byteCount: count)
            }
        }
        offset += count
        return count
    }
}

/// An open file descriptor (a file, or the read end of a pipe a download writes into).
///
/// The descriptor is borrowed: the caller opened it and closes it.
public struct FileDescriptorByteSource: TarballByteSource {
    private let descriptor: Int32
    private let name: String

    /// - Parameter name: the path or label used in error messages.
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Self.systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ArchiveError.fileSystem(path: name, operation: "read", errno: errno)
        }
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }
}
