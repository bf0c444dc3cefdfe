#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes the deterministic gzip tarball `npm pack` writes for a list of files.
///
/// Deciding *which* files to pack (`files`, `.npmignore`, the always-included and
/// always-excluded names) is the caller's job; this type decides how they are written, following
/// NPM-SEMANTICS.md section 9 and pacote's `tar-create-options.js`: regular files only, each as
/// `package/<path>`, in npm-packlist's order, mode `(mode | 0o600) & ~0o022` with `+0o111` for
/// package bins, mtime 1985-10-26T08:15:00Z, no owner names or ids, gzip level 9.
///
/// The tar bytes match npm's exactly; the gzip bytes can differ because Node bundles its own
/// zlib, so integrity of a `pkg pack` tarball and an `npm pack` tarball may differ.
public struct TarballPacker: Sendable {
    /// One file to pack.
    public struct File: Sendable, Hashable {
        /// The path inside the package, `/`-separated, without `package/` (`lib/index.js`).
        public var path: String
        /// Where to read the bytes and mode from.
        public var sourcePath: String

        public init(path: String, sourcePath: String) {
            self.path = path
            self.sourcePath = sourcePath
        }
    }

    /// The package's bin targets (the values of package.json's `bin`).
    public var binTargets: Set<String>

    /// - Parameter binTargets: package.json's `bin` values; a leading `./` is ignored.
    public init(binTargets: some Sequence<String> = [String]()) {
        self.binTargets = Set(binTargets.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 })
    }

    /// Packs the files in npm's order.
    ///
    /// - Throws: `ArchiveError.fileSystem` when a source cannot be read, `ArchiveError.unsafePath`
    ///   for an absolute path or one with `..`, `ArchiveError.specialFile` for a source that is not
    ///   a regular file, `ArchiveError.duplicateEntry` for a path listed twice.
    public func pack(_ files: [File]) throws -> PackedTarball {
        var seen: Set<String> = []
        for file in files {
            try Self.validate(file.path)
            guard seen.insert(file.path).inserted else { throw ArchiveError.duplicateEntry(entry: file.path) }
        }
        let ordered = files.sorted { Self.npmOrder($0.path, $1.path) }
        var writer = TarWriter()
        var entries: [TarballEntry] = []
        var unpackedSize: Int64 = 0
        for file in ordered {
            let (data, sourceMode) = try Self.readSource(file.sourcePath)
            var mode = sourceMode & 0o7777
            if isPackageBin(file.path) { mode |= 0o111 }
            mode = (mode | 0o600) & ~0o022
            writer.append(path: "package/" + file.path, mode: mode, data: data)
            entries.append(TarballEntry(path: file.path, kind: .file, size: Int64(data.count), mode: mode))
            unpackedSize += Int64(data.count)
        }
        writer.finish()
        let compressed = try GzipCompressor.compress(writer.bytes, level: 9)
        return PackedTarball(bytes: compressed, entries: entries, unpackedSize: unpackedSize)
    }

    /// The file name `npm pack` gives a tarball: `name-version.tgz`, a scope's `@` dropped and
    /// its `/` turned into `-` (`@scope/pkg` 1.0.0 is `scope-pkg-1.0.0.tgz`).
    public static func filename(name: String, version: String) -> String {
        let base = name.hasPrefix("@") ? String(name.dropFirst()) : name
        return base.replacingOccurrences(of: "/", with: "-") + "-" + version + ".tgz"
    }

    /// npm-packlist's sort: lowercase extension, then lowercase basename, then the whole path,
    /// each compared with English collation (`localeCompare(_, 'en')`), for compressibility.
    public static func npmOrder(_ first: String, _ second: String) -> Bool {
        let locale = english
        let keys: [(String, String)] = [
            (extensionName(first).lowercased(), extensionName(second).lowercased()),
            (TarWriter.basename(first).lowercased(), TarWriter.basename(second).lowercased()),
            (first, second),
        ]
        for (left, right) in keys {
            switch left.compare(right, locale: locale) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame: continue
            }
        }
        return false
    }

    private static let english = Locale(identifier: "en")

    /// Node's `path.extname`: from the last `.` of the basename, unless the basename starts with it.
    static func extensionName(_ path: String) -> String {
        let base = TarWriter.basename(path)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "" }
        return String(base[dot...])
    }

    /// pacote's `is-package-bin.js`: strips the first path segment, then compares with the bins,
    /// so only bins at the package root (such as `cli.js`) gain execute bits, and `bin/cli.js` does not.
    func isPackageBin(_ path: String) -> Bool {
        guard !binTargets.isEmpty else { return false }
        var stripped = Substring(path)
        if let separator = stripped.firstIndex(where: { $0 == "/" || $0 == "\\" }) {
            stripped = stripped[stripped.index(after: separator)...]
        }
        return binTargets.contains(String(stripped))
    }

    private static func validate(_ path: String) throws {
        if path.isEmpty { throw ArchiveError.unsafePath(entry: path, rule: .empty) }
        if path.hasPrefix("/") { throw ArchiveError.unsafePath(entry: path, rule: .absolute) }
        if path.contains("\\") { throw ArchiveError.unsafePath(entry: path, rule: .backslash) }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        if components.contains("..") { throw ArchiveError.unsafePath(entry: path, rule: .parentComponent) }
        if components.contains(where: { $0 == "." || $0.isEmpty }) {
            throw ArchiveError.unsafePath(entry: path, rule: .notNormalized)
        }
    }

    private static func readSource(_ path: String) throws -> ([UInt8], UInt32) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArchiveError.fileSystem(path: path, operation: "open", errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ArchiveError.fileSystem(path: path, operation: "stat", errno: errno)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ArchiveError.specialFile(entry: path, kind: "not a regular file")
        }
        var data = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < data.count {
            let count = data.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw ArchiveError.fileSystem(path: path, operation: "read", errno: errno) }
            if count == 0 { break }
            filled += count
        }
        data.removeSubrange(filled...)
        return (data, UInt32(status.st_mode))
    }
}

/// A packed tarball and its listing, ready to write as `name-version.tgz` or to publish.
public struct PackedTarball: Sendable, Hashable {
    /// The gzip-compressed tarball.
    public var bytes: [UInt8]
    /// The files in archive order, with the modes written.
    public var entries: [TarballEntry]
    /// The sum of the files' sizes (`npm pack`'s "unpacked size").
    public var unpackedSize: Int64

    /// Files packed (`npm pack`'s "total files").
    public var fileCount: Int { entries.count }

    public init(bytes: [UInt8], entries: [TarballEntry], unpackedSize: Int64) {
        self.bytes = bytes
        self.entries = entries
        self.unpackedSize = unpackedSize
    }
}
