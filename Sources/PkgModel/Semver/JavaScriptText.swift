// The few JavaScript string behaviours node-semver relies on, over UTF-8 bytes.
//
// - `String.prototype.trim` and `\s` both mean JavaScript's WhiteSpace and LineTerminator set, which
//   includes no-break space, the U+2000 block, U+3000 and the BOM, not only ASCII whitespace.
// - `string.length` counts UTF-16 code units; node-semver's 256-character limit is in those units.
// - `+digits + 1` goes through a double: past 2^53 it rounds, and from 1e21 on it prints as `1e+21`.

enum JavaScriptText {
    /// The length of the JavaScript whitespace character starting at `index`, or 0.
    static func whitespaceLength<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Bytes.Index) -> Int {
        let first = bytes[index]
        if first == 0x20 || (first >= 0x09 && first <= 0x0D) { return 1 }
        if first < 0xC2 { return 0 }
        func byte(_ offset: Int) -> UInt8? {
            let position = bytes.index(index, offsetBy: offset, limitedBy: bytes.endIndex) ?? bytes.endIndex
            return position < bytes.endIndex ? bytes[position] : nil
        }
        switch first {
        case 0xC2: return byte(1) == 0xA0 ? 2 : 0
        case 0xE1: return byte(1) == 0x9A && byte(2) == 0x80 ? 3 : 0
        case 0xE2:
            guard let second = byte(1), let third = byte(2) else { return 0 }
            if second == 0x80 && ((third >= 0x80 && third <= 0x8A) || third == 0xA8 || third == 0xA9 || third == 0xAF) {
                return 3
            }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3: return byte(1) == 0x80 && byte(2) == 0x80 ? 3 : 0
        case 0xEF: return byte(1) == 0xBB && byte(2) == 0xBF ? 3 : 0
        default: return 0
        }
    }

    /// The length of the JavaScript whitespace character ending just before `end`, or 0.
    static func whitespaceLength<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, endingAt end: Bytes.Index) -> Int {
        let available = bytes.distance(from: bytes.startIndex, to: end)
        for length in [1, 2, 3] where length <= available {
            let start = bytes.index(end, offsetBy: -length)
            if whitespaceLength(bytes, at: start) == length { return length }
        }
        return 0
    }

    /// `String.prototype.trim`.
    static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end {
            let length = whitespaceLength(bytes, at: start)
            if length == 0 { break }
            start += length
        }
        while end > start {
            let length = whitespaceLength(bytes[start..<end], endingAt: end)
            if length == 0 { break }
            end -= length
        }
        return bytes[start..<end]
    }

    /// `text.trim().split(/\s+/).join(' ')`: every run of whitespace becomes one ASCII space.
    static func collapseWhitespace(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        let trimmed = trim(bytes[...])
        var output: [UInt8] = []
        output.reserveCapacity(trimmed.count)
        var index = trimmed.startIndex
        var inWhitespace = false
        while index < trimmed.endIndex {
            let length = whitespaceLength(trimmed, at: index)
            if length > 0 {
                if !inWhitespace { output.append(0x20) }
                inWhitespace = true
                index += length
            } else {
                output.append(trimmed[index])
                inWhitespace = false
                index += 1
            }
        }
        return output
    }

    /// `string.length`: UTF-16 code units of UTF-8 bytes.
    static func utf16Length<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int {
        var count = 0
        for byte in bytes {
            if byte & 0xC0 != 0x80 { count += 1 }
            if byte >= 0xF0 { count += 1 }
        }
        return count
    }

    /// `str.split(separator)` with a plain-string separator.
    static func split(_ bytes: ArraySlice<UInt8>, on separator: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index + separator.count <= bytes.endIndex {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                parts.append(bytes[start..<index])
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(bytes[start..<bytes.endIndex])
        return parts
    }

    /// `str.split(/\s+/)` on text whose whitespace is already ASCII.
    static func splitOnWhitespace(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if SemverGrammar.whitespace.contains(bytes[index]) {
                parts.append(bytes[start..<index])
                while index < bytes.endIndex, SemverGrammar.whitespace.contains(bytes[index]) { index += 1 }
                start = index
            } else {
                index += 1
            }
        }
        parts.append(bytes[start..<bytes.endIndex])
        return parts
    }

    /// `parts.join(' ')`.
    static func join(_ parts: [[UInt8]]) -> [UInt8] {
        var output: [UInt8] = []
        for (offset, part) in parts.enumerated() {
            if offset > 0 { output.append(0x20) }
            output += part
        }
        return output
    }

    /// `String(+digits + 1)`: the decimal digits plus one, computed and printed as JavaScript does.
    static func incremented(_ digits: ArraySlice<UInt8>) -> [UInt8] {
        let significant = digits.drop { $0 == UInt8(ascii: "0") }
        if significant.count <= 15 {
            var value: UInt64 = 0
            for byte in significant { value = value * 10 + UInt64(byte - UInt8(ascii: "0")) }
            return Array(String(value + 1).utf8)
        }
        let text = String(decoding: significant, as: UTF8.self)
        let value = (Double(text) ?? .infinity) + 1
        return Array(numberToString(value).utf8)
    }

    /// `Number.prototype.toString()` for a non-negative integral double.
    ///
    /// Below 1e21 JavaScript prints plain digits; past 2^53 only "all digits" matters here (such a
    /// number fails as a version component anyway), so the exact rounding of those digits is not copied.
    static func numberToString(_ value: Double) -> String {
        if value < 18_446_744_073_709_549_568 { return String(UInt64(value)) }
        if value < 1e21 {
            // Swift prints e.g. "1.8446744073709552e+19"; expand it to digits.
            let parts = value.description.split(separator: "e")
            let mantissa = String(parts[0].filter { $0 != "." })
            let exponent = parts.count > 1 ? Int(parts[1].drop { $0 == "+" }) ?? 0 : mantissa.count - 1
            return mantissa + String(repeating: "0", count: max(0, exponent + 1 - mantissa.count))
        }
        // Both languages print the shortest round-tripping digits as `1e+21` or `1.5e+22`.
        return value.description
    }
}
