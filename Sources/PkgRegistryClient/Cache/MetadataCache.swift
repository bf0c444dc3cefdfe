import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The on-disk packument cache: one file per package,
/// `<cache>/metadata-v2/<registry>/<escaped name>.packument`.
///
/// A file is a header line, `<body length> <ETag>\n` (the ETag may be empty), then the body as
/// the registry sent it: one read gives both, one rename publishes both. Entries are written to a
/// temporary file and renamed, so a reader never sees half of one, and not `fsync`ed: this is a
/// cache, and a crash can at worst leave an entry shorter than its header says, which `read`
/// treats as a miss (the document is fetched again).
///
/// Versioned so a layout change sits beside the old one instead of misreading it (`metadata-v1`
/// kept body and ETag in two files, each written with an `fsync`: two thirds of the system time
/// of a `--lockfile-only` install). Bump the version here and in `docs/configuration.md` together.
public struct MetadataCache: Sendable {
    public let root: String

    /// - Parameter cacheDirectory: the configured `cache` root (`NpmConfiguration.cache`).
    public init(cacheDirectory: String) {
        root = (cacheDirectory as NSString).appendingPathComponent("metadata-v2")
    }

    /// The folder for one registry: host, `_port` when not default, `_path` when not `/`.
    static func registryFolder(_ registry: String) -> String {
        guard let parts = URLParts(registry) else { return "unknown" }
        var name = parts.hostAndPort.replacingOccurrences(of: ":", with: "_")
        let path = parts.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !path.isEmpty {
            name += "_" + path.replacingOccurrences(of: "/", with: "_")
        }
        return name.replacingOccurrences(of: "..", with: "_")
    }

    /// The cache file for `name` from `registry`.
    public func entryPath(name: String, registry: String) -> String {
        let escaped = RegistryClient.escapedName(name)
        return ((root as NSString).appendingPathComponent(Self.registryFolder(registry)) as NSString)
            .appendingPathComponent(escaped + ".packument")
    }

    /// The cached document, or `nil` on a miss (or a damaged entry, which is then refetched).
    public func read(name: String, registry: String) -> (data: Data, etag: String?)? {
        guard let contents = FileManager.default.contents(atPath: entryPath(name: name, registry: registry)) else { return nil }
        return Self.decode(contents)
    }

    /// Stores a document and its ETag atomically.
    /// - Throws: `RegistryError.cache`.
    public func write(name: String, registry: String, data: Data, etag: String?) throws(RegistryError) {
        let path = entryPath(name: name, registry: registry)
        let contents = Self.encode(data, etag: etag)
        do {
            do {
                try atomicWrite(contents, to: path)
            } catch let error as POSIXError where error.code == .ENOENT {
                // The first entry for this registry: make its folder, then try once more.
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try atomicWrite(contents, to: path)
            }
        } catch {
            throw .cache(path: path, reason: "\(error)")
        }
    }

    /// Header line and body. An ETag with a line break (no valid header value has one) is not kept.
    static func encode(_ body: Data, etag: String?) -> Data {
        let tag = etag.flatMap { $0.contains(where: \.isNewline) ? nil : $0 } ?? ""
        var contents = Data("\(body.count) \(tag)\n".utf8)
        contents.append(body)
        return contents
    }

    /// The body and ETag of a file's contents; `nil` when the header is missing or malformed or the
    /// body is not as long as the header says.
    static func decode(_ contents: Data) -> (data: Data, etag: String?)? {
        guard let newline = contents.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let header = String(decoding: contents[contents.startIndex..<newline], as: UTF8.self)
        guard let space = header.firstIndex(of: " "), let length = Int(header[..<space]), length >= 0 else { return nil }
        let body = contents[contents.index(after: newline)...]
        guard body.count == length else { return nil }
        let etag = String(header[header.index(after: space)...])
        return (Data(body), etag.isEmpty ? nil : etag)
    }
}

/// Writes `data` to a temporary file beside `path` and renames it over `path` (no `fsync`).
/// A free function, so `write` is the system call and not `MetadataCache.write`.
private func atomicWrite(_ data: Data, to path: String) throws {
    let temporary = path + ".\(UInt64.random(in: 0...UInt64.max)).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    let written = data.withUnsafeBytes { buffer -> Bool in
        var offset = 0
        while offset < buffer.count {
            let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }
    let failure = errno
    close(descriptor)
    guard written, rename(temporary, path) == 0 else {
        let code = written ? errno : failure
        unlink(temporary)
        throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
}
