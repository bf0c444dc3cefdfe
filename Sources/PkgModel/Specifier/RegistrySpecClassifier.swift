// TEMPORARY (until the semver module lands in Sources/PkgModel/Semver): decides whether a registry
// spec is an exact version, a range or a dist-tag, as npm-package-arg does with
// `semver.valid(spec, true)` and `semver.validRange(spec, true)`.
//
// This is a grammar check only, written to classify, not to evaluate: it accepts what node-semver's
// loose version and range grammars accept for common inputs (`v`/`=` prefixes, x-ranges, `~ ^ < <=
// > >= =`, hyphen ranges, `||`, prerelease and build), but does not enforce the numeric limits
// (MAX_SAFE_INTEGER, 256 characters). Replace `isVersion`/`isRange` with `Version.parse(…, loose:)`
// and `VersionRange(…, loose:)` once they exist; DependencySpecifierTests' node differential test
// guards the switch.

enum RegistrySpecClassifier {
    /// node-semver's LOOSE full version: `[v=\s]*` major.minor.patch, optional `-`? prerelease, `+build`.
    static func isVersion(_ text: String) -> Bool {
        var scalars = Substring(text.trimmingJavaScriptWhitespace())
        while let first = scalars.first, first == "v" || first == "=" || first == " " || first == "\t" {
            scalars = scalars.dropFirst()
        }
        guard let (rest, count) = numericParts(scalars), count == 3 else { return false }
        return prereleaseAndBuild(rest, looseDash: true)
    }

    /// node-semver's loose range grammar: comparator sets joined by `||`.
    static func isRange(_ text: String) -> Bool {
        let trimmed = text.trimmingJavaScriptWhitespace()
        // Loose mode drops the `||` sets it cannot read; the range is valid if any set remains.
        return trimmed.split(separator: "||", omittingEmptySubsequences: false).contains { set in
            isComparatorSet(String(set).trimmingJavaScriptWhitespace())
        }
    }

    /// Loose mode drops comparators it cannot read, so a set is valid when it is empty (`""`, the
    /// halves of `1 ||`) or when at least one of its comparators is valid: `1.2.3 junk` is a range.
    private static func isComparatorSet(_ text: String) -> Bool {
        if text.isEmpty { return true }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if tokens.count == 3, tokens[1] == "-", isPartial(tokens[0]), isPartial(tokens[2]) {
            return true  // hyphen range `1.2 - 2`
        }
        var index = 0
        while index < tokens.count {
            var token = tokens[index]
            // An operator may be separated from its version by spaces: `>= 1.2.3`, `~ 1`.
            if ["<", "<=", ">", ">=", "=", "~", "~>", "^"].contains(token), index + 1 < tokens.count {
                token += tokens[index + 1]
                index += 1
            }
            if isComparator(token) { return true }
            index += 1
        }
        return false
    }

    private static func isComparator(_ token: String) -> Bool {
        var rest = Substring(token)
        for prefix in ["<=", ">=", "~>", "<", ">", "=", "~", "^"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        while rest.first == "=" || rest.first == "v" { rest = rest.dropFirst() }
        return isPartial(String(rest))
    }

    /// `1`, `1.2`, `1.x`, `*`, `1.2.3-pre+build` (after an optional `v`/`=`).
    private static func isPartial(_ text: String) -> Bool {
        var rest = Substring(text)
        while rest.first == "v" || rest.first == "=" { rest = rest.dropFirst() }
        var parts = 0
        while true {
            guard let first = rest.first else { return parts > 0 }
            if first == "x" || first == "X" || first == "*" {
                rest = rest.dropFirst()
            } else if first.isASCII, first.isNumber {
                rest = rest.drop(while: { $0.isASCII && $0.isNumber })
            } else {
                return false
            }
            parts += 1
            if parts == 3 || rest.first != "." { break }
            rest = rest.dropFirst()
            guard let next = rest.first, next == "x" || next == "X" || next == "*" || (next.isASCII && next.isNumber) else {
                return false  // `1.` is not a version
            }
        }
        if rest.isEmpty { return true }
        return parts == 3 && prereleaseAndBuild(rest, looseDash: true)
    }

    private static func numericParts(_ text: Substring) -> (Substring, Int)? {
        var rest = text
        var count = 0
        while count < 3 {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
            count += 1
            if count < 3 {
                guard rest.first == "." else { return nil }
                rest = rest.dropFirst()
            }
        }
        return (rest, count)
    }

    /// `-?` prerelease identifiers (`[A-Za-z0-9-]+`, dot-separated) then optional `+build`. In
    /// loose mode the dash is optional and `-` is itself an identifier, so `1.2.3-` is a version.
    private static func prereleaseAndBuild(_ text: Substring, looseDash: Bool) -> Bool {
        let plus = text.firstIndex(of: "+") ?? text.endIndex
        let prerelease = text[..<plus]
        if plus < text.endIndex {
            guard areIdentifiers(text[text.index(after: plus)...]) else { return false }
        }
        if prerelease.isEmpty { return true }
        if areIdentifiers(prerelease) { return looseDash || prerelease.first == "-" }
        return prerelease.first == "-" && areIdentifiers(prerelease.dropFirst())
    }

    private static func areIdentifiers(_ text: Substring) -> Bool {
        !text.isEmpty && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}

extension String {
    /// `String.prototype.trim`: npm-package-arg trims registry specs with it.
    func trimmingJavaScriptWhitespace() -> String {
        let scalars = Array(unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, PackageName.isJavaScriptWhitespace(scalars[start]) { start += 1 }
        while end > start, PackageName.isJavaScriptWhitespace(scalars[end - 1]) { end -= 1 }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[start..<end])
        return result
    }
}
