// Stand-in for PkgArchive's `TarballInspection` until the `archive` branch lands; swap it out
// after `git merge main`. Reads a publish tarball from memory and refuses anything two tar
// readers could disagree on or that could escape `package/` when installed.

/// What the registry learns from a valid publish tarball.
struct PublishTarballInspection: Sendable, Equatable {
    /// The bytes of `package/package.json`.
    var packageJSON: [UInt8]
    /// Regular files in the archive, as npm counts `dist.fileCount`.
    var fileCount: Int
    /// Sum of the regular files' sizes, as npm reports `dist.unpackedSize`.
    var unpackedSize: Int
    /// Whether `package/npm-shrinkwrap.json` is present (`_hasShrinkwrap`).
    var hasShrinkwrap: Bool

    /// Decompresses and walks the tarball.
    ///
    /// - Throws: `RegistryError.invalidTarball` naming the first unsafe or malformed part.
    init(tarball: [UInt8], unpackedLimit: Int) throws(RegistryError) {
        let archive: [UInt8]
        do {
            archive = try Gzip.decompressSingleMember(tarball, limit: unpackedLimit)
        } catch {
            throw .invalidTarball("the tarball is not a valid gzip stream: \(error.reason)")
        }
        var packageJSON: [UInt8]?
        var fileCount = 0
        var unpackedSize = 0
        var hasShrinkwrap = false
        var seenLowercasedPaths: Set<String> = []
        var offset = 0
        var pendingLongName: String?
        while true {
            guard offset + 512 <= archive.count else { throw .invalidTarball("the tar archive ends without its end-of-archive marker") }
            let header = archive[offset..<offset + 512]
            if header.allSatisfy({ $0 == 0 }) {
                guard archive[offset...].allSatisfy({ $0 == 0 }) else {
                    throw .invalidTarball("the tar archive has data after its end-of-archive marker")
                }
                break
            }
            let checksumField = Self.octal(header, at: 148, length: 8)
            var sum = 0
            for (index, byte) in header.enumerated() { sum += (148..<156).contains(index) ? 32 : Int(byte) }
            guard checksumField == sum else { throw .invalidTarball("a tar header has a bad checksum") }
            guard let size = Self.octal(header, at: 124, length: 12), size >= 0 else {
                throw .invalidTarball("a tar header has an invalid size")
            }
            let type = header[header.startIndex + 156]
            let dataStart = offset + 512
            let dataEnd = dataStart + size
            guard dataEnd <= archive.count else { throw .invalidTarball("a tar entry is truncated") }
            let data = archive[dataStart..<dataEnd]
            offset = dataStart + (size + 511) / 512 * 512

            var path = Self.string(header, at: 0, length: 100)
            let magic = Self.string(header, at: 257, length: 6)
            if magic.hasPrefix("ustar") {
                let prefix = Self.string(header, at: 345, length: 155)
                if !prefix.isEmpty { path = prefix + "/" + path }
            }
            switch type {
            case UInt8(ascii: "x"):
                pendingLongName = Self.paxPath(Array(data)) ?? pendingLongName
                continue
            case UInt8(ascii: "L"):
                pendingLongName = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                continue
            case UInt8(ascii: "g"):
                continue
            default:
                break
            }
            if let long = pendingLongName {
                path = long
                pendingLongName = nil
            }
            switch type {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                break
            case UInt8(ascii: "5"):
                try Self.checkPath(path)
                continue
            case UInt8(ascii: "1"), UInt8(ascii: "2"):
                throw .invalidTarball("the tarball contains a link `\(path)`; links are refused")
            case UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "6"):
                throw .invalidTarball("the tarball contains a device or FIFO `\(path)`")
            default:
                throw .invalidTarball("the tarball contains an entry of unsupported type `\(path)`")
            }
            try Self.checkPath(path)
            let normalized = path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
            guard seenLowercasedPaths.insert(normalized.lowercased()).inserted else {
                throw .invalidTarball("the tarball contains `\(normalized)` twice (or two names differing only in case)")
            }
            fileCount += 1
            unpackedSize += size
            if normalized == "package/package.json" {
                packageJSON = Array(data)
            } else if normalized.lowercased() == "package/package.json" {
                throw .invalidTarball("the tarball contains `\(normalized)`, which collides with `package/package.json` on case-insensitive file systems")
            }
            if normalized == "package/npm-shrinkwrap.json" { hasShrinkwrap = true }
        }
        guard let packageJSON else { throw .invalidTarball("the tarball has no `package/package.json`") }
        self.packageJSON = packageJSON
        self.fileCount = fileCount
        self.unpackedSize = unpackedSize
        self.hasShrinkwrap = hasShrinkwrap
    }

    private static func checkPath(_ path: String) throws(RegistryError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !path.hasPrefix("/"), !path.contains("\\"), components.first == "package",
            !components.contains("..")
        else {
            throw .invalidTarball("the tarball contains `\(path)`, outside `package/`")
        }
    }

    private static func string(_ header: ArraySlice<UInt8>, at offset: Int, length: Int) -> String {
        let start = header.startIndex + offset
        return String(decoding: header[start..<start + length].prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func octal(_ header: ArraySlice<UInt8>, at offset: Int, length: Int) -> Int? {
        let start = header.startIndex + offset
        let field = header[start..<start + length]
        if let first = field.first, first & 0x80 != 0 {
            // GNU base-256 for sizes over 8 GiB: never legitimate in a publish.
            return nil
        }
        let text = String(decoding: field, as: UTF8.self)
            .trimmingSpacesAndNULs()
        guard !text.isEmpty else { return 0 }
        return Int(text, radix: 8)
    }

    private static func paxPath(_ data: [UInt8]) -> String? {
        var index = 0
        var found: String?
        while index < data.count {
            guard let space = data[index...].firstIndex(of: 0x20),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                index + length <= data.count
            else { return found }
            let record = String(decoding: data[(space + 1)..<(index + length - 1)], as: UTF8.self)
            if record.hasPrefix("path=") { found = String(record.dropFirst(5)) }
            index += length
        }
        return found
    }
}

private extension String {
    func trimmingSpacesAndNULs() -> String {
        let set: Set<Character> = [" ", "\0"]
        return String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
