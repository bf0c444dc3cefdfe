import Foundation

/// Parses `.npmrc` text exactly as npm's `ini` 4.1.3 `decode` does.
///
/// The pitfalls reproduced on purpose (NPM-SEMANTICS §10.3):
/// - Lines split on any run of `\r`/`\n`; lines starting (after spaces) with `;` or `#` are comments.
/// - A line is `[section]` or `key` or `key=value`; the key is everything before the first `=`.
/// - Keys and values are trimmed; a value quoted with `"…"` is JSON-decoded (kept, quotes and all,
///   when that fails); `'…'` loses its quotes and is then JSON-decoded if it can be.
/// - Unquoted, an unescaped `;` or `#` starts a comment even mid-value (`a = b ; x` gives `b`);
///   `\;`, `\#` and `\\` are escapes, any other backslash stays.
/// - `key[]=v` appends to a list; a later `key=v` also appends once the key is a list.
/// - Bare `true`, `false` and `null` become those values; a bare `key` means `true`.
public enum IniParser {
    public static func parse(_ text: String) -> [IniEntry] {
        var entries: [IniEntry] = []
        var indexByKey: [String: Int] = [:]
        var section: String?
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix(";") || trimmed.hasPrefix("#") { continue }
            if let name = sectionName(line) {
                section = unquote(name).text ?? ""
                continue
            }
            guard let first = line.first, first != "=" else { continue }
            let keyPart: Substring
            let valuePart: Substring?
            if let equals = line.firstIndex(of: "=") {
                keyPart = line[line.startIndex..<equals]
                valuePart = line[line.index(after: equals)...]
            } else {
                keyPart = line[...]
                valuePart = nil
            }
            let rawKey = unquote(String(keyPart)).text ?? "null"
            let isList = rawKey.count > 2 && rawKey.hasSuffix("[]")
            let key = isList ? String(rawKey.dropLast(2)) : rawKey
            if key == "__proto__" { continue }
            var value: IniValue = .bool(true)
            if let valuePart {
                value = unquote(String(valuePart))
                if case .string(let text) = value {
                    switch text {
                    case "true": value = .bool(true)
                    case "false": value = .bool(false)
                    case "null": value = .null
                    default: break
                    }
                }
            }
            let mapKey = (section ?? "") + "\u{0}" + key
            if let index = indexByKey[mapKey] {
                if case .list(var values) = entries[index].value {
                    values.append(value.text ?? "null")
                    entries[index].value = .list(values)
                } else if isList {
                    entries[index].value = .list([entries[index].value.text ?? "null", value.text ?? "null"])
                } else {
                    entries[index].value = value
                }
            } else {
                indexByKey[mapKey] = entries.count
                entries.append(IniEntry(section: section, key: key, value: isList ? .list([value.text ?? "null"]) : value))
            }
        }
        return entries
    }

    /// The text between `[` and `]` when the whole line is a section header (`^\[([^\]]*)\]\s*$`).
    private static func sectionName(_ line: String) -> String? {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return nil }
        let after = line[line.index(after: close)...]
        guard after.allSatisfy(\.isWhitespace) else { return nil }
        return String(line[line.index(after: line.startIndex)..<close])
    }

    /// ini's `unsafe`: trims, then either JSON-decodes a quoted value or cuts an inline comment.
    static func unquote(_ raw: String) -> IniValue {
        let value = raw.trimmingCharacters(in: .whitespaces)
        let doubleQuoted = value.hasPrefix("\"") && value.hasSuffix("\"")
        let singleQuoted = value.hasPrefix("'") && value.hasSuffix("'")
        if doubleQuoted || singleQuoted {
            var candidate = value
            if singleQuoted {
                candidate = value.count >= 2 ? String(value.dropFirst().dropLast()) : ""
            }
            return JSONScalar.parse(candidate) ?? .string(candidate)
        }
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                if character == "\\" || character == ";" || character == "#" {
                    result.append(character)
                } else {
                    result.append("\\")
                    result.append(character)
                }
                escaping = false
            } else if character == ";" || character == "#" {
                break
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        if escaping { result.append("\\") }
        return .string(result.trimmingCharacters(in: .whitespaces))
    }
}

/// The scalar subset of `JSON.parse` that quoted ini values can hold.
enum JSONScalar {
    static func parse(_ text: String) -> IniValue? {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        if text.hasPrefix("\"") {
            return decodeString(text).map(IniValue.string)
        }
        if Double(text) != nil, text.first.map({ $0 == "-" || $0.isNumber }) == true {
            return .string(text)
        }
        return nil
    }

    /// Decodes a complete JSON string literal, or `nil` when it is not one.
    static func decodeString(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" else { return nil }
        var output = String.UnicodeScalarView()
        var index = 1
        let end = scalars.count - 1
        var pendingHighSurrogate: UInt32?
        while index < end {
            let scalar = scalars[index]
            if scalar == "\"" || scalar.value < 0x20 { return nil }
            guard scalar == "\\" else {
                output.append(scalar)
                index += 1
                continue
            }
            index += 1
            guard index < end else { return nil }
            switch scalars[index] {
            case "\"": output.append("\"")
            case "\\": output.append("\\")
            case "/": output.append("/")
            case "b": output.append("\u{08}")
            case "f": output.append("\u{0C}")
            case "n": output.append("\n")
            case "r": output.append("\r")
            case "t": output.append("\t")
            case "u":
                guard index + 4 < end else { return nil }
                let hex = String(String.UnicodeScalarView(scalars[(index + 1)...(index + 4)]))
                guard hex.count == 4, let code = UInt32(hex, radix: 16) else { return nil }
                index += 4
                if (0xD800..<0xDC00).contains(code) {
                    pendingHighSurrogate = code
                    index += 1
                    continue
                }
                if (0xDC00..<0xE000).contains(code), let high = pendingHighSurrogate {
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    output.append(Unicode.Scalar(combined) ?? "\u{FFFD}")
                } else {
                    output.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                }
            default:
                return nil
            }
            pendingHighSurrogate = nil
            index += 1
        }
        return String(output)
    }
}
