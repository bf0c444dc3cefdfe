// Builds npm-style package tarballs in memory for tests, including hostile ones (links, paths
// outside `package/`, trailing data). Deflate uses stored blocks only: valid gzip that any
// reader accepts, with no compression library needed.
import Foundation

/// In-memory tar and gzip writers for test fixtures.
public enum TestTarball {
    /// One tar member.
    public struct Entry: Sendable {
        public var path: String
        public var contents: [UInt8]
        /// The tar type flag: `"0"` file, `"5"` directory, `"1"` hard link, `"2"` symlink, `"3"` character device.
        public var type: Character
        public var linkName: String

        public init(path: String, contents: [UInt8] = [], type: Character = "0", linkName: String = "") {
            self.path = path
            self.contents = contents
            self.type = type
            self.linkName = linkName
        }

        public init(path: String, text: String) {
            self.init(path: path, contents: Array(text.utf8))
        }
    }

    /// A ustar archive of `entries`, ending with the two zero blocks.
    public static func tar(_ entries: [Entry]) -> [UInt8] {
        var archive: [UInt8] = []
        for entry in entries {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int, length: Int) {
                for (index, byte) in text.utf8.prefix(length).enumerated() { header[offset + index] = byte }
            }
            func octal(_ value: Int, at offset: Int, length: Int) {
                let text = String(value, radix: 8)
                put(String(repeating: "0", count: max(0, length - 1 - text.count)) + text, at: offset, length: length - 1)
            }
            put(entry.path, at: 0, length: 100)
            octal(entry.type == "5" ? 0o755 : 0o644, at: 100, length: 8)
            octal(0, at: 108, length: 8)
            octal(0, at: 116, length: 8)
            octal(entry.contents.count, at: 124, length: 12)
            octal(499_162_500, at: 136, length: 12)
            header[156] = entry.type.asciiValue ?? UInt8(ascii: "0")
            put(entry.linkName, at: 157, length: 100)
            put("ustar", at: 257, length: 6)
            put("00", at: 263, length: 2)
            for index in 148..<156 { header[index] = 0x20 }
            let checksum = header.reduce(0) { $0 + Int($1) }
            let text = String(checksum, radix: 8)
            put(String(repeating: "0", count: 6 - text.count) + text, at: 148, length: 6)
            header[154] = 0
            header[155] = 0x20
            archive += header
            archive += entry.contents
            archive += [UInt8](repeating: 0, count: (512 - entry.contents.count % 512) % 512)
        }
        archive += [UInt8](repeating: 0, count: 1024)
        return archive
    }

    /// One gzip member holding `data` in stored deflate blocks.
    public static func gzip(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let final: UInt8 = offset + length == data.count ? 1 : 0
            output.append(final)
            output += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            output += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        output += littleEndian(crc32(data)) + littleEndian(UInt32(truncatingIfNeeded: data.count))
        return output
    }

    /// A package tarball: `package/package.json` (generated unless given) plus `files` under `package/`.
    public static func package(
        name: String, version: String, dependencies: [String: String] = [:],
        files: [String: String] = ["index.js": "module.exports = 'hello';\n"], packageJSON: String? = nil
    ) -> [UInt8] {
        let manifest = packageJSON ?? manifestJSON(name: name, version: version, dependencies: dependencies)
        let entries = [Entry(path: "package/package.json", text: manifest)]
            + files.sorted { $0.key < $1.key }.map { Entry(path: "package/" + $0.key, text: $0.value) }
        return gzip(tar(entries))
    }

    /// A minimal package.json.
    public static func manifestJSON(name: String, version: String, dependencies: [String: String] = [:], description: String = "A test package") -> String {
        let object: [String: Any] = [
            "name": name, "version": version, "description": description, "main": "index.js",
            "dependencies": dependencies, "license": "MIT",
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) }
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

/// npm's publish document (`PUT /{pkg}` body) for tests.
public enum TestPublishDocument {
    /// The JSON body npm would send to publish `tarball` as `name@version` under `tag`.
    public static func json(
        name: String, version: String, tarball: [UInt8], tag: String = "latest",
        dependencies: [String: String] = [:], extraDist: [String: Any] = [:], attachmentName: String? = nil
    ) -> [UInt8] {
        let bareName = name.split(separator: "/").last.map(String.init) ?? name
        var dist: [String: Any] = ["tarball": "http://localhost/\(name)/-/\(bareName)-\(version).tgz"]
        for (key, value) in extraDist { dist[key] = value }
        let manifest: [String: Any] = [
            "name": name, "version": version, "_id": "\(name)@\(version)", "dependencies": dependencies,
            "_nodeVersion": "20.0.0", "_npmVersion": "10.8.2", "dist": dist,
        ]
        let document: [String: Any] = [
            "_id": name, "name": name, "description": "A test package",
            "dist-tags": [tag: version], "versions": [version: manifest], "access": NSNull(),
            "_attachments": [
                attachmentName ?? "\(name)-\(version).tgz": [
                    "content_type": "application/octet-stream",
                    "data": Data(tarball).base64EncodedString(),
                    "length": tarball.count,
                ]
            ],
        ]
        return Array((try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data())
    }
}
