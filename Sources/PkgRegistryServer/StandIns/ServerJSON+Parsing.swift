// Strict JSON parsing for documents clients send: RFC 8259, duplicate keys refused, nesting
// bounded so a hostile body cannot exhaust the stack.

/// Why a JSON document was refused.
struct ServerJSONSyntaxError: Error, Sendable, Equatable {
    var reason: String
    var offset: Int
}

extension ServerJSON {
    /// The deepest nesting accepted; real manifests stay far below it.
    static let maximumDepth = 256

    /// Parses `bytes` as one JSON value, refusing duplicate object keys.
    ///
    /// - Throws: `ServerJSONSyntaxError` naming the first problem and its byte offset.
    init(parsing bytes: some Collection<UInt8>) throws(ServerJSONSyntaxError) {
        var parser = Parser(bytes: Array(bytes))
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("data after the JSON value") }
        self = value
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        func error(_ reason: String) -> ServerJSONSyntaxError {
            ServerJSONSyntaxError(reason: reason, offset: index)
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ literal: String, _ value: ServerJSON) throws(ServerJSONSyntaxError) -> ServerJSON {
            let expected = Array(literal.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw error("unexpected token")
            }
            index += expected.count
            return value
        }

        mutating func parseValue(depth: Int) throws(ServerJSONSyntaxError) -> ServerJSON {
            guard depth < ServerJSON.maximumDepth else { throw error("nesting deeper than \(ServerJSON.maximumDepth)") }
            guard index < bytes.count else { throw error("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "n"): return try expect("null", .null)
            default: return try parseNumber()
            }
        }

        mutating func parseObject(depth: Int) throws(ServerJSONSyntaxError) -> ServerJSON {
            index += 1
            var object = ServerJSONObject()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
                let keyOffset = index
                let key = try parseString()
                guard object[key] == nil else {
                    throw ServerJSONSyntaxError(reason: "duplicate key `\(key)`", offset: keyOffset)
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected `:`") }
                index += 1
                skipWhitespace()
                object[key] = try parseValue(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(object)
                } else {
                    throw error("expected `,` or `}`")
                }
            }
        }

        mutating func parseArray(depth: Int) throws(ServerJSONSyntaxError) -> ServerJSON {
            index += 1
            var array: [ServerJSON] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(array)
            }
            while true {
                skipWhitespace()
                array.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(array)
                } else {
                    throw error("expected `,` or `]`")
                }
            }
        }

        mutating func parseNumber() throws(ServerJSONSyntaxError) -> ServerJSON {
            let start = index
            func digits(_ parser: inout Parser) -> Int {
                let begin = parser.index
                while parser.index < parser.bytes.count, (0x30...0x39).contains(parser.bytes[parser.index]) { parser.index += 1 }
                return parser.index - begin
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { throw error("unexpected token") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                _ = digits(&self)
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits(&self) > 0 else { throw error("expected digits after `.`") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits(&self) > 0 else { throw error("expected exponent digits") }
            }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }

        mutating func readHex4() throws(ServerJSONSyntaxError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw error("truncated `\\u` escape") }
            var value: UInt32 = 0
            for byte in bytes[index..<index + 4] {
                value <<= 4
                switch byte {
                case 0x30...0x39: value |= UInt32(byte - 0x30)
                case 0x41...0x46: value |= UInt32(byte - 0x41 + 10)
                case 0x61...0x66: value |= UInt32(byte - 0x61 + 10)
                default: throw error("invalid `\\u` escape")
                }
            }
            index += 4
            return value
        }

        mutating func parseString() throws(ServerJSONSyntaxError) -> String {
            index += 1
            var runStart = index
            var result = ""
            func flush(_ parser: Parser, upTo end: Int) throws(ServerJSONSyntaxError) -> String {
                let slice = parser.bytes[runStart..<end]
                guard let text = String(validating: slice, as: UTF8.self) else { throw parser.error("invalid UTF-8") }
                return text
            }
            while true {
                guard index < bytes.count else { throw error("unterminated string") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    result += try flush(self, upTo: index)
                    index += 1
                    return result
                }
                if byte < 0x20 { throw error("control character in string") }
                if byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                result += try flush(self, upTo: index)
                index += 1
                guard index < bytes.count else { throw error("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): result += "\""
                case UInt8(ascii: "\\"): result += "\\"
                case UInt8(ascii: "/"): result += "/"
                case UInt8(ascii: "b"): result += "\u{08}"
                case UInt8(ascii: "f"): result += "\u{0C}"
                case UInt8(ascii: "n"): result += "\n"
                case UInt8(ascii: "r"): result += "\r"
                case UInt8(ascii: "t"): result += "\t"
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("lone surrogate in `\\u` escape")
                        }
                        index += 2
                        let low = try readHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("lone surrogate in `\\u` escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(code) {
                        throw error("lone surrogate in `\\u` escape")
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid `\\u` escape") }
                    result.unicodeScalars.append(scalar)
                default:
                    throw error("invalid escape")
                }
                runStart = index
            }
        }
    }
}
