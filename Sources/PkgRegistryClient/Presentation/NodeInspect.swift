// node's `util.inspect`, as `npm view <pkg> <field>` prints a non-string value (depth 5, no colour,
// every array item, node's defaults otherwise: `breakLength` 80, `compact` 3).
//
// The layout rules reproduced here, because they decide line breaks byte for byte:
// - An object or array goes on one line (`{ a: 1 }`, `[ 'x', 'y' ]`) when it holds at most
//   `compact` (3) levels of nesting below it (node tracks the depth of the *last* non-empty child
//   formatted, `currentDepth`) and the entries, with separators and indentation, fit in 80.
// - Arrays of more than 6 items are grouped into aligned columns (node's `groupArrayElements`):
//   about as many columns as make a square of 2.5:1 characters, at most 15 and at most 12
//   (`compact * 4`); then printed one row per line.
// - Keys are bare when they look like identifiers, else quoted like strings. Strings use single
//   quotes unless they contain one: then double quotes, then backticks.
// - A string longer than 16 characters and wider than the space left is split after each `\n`
//   into `'line\n' +` pieces.
// - Empty objects and arrays are `{}` and `[]` at any depth; deeper than 5 is `[Object]`/`[Array]`.
import PkgModel

/// Formats JSON values exactly as node's `util.inspect(value, { depth: 5, maxArrayLength: null })`.
public struct NodeInspect: Sendable {
    /// node's `depth` option: containers nested deeper print as `[Object]` / `[Array]`.
    public var depth: Int = 5
    /// node's `breakLength`.
    public var breakLength: Int = 80
    /// node's `compact` (the number of inner levels combined on one line).
    public var compact: Int = 3

    public init(depth: Int = 5) {
        self.depth = depth
    }

    /// The inspected text of `value`.
    public func format(_ value: JSONValue) -> String {
        var context = Context()
        return format(value, recurseTimes: 0, context: &context)
    }

    struct Context {
        var indentationLevel = 0
        var currentDepth = 0
    }

    private func format(_ value: JSONValue, recurseTimes: Int, context: inout Context) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            let double = number.doubleValue
            if double == 0 && double.sign == .minus { return "-0" }
            return JSONNumber(double)?.literal ?? number.literal
        case .string(let text): return formatString(text, context: context)
        case .array(let items):
            if items.isEmpty { return "[]" }
            if recurseTimes > depth { return "[Array]" }
            let recurse = recurseTimes + 1
            context.currentDepth = recurse
            var output: [String] = []
            for item in items {
                context.indentationLevel += 2
                output.append(format(item, recurseTimes: recurse, context: &context))
                context.indentationLevel -= 2
            }
            return reduceToSingleString(output, braces: ("[", "]"), isArray: true, recurseTimes: recurse, items: items, context: context)
        case .object(let object):
            if object.isEmpty { return "{}" }
            if recurseTimes > depth { return "[Object]" }
            let recurse = recurseTimes + 1
            context.currentDepth = recurse
            var output: [String] = []
            for (key, item) in object {
                context.indentationLevel += 2
                let text = format(item, recurseTimes: recurse, context: &context)
                context.indentationLevel -= 2
                output.append("\(Self.formatKey(key)): \(text)")
            }
            return reduceToSingleString(output, braces: ("{", "}"), isArray: false, recurseTimes: recurse, items: [], context: context)
        }
    }

    private func formatString(_ text: String, context: Context) -> String {
        let length = text.utf16.count
        if length > 16 && length > breakLength - context.indentationLevel - 4 {
            var pieces: [String] = []
            var current = ""
            for character in text {
                current.append(character)
                if character == "\n" || character == "\r\n" {
                    pieces.append(current)
                    current = ""
                }
            }
            if !current.isEmpty || pieces.isEmpty { pieces.append(current) }
            let separator = " +\n" + String(repeating: " ", count: context.indentationLevel + 2)
            return pieces.map(Self.quote).joined(separator: separator)
        }
        return Self.quote(text)
    }

    private func reduceToSingleString(
        _ entries: [String], braces: (String, String), isArray: Bool, recurseTimes: Int, items: [JSONValue], context: Context
    ) -> String {
        var output = entries
        if isArray && entries.count > 6 {
            output = groupArrayElements(entries, items: items, context: context)
        }
        if context.currentDepth - recurseTimes < compact && entries.count == output.count {
            let start = output.count + context.indentationLevel + braces.0.count + 10
            if isBelowBreakLength(output, start: start) {
                let joined = output.joined(separator: ", ")
                if !joined.contains("\n") {
                    return "\(braces.0) \(joined) \(braces.1)"
                }
            }
        }
        let indentation = "\n" + String(repeating: " ", count: context.indentationLevel)
        return "\(braces.0)\(indentation)  \(output.joined(separator: ",\(indentation)  "))\(indentation)\(braces.1)"
    }

    private func isBelowBreakLength(_ output: [String], start: Int) -> Bool {
        var total = output.count + start
        if total + output.count > breakLength { return false }
        for entry in output {
            total += entry.utf16.count
            if total > breakLength { return false }
        }
        return true
    }

    private func groupArrayElements(_ output: [String], items: [JSONValue], context: Context) -> [String] {
        let separatorSpace = 2
        let lengths = output.map(\.utf16.count)
        let totalLength = lengths.reduce(0) { $0 + $1 + separatorSpace }
        let maxLength = lengths.max() ?? 0
        let actualMax = maxLength + separatorSpace
        guard actualMax * 3 + context.indentationLevel < breakLength,
              Double(totalLength) / Double(actualMax) > 5 || maxLength <= 6
        else { return output }
        let averageBias = (Double(actualMax) - Double(totalLength) / Double(output.count)).squareRoot()
        let biasedMax = max(Double(actualMax) - 3 - averageBias, 1)
        let columns = min(
            Int((2.5 * biasedMax * Double(output.count)).squareRoot() / biasedMax + 0.5),
            (breakLength - context.indentationLevel) / actualMax,
            compact * 4,
            15
        )
        guard columns > 1 else { return output }
        var maxLineLength: [Int] = []
        for column in 0..<columns {
            var lineLength = 0
            for index in stride(from: column, to: output.count, by: columns) where lengths[index] > lineLength {
                lineLength = lengths[index]
            }
            maxLineLength.append(lineLength + separatorSpace)
        }
        // Numbers are right-aligned, anything else left-aligned.
        let padStart = items.allSatisfy { if case .number = $0 { true } else { false } }
        var rows: [String] = []
        for rowStart in stride(from: 0, to: output.count, by: columns) {
            let rowEnd = min(rowStart + columns, output.count)
            var line = ""
            for index in rowStart..<(rowEnd - 1) {
                let cell = output[index] + ", "
                line += Self.pad(cell, to: maxLineLength[index - rowStart], atStart: padStart)
            }
            let last = rowEnd - 1
            if padStart {
                line += Self.pad(output[last], to: maxLineLength[last - rowStart] - separatorSpace, atStart: true)
            } else {
                line += output[last]
            }
            rows.append(line)
        }
        return rows
    }

    private static func pad(_ text: String, to width: Int, atStart: Bool) -> String {
        let missing = width - text.utf16.count
        guard missing > 0 else { return text }
        let padding = String(repeating: " ", count: missing)
        return atStart ? padding + text : text + padding
    }

    /// A key as node prints it: bare when it is an identifier (`/^[a-zA-Z_][a-zA-Z_0-9]*$/`).
    static func formatKey(_ key: String) -> String {
        var isIdentifier = !key.isEmpty
        for (offset, byte) in key.utf8.enumerated() {
            let letter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
            let digit = byte >= 0x30 && byte <= 0x39
            if !(letter || (digit && offset > 0)) { isIdentifier = false; break }
        }
        return isIdentifier ? key : quote(key)
    }

    /// node's `strEscape`: single quotes by preference, control characters as `\n` or `\xNN`.
    static func quote(_ text: String) -> String {
        var quote: Character = "'"
        if text.contains("'") {
            if !text.contains("\"") {
                quote = "\""
            } else if !text.contains("`") && !text.contains("${") {
                quote = "`"
            }
        }
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x08: result += "\\b"
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0C: result += "\\f"
            case 0x0D: result += "\\r"
            case 0x27 where quote == "'": result += "\\'"
            case 0x5C: result += "\\\\"
            case 0x00...0x1F, 0x7F...0x9F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            default: result.unicodeScalars.append(scalar)
            }
        }
        result.append(quote)
        return result
    }
}
