// A strict RFC 8259 parser over UTF-8 bytes, written for packuments of several megabytes.
//
// - Works on an `UnsafeBufferPointer<UInt8>`; strings without escapes are created straight from
//   the input slice after one validating scan.
// - Strict: no comments, no trailing commas, no single quotes, no leading zeros, no NaN; JSON
//   whitespace only (space, tab, LF, CR). One leading UTF-8 byte-order mark is skipped, as npm's
//   readers strip it.
// - Duplicate keys: the last value wins, in the first key's position (what `JSON.parse` does);
//   `rejectDuplicateKeys` refuses them instead, because JSONDecoder keeps the first and
//   JavaScript the last, so a document with duplicates means different things to different readers.
// - Depth is limited (`maximumDepth`) so hostile input cannot exhaust the stack.

/// How strictly to parse a JSON document.
public struct JSONParseOptions: Sendable, Hashable {
    /// Refuse objects that repeat a key (the registry refuses such documents on publish).
    public var rejectDuplicateKeys: Bool
    /// The deepest nesting of arrays and objects accepted; deeper input is refused, not recursed into.
    public var maximumDepth: Int

    /// - Parameters:
    ///   - rejectDuplicateKeys: refuse repeated keys instead of keeping the last one.
    ///   - maximumDepth: nesting limit; 512 is far beyond any real package metadata.
    public init(rejectDuplicateKeys: Bool = false, maximumDepth: Int = 512) {
        self.rejectDuplicateKeys = rejectDuplicateKeys
        self.maximumDepth = maximumDepth
    }

    /// JavaScript semantics (last duplicate wins), depth 512: for reading files and packuments.
    public static let `default` = JSONParseOptions()
    /// Duplicate keys refused: for documents the registry accepts from clients.
    public static let strict = JSONParseOptions(rejectDuplicateKeys: true)
}

extension JSONValue {
    /// Parses UTF-8 JSON text.
    ///
    /// - Throws: `JSONError` with the line, column and reason of the first problem.
    public init(parsing bytes: some Collection<UInt8>, options: JSONParseOptions = .default) throws(JSONError) {
        let result: Result<JSONValue, JSONError>? = bytes.withContiguousStorageIfAvailable { buffer in
            JSONValue.parse(buffer, options: options)
        }
        if let result {
            self = try result.get()
        } else {
            let copy = Array(bytes)
            self = try copy.withUnsafeBufferPointer { JSONValue.parse($0, options: options) }.get()
        }
    }

    /// Parses JSON text held in a `String`.
    ///
    /// - Throws: `JSONError` with the line, column and reason of the first problem.
    public init(parsing text: String, options: JSONParseOptions = .default) throws(JSONError) {
        var text = text
        let result = text.withUTF8 { JSONValue.parse($0, options: options) }
        self = try result.get()
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, options: JSONParseOptions) -> Result<JSONValue, JSONError> {
        var parser = JSONParser(bytes: withoutByteOrderMark(buffer), options: options)
        do {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }

    static func withoutByteOrderMark(_ buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF else { return buffer }
        return UnsafeBufferPointer(rebasing: buffer[3...])
    }
}

extension JSONObject {
    /// The leading members of the JSON object in `bytes`, up to and including `lastKey`; what
    /// follows that member is neither read nor validated.
    ///
    /// For large files whose writer puts first what a quick check needs (`.pkg-state.json`:
    /// the no-op check reads its head, not the 600 KB of package records after it). When
    /// `lastKey` does not occur, the whole document is read and validated as by `JSONValue(parsing:)`.
    /// - Throws: `JSONError` for a problem in the part read, or when the document is not an object.
    public init(parsingLeadingMembersOf bytes: some Collection<UInt8>, through lastKey: String, options: JSONParseOptions = .default) throws(JSONError) {
        func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONObject, JSONError> {
            var parser = JSONParser(bytes: JSONValue.withoutByteOrderMark(buffer), options: options)
            do {
                return .success(try parser.parseLeadingMembers(through: lastKey))
            } catch {
                return .failure(error)
            }
        }
        if let result = bytes.withContiguousStorageIfAvailable(parse) {
            self = try result.get()
        } else {
            self = try Array(bytes).withUnsafeBufferPointer(parse).get()
        }
    }
}

struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: JSONParseOptions
    var position = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, options: JSONParseOptions) {
        self.bytes = bytes
        self.options = options
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if position < bytes.count {
            throw failure(.trailingContent, at: position)
        }
        return value
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard position < bytes.count else {
            throw failure(.unexpectedEndOfInput(expected: "a value"), at: position)
        }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected(expected: "a value")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONError) {
        let length = word.utf8CodeUnitCount
        let start = word.utf8Start
        for offset in 0..<length {
            guard position + offset < bytes.count else {
                throw failure(.unexpectedEndOfInput(expected: "`\(word)`"), at: bytes.count)
            }
            if bytes[position + offset] != start[offset] {
                position += offset
                throw unexpected(expected: "`\(word)`")
            }
        }
        position += length
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        if depth > options.maximumDepth {
            throw failure(.nestingTooDeep(limit: options.maximumDepth), at: position)
        }
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enter()
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "]") && !elements.isEmpty {
                throw failure(.trailingComma, at: position)
            }
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEndOfInput(expected: "`,` or `]`"), at: position)
            }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw unexpected(expected: "`,` or `]`")
            }
        }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        .object(try parseObjectMembers(stoppingAfter: nil).object)
    }

    /// The top-level object's members up to and including `lastKey` (all of them when it is
    /// absent); the rest of the input is read only when `lastKey` never came.
    mutating func parseLeadingMembers(through lastKey: String) throws(JSONError) -> JSONObject {
        skipWhitespace()
        guard position < bytes.count else {
            throw failure(.unexpectedEndOfInput(expected: "an object"), at: position)
        }
        guard bytes[position] == UInt8(ascii: "{") else { throw unexpected(expected: "an object") }
        let (object, stoppedEarly) = try parseObjectMembers(stoppingAfter: lastKey)
        if !stoppedEarly {
            skipWhitespace()
            if position < bytes.count { throw failure(.trailingContent, at: position) }
        }
        return object
    }

    /// Parses an object from its `{`; with `lastKey`, returns right after that member's value.
    private mutating func parseObjectMembers(stoppingAfter lastKey: String?) throws(JSONError) -> (object: JSONObject, stoppedEarly: Bool) {
        try enter()
        position += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return (object, false)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEndOfInput(expected: "a string key"), at: position)
            }
            if bytes[position] == UInt8(ascii: "}") && !object.isEmpty {
                throw failure(.trailingComma, at: position)
            }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw unexpected(expected: "a string key")
            }
            let keyStart = position
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEndOfInput(expected: "`:`"), at: position)
            }
            guard bytes[position] == UInt8(ascii: ":") else {
                throw unexpected(expected: "`:`")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            if let existing = object.position(of: key) {
                if options.rejectDuplicateKeys {
                    throw failure(.duplicateKey(key), at: keyStart)
                }
                object.replaceValue(at: existing, with: value)
            } else {
                object.appendUnchecked(key, value)
            }
            if let lastKey, key == lastKey {
                depth -= 1
                return (object, true)
            }
            skipWhitespace()
            guard position < bytes.count else {
                throw failure(.unexpectedEndOfInput(expected: "`,` or `}`"), at: position)
            }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return (object, false)
            default:
                throw unexpected(expected: "`,` or `}`")
            }
        }
    }

    private mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = position
        guard let end = JSONNumber.numberLiteralEnd(in: bytes, from: start) else {
            // Report the whole run of number-like characters, so `1.` and `-x` read clearly.
            var stop = start + 1
            while stop < bytes.count, isNumberCharacter(bytes[stop]) { stop += 1 }
            throw failure(.invalidNumber(text(start, stop)), at: start)
        }
        // A valid literal followed by more digits means a leading zero (`01`); followed by `.`/`e`
        // means a malformed fraction or exponent (`1.e5` is caught above, `0.1.2` here).
        if end < bytes.count, isNumberCharacter(bytes[end]) {
            var stop = end
            while stop < bytes.count, isNumberCharacter(bytes[stop]) { stop += 1 }
            throw failure(.invalidNumber(text(start, stop)), at: start)
        }
        position = end
        return .number(JSONNumber(uncheckedLiteral: text(start, end)))
    }

    private func isNumberCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
            UInt8(ascii: "+"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(end, bytes.count)]), as: UTF8.self)
    }

    /// Parses a string starting at the opening quote.
    private mutating func parseString() throws(JSONError) -> String {
        position += 1  // opening quote
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let value = text(start, position)
                position += 1
                return value
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start)
            }
            if byte < 0x20 {
                throw failure(.controlCharacterInString(byte), at: position)
            }
            if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Sequence()
            }
        }
        throw failure(.unexpectedEndOfInput(expected: "`\"` closing the string"), at: position)
    }

    /// The slow path once an escape is seen: copies into a buffer, decoding escapes.
    private mutating func parseEscapedString(from start: Int) throws(JSONError) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(position - start + 16)
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try decodeEscape(into: &buffer)
                continue
            }
            if byte < 0x20 {
                throw failure(.controlCharacterInString(byte), at: position)
            }
            if byte < 0x80 {
                buffer.append(byte)
                position += 1
            } else {
                let sequenceStart = position
                try skipUTF8Sequence()
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[sequenceStart..<position]))
            }
        }
        throw failure(.unexpectedEndOfInput(expected: "`\"` closing the string"), at: position)
    }

    private mutating func decodeEscape(into buffer: inout [UInt8]) throws(JSONError) {
        let escapeStart = position
        position += 1  // backslash
        guard position < bytes.count else {
            throw failure(.unexpectedEndOfInput(expected: "an escape character"), at: position)
        }
        let escaped = bytes[position]
        position += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escaped)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHex4(escapeStart: escapeStart)
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate pairs only with an immediately following `\uDC00`–`\uDFFF`.
                if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    let savedPosition = position
                    position += 2
                    let low = try readHex4(escapeStart: savedPosition)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    } else {
                        position = savedPosition  // decode the next escape on its own
                        scalarValue = 0xFFFD
                    }
                } else {
                    scalarValue = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(unit) {
                scalarValue = 0xFFFD
            }
            let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
            buffer.append(contentsOf: scalar.utf8)
        default:
            position -= 1
            let shown: String
            if escaped >= 0x20 && escaped < 0x7F {
                shown = String(UnicodeScalar(escaped))
            } else {
                shown = "u{\(String(escaped, radix: 16))}"
            }
            throw failure(.invalidEscape(shown), at: escapeStart)
        }
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < bytes.count else {
                throw failure(.unexpectedEndOfInput(expected: "four hexadecimal digits"), at: position)
            }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(.invalidUnicodeEscape, at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence at `position` (Unicode table 3-7) and skips it.
    private mutating func skipUTF8Sequence() throws(JSONError) {
        let lead = bytes[position]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw failure(.invalidUTF8, at: position)
        }
        guard position + length <= bytes.count else { throw failure(.invalidUTF8, at: position) }
        let second = bytes[position + 1]
        guard second >= lower && second <= upper else { throw failure(.invalidUTF8, at: position) }
        for offset in 2..<max(length, 2) where offset < length {
            let continuation = bytes[position + offset]
            guard continuation >= 0x80 && continuation <= 0xBF else { throw failure(.invalidUTF8, at: position) }
        }
        position += length
    }

    private func unexpected(expected: String) -> JSONError {
        guard position < bytes.count else {
            return failure(.unexpectedEndOfInput(expected: expected), at: position)
        }
        let byte = bytes[position]
        let found: String
        if byte >= 0x21 && byte < 0x7F {
            found = "`\(String(UnicodeScalar(byte)))`"
        } else if byte < 0x80 {
            found = "character U+00\(String(byte, radix: 16, uppercase: true).leftPadded(to: 2))"
        } else {
            // Decode the scalar for the message; invalid bytes get their own reason.
            var end = position + 1
            while end < bytes.count && end < position + 4 && bytes[end] & 0xC0 == 0x80 { end += 1 }
            let decoded = text(position, end)
            if decoded.unicodeScalars.first == "\u{FFFD}" {
                return failure(.invalidUTF8, at: position)
            }
            found = "`\(decoded)`"
        }
        return failure(.unexpectedCharacter(found: found, expected: expected), at: position)
    }

    /// Builds the error with line, column and excerpt; only runs on the error path.
    private func failure(_ reason: JSONError.Reason, at offset: Int) -> JSONError {
        let offset = min(offset, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        var lineEnd = offset
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0A && bytes[lineEnd] != 0x0D { lineEnd += 1 }
        var before = Array(text(lineStart, offset).unicodeScalars)
        let after = Array(text(offset, lineEnd).unicodeScalars)
        let column = before.count + 1
        if before.isEmpty, after.isEmpty, offset == bytes.count, lineStart > 0 {
            // Truncated input ending in a line break: show the last line that has text.
            var previousEnd = lineStart - 1
            while previousEnd > 0, bytes[previousEnd - 1] == 0x0A || bytes[previousEnd - 1] == 0x0D { previousEnd -= 1 }
            var previousStart = previousEnd
            while previousStart > 0, bytes[previousStart - 1] != 0x0A { previousStart -= 1 }
            before = Array(text(previousStart, previousEnd).unicodeScalars)
        }
        // Keep the excerpt short: at most 40 scalars before and 30 after the problem.
        let shownBefore = before.suffix(40)
        let shownAfter = after.prefix(30)
        var excerpt = ""
        var caret = 0
        for scalar in shownBefore {
            excerpt += printable(scalar)
        }
        caret = excerpt.unicodeScalars.count
        for scalar in shownAfter { excerpt += printable(scalar) }
        var error = JSONError(reason: reason, line: line, column: column, offset: offset, excerpt: excerpt)
        error.excerptCaret = caret
        return error
    }

    private func printable(_ scalar: Unicode.Scalar) -> String {
        scalar.value < 0x20 ? " " : String(scalar)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
