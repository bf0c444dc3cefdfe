// One line of an ignore file, matched with minimatch 9's semantics under the options ignore-walk
// uses (`matchBase`, `dot`, `flipNegate`, `nocase`).
//
// Pitfalls kept on purpose because npm has them:
// - Leading `!`s are counted: an odd count negates (`!!x` is a plain exclude of `x`).
// - `matchBase`: a pattern with one path part (no `/`) is compared with the path's last non-empty part.
// - A lone `*` part never matches an empty part, so `a/` does not match `a/*`.
// - `**` matches zero or more parts; `dot` lets it and `*` match names starting with `.`.
// - `partial` matching succeeds when the path runs out before the pattern (a folder that may
//   still hold a match), which is how `!lib/a.js` gets `lib` walked.
// - Runs of `/` count as one (`./lib/` in `files` becomes `!/lib//**`).
// - Braces are expanded first (`/readme{,.*[^~$]}`); `..` parts are folded as minimatch's level-one
//   optimisation does; extglobs (`+(a|b)`) are not supported and match literally.

import Foundation

/// A compiled ignore-file line.
struct IgnoreRule: Sendable {
    /// One part of a pattern between slashes.
    enum Part: Sendable {
        case literal(String)
        case pattern(String)
        case globstar
    }

    let source: String
    let negate: Bool
    /// The brace-expanded alternatives, each split on `/` (minimatch's `globParts`).
    let globParts: [[String]]
    private let set: [[Part]]

    init(_ line: String) {
        source = line
        var body = Substring(line)
        var bangs = 0
        while body.first == "!" {
            bangs += 1
            body = body.dropFirst()
        }
        negate = bangs % 2 == 1
        let alternatives = Self.expandBraces(String(body))
        var seen: Set<String> = []
        var parts: [[String]] = []
        for alternative in alternatives where seen.insert(alternative).inserted {
            parts.append(Self.optimize(Self.slashSplit(alternative)))
        }
        globParts = parts
        set = parts.map { $0.map(Self.compile) }
    }

    /// Whether the rule's pattern (ignoring its negation) matches `path`.
    func matches(_ path: String, partial: Bool = false) -> Bool {
        let file = Self.slashSplit(path)
        let filename = file.last(where: { !$0.isEmpty }) ?? ""
        for pattern in set {
            let subject = pattern.count == 1 ? [filename] : file
            if Self.matchOne(subject[...], pattern[...], partial: partial) { return true }
        }
        return false
    }

    /// minimatch's `slashSplit`: runs of `/` count as one, so `lib//**` is `lib/**`.
    static func slashSplit(_ text: String) -> [String] {
        var parts = [""]
        var previousWasSlash = false
        for character in text {
            if character == "/" {
                if !previousWasSlash { parts.append("") }
                previousWasSlash = true
            } else {
                parts[parts.count - 1].append(character)
                previousWasSlash = false
            }
        }
        return parts
    }

    /// ignore-walk's `isRelativeRule`: some alternative has one part, or one part and a trailing `/`.
    var isRelative: Bool {
        globParts.contains { parts in parts.count <= ((parts.last?.isEmpty == false) ? 1 : 2) }
    }

    private static func matchOne(_ file: ArraySlice<String>, _ pattern: ArraySlice<Part>, partial: Bool) -> Bool {
        var fileIndex = file.startIndex
        var patternIndex = pattern.startIndex
        while fileIndex < file.endIndex && patternIndex < pattern.endIndex {
            let part = file[fileIndex]
            switch pattern[patternIndex] {
            case .globstar:
                let rest = pattern.index(after: patternIndex)
                if rest == pattern.endIndex {
                    return !file[fileIndex...].contains { $0 == "." || $0 == ".." }
                }
                var swallow = fileIndex
                while swallow < file.endIndex {
                    if matchOne(file[swallow...], pattern[rest...], partial: partial) { return true }
                    if file[swallow] == "." || file[swallow] == ".." { break }
                    swallow += 1
                }
                return partial && swallow == file.endIndex
            case .literal(let literal):
                guard part.lowercased() == literal else { return false }
            case .pattern(let expression):
                guard matchesExpression(expression, part) else { return false }
            }
            fileIndex += 1
            patternIndex += 1
        }
        if fileIndex == file.endIndex && patternIndex == pattern.endIndex { return true }
        if fileIndex == file.endIndex { return partial }
        return fileIndex == file.endIndex - 1 && file[fileIndex].isEmpty
    }

    private static func matchesExpression(_ expression: String, _ part: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: expression, options: [.caseInsensitive]) else { return false }
        let range = NSRange(part.startIndex..., in: part)
        return regex.firstMatch(in: part, options: [], range: range) != nil
    }

    /// minimatch's level-one optimisation: collapse adjacent `**`, fold `x/..`.
    private static func optimize(_ parts: [String]) -> [String] {
        var result: [String] = []
        for part in parts {
            let previous = result.last
            if part == "**" && previous == "**" { continue }
            if part == "..", let previous, previous != "..", previous != ".", previous != "**" {
                result.removeLast()
                continue
            }
            result.append(part)
        }
        return result.isEmpty ? [""] : result
    }

    private static func compile(_ part: String) -> Part {
        if part == "**" { return .globstar }
        var expression = ""
        var magic = false
        var onlyStars = !part.isEmpty
        var characters = Array(part)[...]
        while let character = characters.popFirst() {
            if character != "*" { onlyStars = false }
            switch character {
            case "*":
                magic = true
                if !expression.hasSuffix("[^/]*?") { expression += "[^/]*?" }
            case "?":
                magic = true
                expression += "[^/]"
            case "\\":
                if let next = characters.popFirst() { expression += NSRegularExpression.escapedPattern(for: String(next)) }
            case "[":
                if let (classExpression, rest) = characterClass(characters) {
                    magic = true
                    expression += classExpression
                    characters = rest
                } else {
                    expression += "\\["
                }
            default:
                expression += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        if !magic { return .literal(unescape(part).lowercased()) }
        // A part that is only stars must match at least one character, and never `.` or `..`.
        let guardPrefix = onlyStars ? "(?=.)(?!\\.{1,2}$)" : "(?!\\.{1,2}$)"
        return .pattern("^" + guardPrefix + expression + "$")
    }

    private static func unescape(_ part: String) -> String {
        var result = ""
        var escaped = false
        for character in part {
            if character == "\\" && !escaped { escaped = true; continue }
            escaped = false
            result.append(character)
        }
        return result
    }

    /// A `[...]` class after its `[`; `nil` when it is not closed (then `[` is literal).
    private static func characterClass(_ characters: ArraySlice<Character>) -> (String, ArraySlice<Character>)? {
        var rest = characters
        var body = ""
        var first = true
        if rest.first == "!" || rest.first == "^" {
            body += "^"
            rest = rest.dropFirst()
        }
        while let character = rest.popFirst() {
            if character == "]" && !first { return ("[" + body + "]", rest) }
            first = false
            switch character {
            case "\\", "[", "^", "&", "~": body += "\\" + String(character)
            case "/": return nil
            default: body.append(character)
            }
        }
        return nil
    }

    /// Bash-style brace expansion as minimatch's `braceExpand` does it (comma lists, nested).
    static func expandBraces(_ pattern: String) -> [String] {
        let characters = Array(pattern)
        var depth = 0
        var open: Int?
        var commas: [Int] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\" { index += 2; continue }
            if character == "{" {
                if depth == 0 { open = index; commas = [] }
                depth += 1
            } else if character == "}" && depth > 0 {
                depth -= 1
                if depth == 0, let start = open {
                    if commas.isEmpty {
                        // `{x}` is literal; keep scanning after it.
                        open = nil
                    } else {
                        let prefix = String(characters[..<start])
                        let suffixes = expandBraces(String(characters[(index + 1)...]))
                        let bounds = [start] + commas + [index]
                        var results: [String] = []
                        for position in 0..<(bounds.count - 1) {
                            let option = String(characters[(bounds[position] + 1)..<bounds[position + 1]])
                            for expanded in expandBraces(option) {
                                for suffix in suffixes { results.append(prefix + expanded + suffix) }
                            }
                        }
                        return results
                    }
                }
            } else if character == "," && depth == 1 {
                commas.append(index)
            }
            index += 1
        }
        return [pattern]
    }
}
