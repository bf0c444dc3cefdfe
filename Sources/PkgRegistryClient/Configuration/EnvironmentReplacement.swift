import Foundation

/// Expands `${NAME}` in `.npmrc` keys and values as npm's `env-replace.js` does.
///
/// The rule (NPM-SEMANTICS §10.5): a maximal run of backslashes followed by `${NAME}` (NAME without
/// `$`, `{`, `}`). With an even number of backslashes, half of them stay and the reference expands;
/// with an odd number, half of them (rounded down) stay and the reference stays literal, so
/// `\${X}` gives `${X}`. An unset variable stays literal (`${NAME}`), never the empty string.
public enum EnvironmentReplacement {
    public static func expand(_ text: String, environment: [String: String]) -> String {
        guard text.contains("${") else { return text }
        let characters = Array(text)
        var output = ""
        var backslashRun = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "$", index + 1 < characters.count, characters[index + 1] == "{",
               let close = closingBrace(in: characters, from: index + 2) {
                let name = String(characters[(index + 2)..<close])
                let original = "${" + name + "}"
                let value = environment[name] ?? original
                output.removeLast(backslashRun)
                if backslashRun % 2 == 1 {
                    output += String(repeating: "\\", count: backslashRun / 2) + original
                } else {
                    output += String(repeating: "\\", count: backslashRun / 2) + value
                }
                backslashRun = 0
                index = close + 1
                continue
            }
            backslashRun = character == "\\" ? backslashRun + 1 : 0
            output.append(character)
            index += 1
        }
        return output
    }

    /// The index of the `}` ending a non-empty name made of characters other than `$`, `{`, `}`.
    private static func closingBrace(in characters: [Character], from start: Int) -> Int? {
        var index = start
        while index < characters.count {
            switch characters[index] {
            case "}": return index > start ? index : nil
            case "$", "{": return nil
            default: index += 1
            }
        }
        return nil
    }
}
