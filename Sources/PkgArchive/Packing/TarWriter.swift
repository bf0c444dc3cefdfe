#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Writes tar bytes exactly as node-tar 6 (`tar/lib/header.js`, `pax.js`) does with npm's
// `portable: true` options, so a tarball from `pkg pack` decompresses to the same bytes as
// `npm pack`'s. libarchive's ustar writer is not used: it formats numeric fields as 11 digits
// plus a space (node-tar: 10 digits, space, NUL), writes `000000` uid/gid (node-tar: NULs) and
// pads to a 10 KiB record; none of that can be configured away.
//
// The rules, from node-tar:
// - numbers: octal, zero-padded to (field length - 2) digits, then space, then NUL; a number
//   of exactly (length - 1) digits is written without the space.
// - strings: UTF-8, NUL-padded, cut at the field length; an absent value leaves the field NUL.
// - paths of 100 bytes or more are split at a `/` into prefix (<= 155) and name (<= 100); when
//   that fails, or a path or prefix is not ASCII, a pax `x` header named `PaxHeader/<basename>`
//   (cut to 99 UTF-16 units) precedes the entry, holding `path`, `mtime` and (when non-zero) `size`.
// - the checksum is computed with its own field as eight spaces, written as 6 digits, space, NUL.
// - the archive ends with two zero blocks and no padding to the record size.

/// The fixed mtime npm writes: 1985-10-26T08:15:00Z, so zip tools are not confused by epoch 0.
let npmTarballMtime = 499_162_500

/// Appends tar entries to a byte buffer.
struct TarWriter {
    /// A tar type flag (`0` file, `1` hard link, `2` symlink, `3` character device, `5` folder, ...).
    struct TypeFlag: Hashable {
        var byte: UInt8
        static let file = TypeFlag(byte: UInt8(ascii: "0"))
        static let hardLink = TypeFlag(byte: UInt8(ascii: "1"))
        static let symbolicLink = TypeFlag(byte: UInt8(ascii: "2"))
        static let characterDevice = TypeFlag(byte: UInt8(ascii: "3"))
        static let blockDevice = TypeFlag(byte: UInt8(ascii: "4"))
        static let directory = TypeFlag(byte: UInt8(ascii: "5"))
        static let fifo = TypeFlag(byte: UInt8(ascii: "6"))
        static let extendedHeader = TypeFlag(byte: UInt8(ascii: "x"))
    }

    private(set) var bytes: [UInt8] = []

    /// Appends one entry: a pax header first when node-tar would write one, then the header, the
    /// data and its padding.
    mutating func append(
        path: String, type: TypeFlag = .file, mode: UInt32, data: [UInt8] = [],
        linkTarget: String? = nil, mtime: Int = npmTarballMtime
    ) {
        var header = [UInt8](repeating: 0, count: 512)
        let needsPax = Self.encodeHeader(
            into: &header, path: path, mode: Int(mode), size: data.count, mtime: mtime, type: type,
            linkTarget: linkTarget, uname: nil, devices: true)
        if needsPax {
            appendPax(path: path, size: data.count, mtime: mtime)
        }
        bytes += header
        appendData(data)
    }

    /// Appends the two zero blocks that end an archive.
    mutating func finish() {
        bytes += [UInt8](repeating: 0, count: 1024)
    }

    /// Appends raw bytes, for tests that build damaged archives.
    mutating func appendRaw(_ raw: [UInt8]) {
        bytes += raw
    }

    private mutating func appendData(_ data: [UInt8]) {
        bytes += data
        let remainder = data.count % 512
        if remainder != 0 {
            bytes += [UInt8](repeating: 0, count: 512 - remainder)
        }
    }

    private mutating func appendPax(path: String, size: Int, mtime: Int) {
        var body = Self.paxRecord("path", path) + Self.paxRecord("mtime", String(mtime))
        if size > 0 { body += Self.paxRecord("size", String(size)) }
        let bodyBytes = Array(body.utf8)
        var header = [UInt8](repeating: 0, count: 512)
        let name = String(decoding: Array(("PaxHeader/" + Self.basename(path)).utf16.prefix(99)), as: UTF16.self)
        _ = Self.encodeHeader(
            into: &header, path: name, mode: 0o644, size: bodyBytes.count, mtime: mtime, type: .extendedHeader,
            linkTarget: "", uname: "", devices: true)
        bytes += header
        appendData(bodyBytes)
    }

    /// One pax record, `"<length> <key>=<value>\n"`, where the length counts its own digits.
    private static func paxRecord(_ key: String, _ value: String) -> String {
        let record = " \(key)=\(value)\n"
        let byteCount = record.utf8.count
        // node-tar's digit count, floating point included, so lengths agree byte for byte.
        var digits = Int((log(Double(byteCount)) / log(10.0)).rounded(.down)) + 1
        if byteCount + digits >= Int(pow(10.0, Double(digits))) { digits += 1 }
        return String(digits + byteCount) + record
    }

    /// Fills a 512-byte header; returns whether the entry needs a pax header.
    private static func encodeHeader(
        into header: inout [UInt8], path: String, mode: Int, size: Int, mtime: Int, type: TypeFlag,
        linkTarget: String?, uname: String?, devices: Bool
    ) -> Bool {
        let split = splitPrefix(path)
        var needsPax = split.needsPax
        needsPax = encodeString(&header, offset: 0, length: 100, split.name) || needsPax
        needsPax = encodeNumber(&header, offset: 100, length: 8, mode) || needsPax
        needsPax = encodeNumber(&header, offset: 124, length: 12, size) || needsPax
        needsPax = encodeNumber(&header, offset: 136, length: 12, mtime) || needsPax
        header[156] = type.byte
        if let linkTarget {
            needsPax = encodeString(&header, offset: 157, length: 100, linkTarget) || needsPax
        }
        for (index, byte) in "ustar\u{0}00".utf8.enumerated() { header[257 + index] = byte }
        if let uname {
            needsPax = encodeString(&header, offset: 265, length: 32, uname) || needsPax
            needsPax = encodeString(&header, offset: 297, length: 32, uname) || needsPax
        }
        if devices {
            _ = encodeNumber(&header, offset: 329, length: 8, 0)
            _ = encodeNumber(&header, offset: 337, length: 8, 0)
        }
        needsPax = encodeString(&header, offset: 345, length: 155, split.prefix) || needsPax
        var checksum = 8 * 0x20
        for index in 0..<148 { checksum += Int(header[index]) }
        for index in 156..<512 { checksum += Int(header[index]) }
        _ = encodeNumber(&header, offset: 148, length: 8, checksum)
        return needsPax
    }

    /// node-tar's `splitPrefix`: moves leading folders into the 155-byte prefix field.
    static func splitPrefix(_ path: String) -> (name: String, prefix: String, needsPax: Bool) {
        if path.utf8.count < 100 { return (path, "", false) }
        var prefix = dirname(path)
        var name = basename(path)
        repeat {
            if name.utf8.count <= 100 && prefix.utf8.count <= 155 {
                return (name, prefix, false)
            } else if name.utf8.count > 100 && prefix.utf8.count <= 155 {
                return (utf16Prefix(name, 99), prefix, true)
            }
            name = basename(prefix) + "/" + name
            prefix = dirname(prefix)
        } while prefix != "."
        return (utf16Prefix(path, 99), "", true)
    }

    private static func utf16Prefix(_ text: String, _ count: Int) -> String {
        String(decoding: Array(text.utf16.prefix(count)), as: UTF16.self)
    }

    static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Writes UTF-8, NUL padded, never splitting a character; true when the value does not fit
    /// or is not ASCII (node-tar compares UTF-16 length with byte length).
    private static func encodeString(_ header: inout [UInt8], offset: Int, length: Int, _ value: String) -> Bool {
        var written = 0
        for character in value.unicodeScalars {
            let encoded = Array(String(character).utf8)
            if written + encoded.count > length { break }
            for byte in encoded {
                header[offset + written] = byte
                written += 1
            }
        }
        let utf16Count = value.utf16.count
        return utf16Count != value.utf8.count || utf16Count > length
    }

    /// Octal with node-tar's padding; true when the value does not fit (not expected for npm packages).
    private static func encodeNumber(_ header: inout [UInt8], offset: Int, length: Int, _ value: Int) -> Bool {
        let digits = String(value, radix: 8)
        guard value >= 0, digits.utf8.count <= length - 1 else { return true }
        var text: String
        if digits.utf8.count == length - 1 {
            text = digits
        } else {
            text = String(repeating: "0", count: length - digits.utf8.count - 2) + digits + " "
        }
        text += "\u{0}"
        for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte }
        return false
    }
}
