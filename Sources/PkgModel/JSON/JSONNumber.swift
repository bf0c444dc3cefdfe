// A JSON number kept as its literal text.
//
// Why the literal: a package.json with `"size": 1.0` or a lockfile with a 20-digit integer must
// come back byte-identical after `pkg add` edits a different field. `Double` would print `1` and
// lose precision. Numbers created from Swift values are formatted exactly as JavaScript's
// `Number.prototype.toString` does, so documents we write match what `JSON.stringify` writes.

/// A JSON number that remembers its exact source text and reads as `Double` or `Int` on demand.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written in the source (or as JavaScript would print it).
    public let literal: String

    /// Wraps a literal the parser has already checked against the RFC 8259 number grammar.
    init(uncheckedLiteral literal: String) {
        self.literal = literal
    }

    /// Creates a number from text, when it is a valid RFC 8259 number literal (`-0.5e+3`, not `+1` or `.5`).
    public init?(literal: String) {
        guard JSONNumber.isValidLiteral(Array(literal.utf8)) else { return nil }
        self.literal = literal
    }

    /// Creates an integer number.
    public init(_ value: Int) {
        self.literal = String(value)
    }

    /// Creates a number formatted like JavaScript's `String(value)`; `nil` for NaN and infinities,
    /// which JSON cannot represent.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        self.literal = JSONNumber.javaScriptString(value)
    }

    public var description: String { literal }

    /// The value as JavaScript reads it (`1e400` is infinity, as in `JSON.parse`).
    public var doubleValue: Double {
        Double(literal) ?? .nan
    }

    /// The value as an `Int` when it is integral and fits: `3`, `3.0` and `3e0` all give 3.
    public var intValue: Int? {
        if !literal.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            return Int(literal)
        }
        let double = doubleValue
        guard double.rounded() == double, double >= -9.223372036854775e18, double < 9.223372036854775e18 else {
            return nil
        }
        return Int(double)
    }

    /// Checks the RFC 8259 grammar: `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    static func isValidLiteral(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            numberLiteralEnd(in: buffer, from: 0) == buffer.count && !buffer.isEmpty
        }
    }

    /// Returns the end offset of the longest valid number literal starting at `start`, or `nil`
    /// when no valid literal starts there. Used by the parser and by `isValidLiteral`.
    static func numberLiteralEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var position = start
        let count = bytes.count
        func isDigit(_ index: Int) -> Bool {
            index < count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
        }
        if position < count && bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard isDigit(position) else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while isDigit(position) { position += 1 }
        }
        if position < count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard isDigit(position) else { return nil }
            while isDigit(position) { position += 1 }
        }
        if position < count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
            position += 1
            if position < count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                position += 1
            }
            guard isDigit(position) else { return nil }
            while isDigit(position) { position += 1 }
        }
        return position
    }

    /// ECMAScript Number::toString for finite values, built on Swift's shortest round-trip digits.
    static func javaScriptString(_ value: Double) -> String {
        if value == 0 { return "0" }  // also -0, which JavaScript prints as "0"
        if value < 0 { return "-" + javaScriptString(-value) }
        // Swift's description gives the shortest digits that round-trip, like JavaScript; only the
        // layout differs ("1e+16" vs "10000000000000000"), so extract digits and exponent.
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart = Substring("")
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = Array(integerPart + fractionPart)
        var pointPosition = integerPart.count + exponent  // "n" in the specification
        while let first = digits.first, first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while let last = digits.last, last == "0" { digits.removeLast() }
        let digitCount = digits.count  // "k" in the specification
        if digitCount <= pointPosition && pointPosition <= 21 {
            return String(digits) + String(repeating: "0", count: pointPosition - digitCount)
        }
        if 0 < pointPosition && pointPosition <= 21 {
            return String(digits[..<pointPosition]) + "." + String(digits[pointPosition...])
        }
        if -6 < pointPosition && pointPosition <= 0 {
            return "0." + String(repeating: "0", count: -pointPosition) + String(digits)
        }
        let shownExponent = pointPosition - 1
        let exponentText = (shownExponent < 0 ? "-" : "+") + String(abs(shownExponent))
        if digitCount == 1 {
            return String(digits) + "e" + exponentText
        }
        return String(digits[0]) + "." + String(digits[1...]) + "e" + exponentText
    }
}
