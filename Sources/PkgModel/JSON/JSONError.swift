// Why a JSON document was refused, and where.
//
// The code is npm's `EJSONPARSE` (what npm reports for a broken package.json). Position is a
// 1-based line and column counted in Unicode scalars, so editors jump to the right place, and the
// detail shows the offending line with a caret.

/// A JSON document that could not be parsed, with the line, column and an excerpt of the input.
public struct JSONError: Diagnostic, Hashable {
    /// What was wrong at the position.
    public enum Reason: Sendable, Hashable {
        /// The input ended where `expected` was needed (a truncated download or file).
        case unexpectedEndOfInput(expected: String)
        /// A character that cannot appear here; `found` is printable, `expected` names what could.
        case unexpectedCharacter(found: String, expected: String)
        /// A `,` directly before `}` or `]`, which JavaScript accepts in code but JSON does not.
        case trailingComma
        /// A backslash escape JSON does not define, such as `\x` or `\'`.
        case invalidEscape(String)
        /// A `\u` escape without four hexadecimal digits.
        case invalidUnicodeEscape
        /// A raw control character (below U+0020) inside a string; it must be escaped.
        case controlCharacterInString(UInt8)
        /// Bytes that are not UTF-8 (JSON text must be UTF-8, RFC 8259 section 8.1).
        case invalidUTF8
        /// A number outside the JSON grammar (`01`, `1.`, `.5`, `+1`, `-`).
        case invalidNumber(String)
        /// An object repeats `key`; refused only when `rejectDuplicateKeys` is on.
        case duplicateKey(String)
        /// Arrays and objects nest deeper than the limit, a defence against hostile input.
        case nestingTooDeep(limit: Int)
        /// Something follows the complete top-level value.
        case trailingContent
    }

    /// What was wrong.
    public var reason: Reason
    /// 1-based line of the problem.
    public var line: Int
    /// 1-based column (in Unicode scalars) of the problem.
    public var column: Int
    /// Byte offset of the problem in the input (after any byte-order mark).
    public var offset: Int
    /// The source line around the problem, for the detail lines.
    public var excerpt: String
    /// The file the text came from, when the caller knows it; shown in the message.
    public var file: String?

    /// Creates an error at a position; the parser fills in the excerpt from the input.
    public init(reason: Reason, line: Int, column: Int, offset: Int, excerpt: String, file: String? = nil) {
        self.reason = reason
        self.line = line
        self.column = column
        self.offset = offset
        self.excerpt = excerpt
        self.file = file
    }

    /// The same error attributed to `file`, so callers that read files can say which one broke.
    public func inFile(_ file: String) -> JSONError {
        var copy = self
        copy.file = file
        return copy
    }

    public var code: String { "EJSONPARSE" }

    public var message: String {
        let place = file.map { "`\($0)` " } ?? ""
        return "\(place)is not valid JSON: \(reasonText) at line \(line), column \(column)"
    }

    /// A short description of the reason, without the position.
    public var reasonText: String {
        switch reason {
        case .unexpectedEndOfInput(let expected): "unexpected end of input, expected \(expected)"
        case .unexpectedCharacter(let found, let expected): "unexpected \(found), expected \(expected)"
        case .trailingComma: "trailing comma"
        case .invalidEscape(let escape): "invalid escape `\\\(escape)`"
        case .invalidUnicodeEscape: "invalid `\\u` escape (four hexadecimal digits are required)"
        case .controlCharacterInString(let byte): "unescaped control character U+\(hex4(byte)) in a string"
        case .invalidUTF8: "invalid UTF-8"
        case .invalidNumber(let literal): "invalid number `\(literal)`"
        case .duplicateKey(let key): "duplicate key `\(key)`"
        case .nestingTooDeep(let limit): "nesting deeper than \(limit) levels"
        case .trailingContent: "unexpected content after the JSON value"
        }
    }

    public var detail: [String] {
        guard !excerpt.isEmpty else { return [] }
        let caretColumn = min(max(excerptCaret, 0), excerpt.unicodeScalars.count)
        return [excerpt, String(repeating: " ", count: caretColumn) + "^"]
    }

    /// Where the caret goes inside `excerpt` (set by the parser alongside the excerpt).
    public var excerptCaret: Int = 0

    public var hint: String? {
        switch reason {
        case .trailingComma: "remove the comma before the closing bracket"
        case .duplicateKey(let key): "remove one of the `\(key)` members; readers disagree on which one wins"
        case .controlCharacterInString: "escape the character (for example `\\n` or `\\u0009`)"
        case .invalidUTF8: "save the file as UTF-8"
        case .nestingTooDeep: "flatten the document; no package metadata needs this depth"
        case .unexpectedEndOfInput: "check that the file was written completely"
        default: "fix the JSON syntax at the position shown"
        }
    }
}

private func hex4(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "00" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
}
