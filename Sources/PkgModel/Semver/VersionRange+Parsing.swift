// Lowering range text to comparator sets: node-semver's `Range` constructor and `parseRange`, step by step.
//
// node rewrites the text with a fixed sequence of regex replacements, then parses what is left as
// comparators. Odd inputs depend on the exact order and on each pattern's backtracking, so this file
// follows the same steps on the same intermediate text (patterns in `SemverGrammar.swift`):
//
//  1. collapse whitespace; split on `||`; trim each alternative
//  2. hyphen range `A - B`            → `>=A <=B` (or `<B+1-0` forms for partial B)
//  3. `> 1.2.3`                        → `>1.2.3`        (COMPARATORTRIM, every match)
//  4. `~ 1`, `~> 1`, `^ 1`             → `~1`, `~1`, `^1` (note: `~> ` loses its `>`)
//  5. per space-separated token: caret, tilde, x-range, then remove the first `*`
//  6. per resulting token: `>=0.0.0` (or `>=0.0.0-0` with includePrerelease) becomes ANY
//  7. loose: drop tokens that are not comparators; parse the rest (a failure fails the range)
//  8. a `<0.0.0-0` comparator makes the whole set just that; ANY is dropped when others exist
//
// Numbers computed on the way (`^1.2.3` → `<2.0.0-0`) go through JavaScript doubles, so a bound past
// 2^53 - 1 fails the range and one past 1e21 prints as `1e+21` and stops being a comparator.

struct RangeParser {
    let loose: Bool
    let includePrerelease: Bool

    private typealias Grammar = SemverGrammar
    private static let space: [UInt8] = [0x20]

    /// The comparator sets of `text`, or `nil` where node throws.
    func parse(_ text: String) -> [[Comparator]]? {
        let raw = JavaScriptText.collapseWhitespace(text)
        var sets: [[Comparator]] = []
        for part in JavaScriptText.split(raw[...], on: Array("||".utf8)) {
            guard let set = parseSet(Array(JavaScriptText.trim(part))) else { return nil }
            if !set.isEmpty { sets.append(set) }
        }
        guard let first = sets.first else { return nil }
        if sets.count > 1 {
            sets = sets.filter { !RangeParser.isNullSet($0[0]) }
            if sets.isEmpty {
                sets = [first]
            } else if sets.count > 1, let any = sets.first(where: { $0.count == 1 && $0[0].isAny }) {
                sets = [any]
            }
        }
        return sets
    }

    static func isNullSet(_ comparator: Comparator) -> Bool {
        comparator.operator == .less && comparator.version == Comparator.none.version
    }

    /// node's `parseRange` for one `||` alternative; `nil` where node throws.
    private func parseSet(_ input: [UInt8]) -> [Comparator]? {
        if !loose, let comparators = simpleComparators(input) { return RangeParser.deduplicated(comparators) }
        var range = input
        let hyphen = loose ? Grammar.hyphenRangeLoose : Grammar.hyphenRangeStrict
        if let found = hyphen.match(range) {
            range = hyphenReplacement(found, in: range)
        }
        range = Grammar.comparatorTrim.replace(in: range, global: true) { found in
            Array(found.group(1, in: range) ?? []) + Array(found.group(2, in: range) ?? [])
                + Array(found.group(3, in: range) ?? [])
        }
        range = Grammar.tildeTrim.replace(in: range, global: true) { found in
            Array(found.group(1, in: range) ?? []) + Array("~".utf8)
        }
        range = Grammar.caretTrim.replace(in: range, global: true) { found in
            Array(found.group(1, in: range) ?? []) + Array("^".utf8)
        }

        let lowered = JavaScriptText.split(range[...], on: RangeParser.space).map { lowerToken(Array($0)) }
        var tokens = JavaScriptText.splitOnWhitespace(JavaScriptText.join(lowered)[...]).map { token -> [UInt8] in
            let trimmed = Array(JavaScriptText.trim(token))
            let zero = includePrerelease ? Grammar.greaterOrEqualZeroPrerelease : Grammar.greaterOrEqualZeroRelease
            return zero.match(trimmed) == nil ? trimmed : []
        }
        if loose {
            tokens = tokens.filter { Grammar.comparatorLoose.match($0) != nil }
        }

        var comparators: [Comparator] = []
        for token in tokens {
            guard let comparator = Comparator.parse(token, loose: loose) else { return nil }
            comparators.append(comparator)
        }
        return RangeParser.deduplicated(comparators)
    }

    /// Step 8: a null-set comparator stands alone; duplicates (by printed value) keep the first place and
    /// the last comparator; ANY goes when anything else is left.
    static func deduplicated(_ comparators: [Comparator]) -> [Comparator] {
        var unique: [Comparator] = []
        var indexByValue: [String: Int] = [:]
        for comparator in comparators {
            if RangeParser.isNullSet(comparator) { return [comparator] }
            let value = comparator.description
            if let index = indexByValue[value] {
                unique[index] = comparator
            } else {
                indexByValue[value] = unique.count
                unique.append(comparator)
            }
        }
        if unique.count > 1, let anyIndex = indexByValue[""] {
            unique.remove(at: anyIndex)
        }
        return unique
    }

    /// node's `parseComparator`: carets, tildes, x-ranges, then stars, on one token.
    private func lowerToken(_ token: [UInt8]) -> [UInt8] {
        var text = token
        text = mapTokens(trimmed: true, text) { replaceAnchored(loose ? Grammar.caretLoose : Grammar.caretStrict, $0, caret) }
        text = mapTokens(trimmed: true, text) { replaceAnchored(loose ? Grammar.tildeLoose : Grammar.tildeStrict, $0, tilde) }
        text = mapTokens(trimmed: false, text) {
            let trimmed = Array(JavaScriptText.trim($0[...]))
            return replaceAnchored(loose ? Grammar.xRangeLoose : Grammar.xRangeStrict, trimmed, xRange)
        }
        let trimmed = Array(JavaScriptText.trim(text[...]))
        return Grammar.star.replace(in: trimmed, global: false) { _ in [] }
    }

    /// `text[.trim()].split(/\s+/).map(transform).join(' ')`.
    private func mapTokens(trimmed: Bool, _ text: [UInt8], _ transform: ([UInt8]) -> [UInt8]) -> [UInt8] {
        let source = trimmed ? JavaScriptText.trim(text[...]) : text[...]
        return JavaScriptText.join(JavaScriptText.splitOnWhitespace(source).map { transform(Array($0)) })
    }

    /// `text.replace(anchoredPattern, function)`.
    private func replaceAnchored(
        _ pattern: SemverPattern, _ text: [UInt8], _ replacement: (SemverMatch, [UInt8]) -> [UInt8]
    ) -> [UInt8] {
        guard let found = pattern.match(text) else { return text }
        return replacement(found, text) + text[found.end...]
    }
}

// The replacement functions, one per rewrite, as in node's `range.js`.
extension RangeParser {
    private static func isX(_ identifier: ArraySlice<UInt8>?) -> Bool {
        guard let identifier, identifier.count == 1 else { return identifier?.isEmpty ?? true }
        let byte = identifier[identifier.startIndex]
        return byte == UInt8(ascii: "x") || byte == UInt8(ascii: "X") || byte == UInt8(ascii: "*")
    }

    private static func isZero(_ identifier: ArraySlice<UInt8>?) -> Bool {
        identifier?.elementsEqual([UInt8(ascii: "0")]) ?? false
    }

    private static func plusOne(_ identifier: ArraySlice<UInt8>?) -> [UInt8] {
        JavaScriptText.incremented(identifier ?? [])
    }

    /// Builds text from pieces: strings and captured bytes.
    private static func text(_ pieces: [any BytePiece]) -> [UInt8] {
        var output: [UInt8] = []
        for piece in pieces { output += piece.semverBytes }
        return output
    }

    private func hyphenReplacement(_ found: SemverMatch, in text: [UInt8]) -> [UInt8] {
        func group(_ index: Int) -> ArraySlice<UInt8>? { found.group(index, in: text) }
        let zeroSuffix = includePrerelease ? "-0" : ""
        let from: [UInt8]
        if RangeParser.isX(group(2)) {
            from = []
        } else if RangeParser.isX(group(3)) {
            from = RangeParser.text([">=", group(2), ".0.0", zeroSuffix])
        } else if RangeParser.isX(group(4)) {
            from = RangeParser.text([">=", group(2), ".", group(3), ".0", zeroSuffix])
        } else if group(5) != nil {
            from = RangeParser.text([">=", group(1)])
        } else {
            from = RangeParser.text([">=", group(1), zeroSuffix])
        }
        let to: [UInt8]
        if RangeParser.isX(group(8)) {
            to = []
        } else if RangeParser.isX(group(9)) {
            to = RangeParser.text(["<", RangeParser.plusOne(group(8)), ".0.0-0"])
        } else if RangeParser.isX(group(10)) {
            to = RangeParser.text(["<", group(8), ".", RangeParser.plusOne(group(9)), ".0-0"])
        } else if let prerelease = group(11) {
            to = RangeParser.text(["<=", group(8), ".", group(9), ".", group(10), "-", prerelease])
        } else if includePrerelease {
            to = RangeParser.text(["<", group(8), ".", group(9), ".", RangeParser.plusOne(group(10)), "-0"])
        } else {
            to = RangeParser.text(["<=", group(7)])
        }
        return Array(JavaScriptText.trim((from + RangeParser.space + to)[...]))
    }

    private func caret(_ found: SemverMatch, _ text: [UInt8]) -> [UInt8] {
        let major = found.group(1, in: text), minor = found.group(2, in: text)
        let patch = found.group(3, in: text), prerelease = found.group(4, in: text)
        let zeroSuffix = includePrerelease ? "-0" : ""
        typealias P = RangeParser
        if P.isX(major) { return [] }
        if P.isX(minor) { return P.text([">=", major, ".0.0", zeroSuffix, " <", P.plusOne(major), ".0.0-0"]) }
        if P.isX(patch) {
            if P.isZero(major) {
                return P.text([">=", major, ".", minor, ".0", zeroSuffix, " <", major, ".", P.plusOne(minor), ".0-0"])
            }
            return P.text([">=", major, ".", minor, ".0", zeroSuffix, " <", P.plusOne(major), ".0.0-0"])
        }
        let lower: [any BytePiece] = prerelease != nil
            ? [">=", major, ".", minor, ".", patch, "-", prerelease]
            : [">=", major, ".", minor, ".", patch]
        if P.isZero(major) {
            let suffix: [any BytePiece] = prerelease != nil ? [] : [zeroSuffix]
            if P.isZero(minor) {
                return P.text(lower + suffix + [" <", major, ".", minor, ".", P.plusOne(patch), "-0"])
            }
            return P.text(lower + suffix + [" <", major, ".", P.plusOne(minor), ".0-0"])
        }
        return P.text(lower + [" <", P.plusOne(major), ".0.0-0"])
    }

    private func tilde(_ found: SemverMatch, _ text: [UInt8]) -> [UInt8] {
        let major = found.group(1, in: text), minor = found.group(2, in: text)
        let patch = found.group(3, in: text), prerelease = found.group(4, in: text)
        typealias P = RangeParser
        if P.isX(major) { return [] }
        if P.isX(minor) { return P.text([">=", major, ".0.0 <", P.plusOne(major), ".0.0-0"]) }
        if P.isX(patch) { return P.text([">=", major, ".", minor, ".0 <", major, ".", P.plusOne(minor), ".0-0"]) }
        if let prerelease {
            return P.text([">=", major, ".", minor, ".", patch, "-", prerelease, " <", major, ".", P.plusOne(minor), ".0-0"])
        }
        return P.text([">=", major, ".", minor, ".", patch, " <", major, ".", P.plusOne(minor), ".0-0"])
    }

    private func xRange(_ found: SemverMatch, _ text: [UInt8]) -> [UInt8] {
        typealias P = RangeParser
        var operatorText = String(decoding: found.group(1, in: text) ?? [], as: UTF8.self)
        var major: [UInt8] = Array(found.group(2, in: text) ?? [])
        let minorGroup = found.group(3, in: text), patchGroup = found.group(4, in: text)
        let anyMajor = P.isX(found.group(2, in: text))
        let anyMinor = anyMajor || P.isX(minorGroup)
        let anyPatch = anyMinor || P.isX(patchGroup)
        if operatorText == "=" && anyPatch { operatorText = "" }
        var suffix = includePrerelease ? "-0" : ""

        if anyMajor {
            return operatorText == ">" || operatorText == "<" ? Array("<0.0.0-0".utf8) : Array("*".utf8)
        }
        if !operatorText.isEmpty && anyPatch {
            var minor: [UInt8] = anyMinor ? Array("0".utf8) : Array(minorGroup ?? [])
            var patch: [UInt8] = Array("0".utf8)
            if operatorText == ">" {
                operatorText = ">="
                if anyMinor {
                    major = JavaScriptText.incremented(major[...])
                    minor = Array("0".utf8)
                } else {
                    minor = JavaScriptText.incremented(minor[...])
                }
                patch = Array("0".utf8)
            } else if operatorText == "<=" {
                operatorText = "<"
                if anyMinor {
                    major = JavaScriptText.incremented(major[...])
                } else {
                    minor = JavaScriptText.incremented(minor[...])
                }
            }
            if operatorText == "<" { suffix = "-0" }
            return P.text([operatorText, major, ".", minor, ".", patch, suffix])
        }
        if anyMinor {
            return P.text([">=", major, ".0.0", suffix, " <", JavaScriptText.incremented(major[...]), ".0.0-0"])
        }
        if anyPatch {
            return P.text([">=", major, ".", minorGroup, ".0", suffix, " <", major, ".", P.plusOne(minorGroup), ".0-0"])
        }
        return text
    }
}

/// A piece of replacement text: a literal or captured bytes.
protocol BytePiece { var semverBytes: [UInt8] { get } }
extension String: BytePiece { var semverBytes: [UInt8] { Array(utf8) } }
extension Array: BytePiece where Element == UInt8 { var semverBytes: [UInt8] { self } }
extension ArraySlice: BytePiece where Element == UInt8 { var semverBytes: [UInt8] { Array(self) } }
extension Optional: BytePiece where Wrapped == ArraySlice<UInt8> { var semverBytes: [UInt8] { self.map(Array.init) ?? [] } }
