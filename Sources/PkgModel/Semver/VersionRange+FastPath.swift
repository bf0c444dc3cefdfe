// The common range shapes, lowered without the regex pipeline: `1.2.3`, `=1.2.3`, `v1.2.3`,
// `<`/`<=`/`>`/`>=` versions, `^1.2.3`, `~1.2.3`, `~>1.2.3`, `*`, `x` and the empty range, in strict
// mode, as space-separated tokens of one `||` alternative.
//
// For these tokens node's rewrites are known in closed form (no trimming applies, x-range and star
// steps leave them alone), so this yields exactly the comparators `VersionRange+Parsing.swift` would.
// Anything else, or any number that would overflow, returns `nil` and takes the full pipeline, which is
// always right; the differential test covers both routes.

extension RangeParser {
    /// The comparators of one alternative made only of simple tokens, before de-duplication.
    func simpleComparators(_ part: [UInt8]) -> [Comparator]? {
        var comparators: [Comparator] = []
        var start = 0
        while start <= part.count {
            let end = part[start...].firstIndex(of: 0x20) ?? part.count
            guard appendSimple(part[start..<end], to: &comparators) else { return nil }
            start = end + 1
        }
        return comparators
    }

    private func appendSimple(_ token: ArraySlice<UInt8>, to comparators: inout [Comparator]) -> Bool {
        if token.isEmpty || (token.count == 1 && "*xX".utf8.contains(token[token.startIndex])) {
            comparators.append(.any)
            return true
        }
        var index = token.startIndex
        func take(_ character: Character) -> Bool {
            guard index < token.endIndex, token[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        enum Kind { case comparator(Comparator.Operator), caret, tilde }
        let kind: Kind
        if take("^") {
            kind = .caret
        } else if take("~") {
            _ = take(">")
            kind = .tilde
        } else if take("<") {
            kind = .comparator(take("=") ? .lessOrEqual : .less)
        } else if take(">") {
            kind = .comparator(take("=") ? .greaterOrEqual : .greater)
        } else {
            _ = take("=")
            kind = .comparator(.equal)
        }
        let versionText = token[index...]
        // Only `v?` and a full version; leading whitespace or `=` after the operator take the slow path.
        guard let first = versionText.first, first == UInt8(ascii: "v") || Version.isDigit(first),
              case .success(let version) = Version.parse(bytes: versionText, loose: false)
        else { return false }

        switch kind {
        case .comparator(let operation):
            // GTE0: exactly `>=0.0.0` (`>=0.0.0-0` with includePrerelease) is ANY.
            if operation == .greaterOrEqual, token.elementsEqual((includePrerelease ? ">=0.0.0-0" : ">=0.0.0").utf8) {
                comparators.append(.any)
            } else {
                comparators.append(Comparator(operation, version))
            }
            return true
        case .caret:
            return appendCaret(version, to: &comparators)
        case .tilde:
            guard version.minor < Version.maxSafeInteger else { return false }
            var lower = version
            lower.build = []
            appendLower(lower, to: &comparators)
            comparators.append(Comparator(.less, Version(
                major: version.major, minor: version.minor + 1, patch: 0, prerelease: [.numeric(0)])))
            return true
        }
    }

    private func appendCaret(_ version: Version, to comparators: inout [Comparator]) -> Bool {
        var lower = version
        lower.build = []
        // `-0` on the lower bound with includePrerelease, except for a prerelease or a major above 0.
        if includePrerelease && !version.isPrerelease && version.major == 0 { lower.prerelease = [.numeric(0)] }
        let upper: Version
        let zero: [PrereleaseIdentifier] = [.numeric(0)]
        if version.major != 0 {
            guard version.major < Version.maxSafeInteger else { return false }
            upper = Version(major: version.major + 1, minor: 0, patch: 0, prerelease: zero)
        } else if version.minor != 0 {
            guard version.minor < Version.maxSafeInteger else { return false }
            upper = Version(major: 0, minor: version.minor + 1, patch: 0, prerelease: zero)
        } else {
            guard version.patch < Version.maxSafeInteger else { return false }
            upper = Version(major: 0, minor: 0, patch: version.patch + 1, prerelease: zero)
        }
        appendLower(lower, to: &comparators)
        comparators.append(Comparator(.less, upper))
        return true
    }

    /// A generated `>=` bound, which GTE0 turns into ANY when it is the lowest version.
    private func appendLower(_ lower: Version, to comparators: inout [Comparator]) {
        let lowest = includePrerelease
            ? Version(major: 0, minor: 0, patch: 0, prerelease: [.numeric(0)])
            : Version(major: 0, minor: 0, patch: 0)
        comparators.append(lower == lowest ? .any : Comparator(.greaterOrEqual, lower))
    }
}
