// Writes JSON exactly as JavaScript's `JSON.stringify(value, null, indent)` does.
//
// Matching JavaScript byte-for-byte matters: package.json files written by `pkg` must diff cleanly
// against ones written by npm, and registry documents must match what npm clients compute.
// - Pretty output: one member per line, `"key": value` with one space, empty `{}` and `[]` on one
//   line, no trailing newline (callers add one, as npm does for files).
// - Strings escape only `"`, `\`, and U+0000–U+001F (`\b \t \n \f \r` by name, the rest as
//   lowercase `\u00xx`); `/`, DEL, U+2028/2029 and non-ASCII are written raw. JavaScript also
//   escapes lone surrogates, which a Swift `String` cannot contain.
// - Numbers are written as their literal (see `JSONNumber`).

/// How to lay out serialized JSON.
public enum JSONFormat: Sendable, Hashable {
    /// No whitespace at all: `JSON.stringify(value)`. For registry bodies and hashes.
    case compact
    /// One member per line with the given indent unit: `JSON.stringify(value, null, indent)`.
    case indented(by: String)

    /// Two-space indentation, npm's default for package.json and lockfiles.
    public static let pretty = JSONFormat.indented(by: "  ")
}

extension JSONValue {
    /// The serialized UTF-8 bytes, the form written to files and sockets.
    public func serialized(_ format: JSONFormat = .compact) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        write(into: &buffer, format: format)
        return buffer
    }

    /// The serialized text as a `String`, for messages and tests.
    public func serializedString(_ format: JSONFormat = .compact) -> String {
        String(decoding: serialized(format), as: UTF8.self)
    }

    /// Appends the serialized bytes to `buffer`, so large documents are written without copies.
    public func write(into buffer: inout [UInt8], format: JSONFormat = .compact) {
        switch format {
        case .compact:
            JSONWriter.write(self, into: &buffer, indent: nil, depth: 0)
        case .indented(let indent):
            // `JSON.stringify` treats an empty indent as compact.
            JSONWriter.write(self, into: &buffer, indent: indent.isEmpty ? nil : Array(indent.utf8), depth: 0)
        }
    }

    /// Appends `string` as a quoted, escaped JSON string, for writers that stream their own layout.
    public static func writeString(_ string: String, into buffer: inout [UInt8]) {
        JSONWriter.writeString(string, into: &buffer)
    }
}

enum JSONWriter {
    static func write(_ value: JSONValue, into buffer: inout [UInt8], indent: [UInt8]?, depth: Int) {
        switch value {
        case .null: buffer.append(contentsOf: "null".utf8)
        case .bool(let flag): buffer.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): buffer.append(contentsOf: number.literal.utf8)
        case .string(let string): writeString(string, into: &buffer)
        case .array(let elements):
            if elements.isEmpty {
                buffer.append(contentsOf: "[]".utf8)
                return
            }
            buffer.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                newline(into: &buffer, indent: indent, depth: depth + 1)
                write(element, into: &buffer, indent: indent, depth: depth + 1)
            }
            newline(into: &buffer, indent: indent, depth: depth)
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                buffer.append(contentsOf: "{}".utf8)
                return
            }
            buffer.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { buffer.append(UInt8(ascii: ",")) }
                first = false
                newline(into: &buffer, indent: indent, depth: depth + 1)
                writeString(key, into: &buffer)
                buffer.append(UInt8(ascii: ":"))
                if indent != nil { buffer.append(UInt8(ascii: " ")) }
                write(member, into: &buffer, indent: indent, depth: depth + 1)
            }
            newline(into: &buffer, indent: indent, depth: depth)
            buffer.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    private static func newline(into buffer: inout [UInt8], indent: [UInt8]?, depth: Int) {
        guard let indent else { return }
        buffer.append(0x0A)
        for _ in 0..<depth { buffer.append(contentsOf: indent) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                }
                runStart = index + 1
                buffer.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
                case 0x08: buffer.append(UInt8(ascii: "b"))
                case 0x09: buffer.append(UInt8(ascii: "t"))
                case 0x0A: buffer.append(UInt8(ascii: "n"))
                case 0x0C: buffer.append(UInt8(ascii: "f"))
                case 0x0D: buffer.append(UInt8(ascii: "r"))
                default:
                    buffer.append(contentsOf: "u00".utf8)
                    buffer.append(hexDigits[Int(byte >> 4)])
                    buffer.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            if runStart < bytes.count {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
