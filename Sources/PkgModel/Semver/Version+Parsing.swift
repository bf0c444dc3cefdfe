// Reading a version by hand over UTF-8 bytes, equivalent to node-semver's FULL and LOOSE patterns.
//
// strict: `^v?N.N.N(-ID(.ID)*)?(+BUILD(.BUILD)*)?$` where N is `0` or digits without a leading zero and
//         ID is such a number or digits, a letter or `-`, then letters, digits and `-`.
// loose:  `^[v=\s]*D.D.D(-?ID(.ID)*)?(+BUILD(.BUILD)*)?$` where D is any digits and ID may be any digits.
//         The patch digits give back digits to the prerelease when the rest would not match otherwise
//         (`1.2.34.5` is patch 3, prerelease `4.5`), and `-?` gives back its hyphen (`1.2.3-` has the
//         prerelease `-`), which is what the regex engine's backtracking does.

enum VersionParseFailure: Error {
    case tooLong
    case invalid
    case numberTooLarge(component: String)

    func error(for text: String, loose: Bool) -> SemverError {
        switch self {
        case .tooLong: .versionTooLong(text)
        case .invalid: .invalidVersion(text, loose: loose)
        case .numberTooLarge(let component): .numberTooLarge(text, component: component)
        }
    }
}

extension Version {
    private static let zero = UInt8(ascii: "0")
    private static let nine = UInt8(ascii: "9")

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

    @inline(__always)
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= zero && byte <= nine) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || byte == UInt8(ascii: "-")
    }

    /// `new SemVer(text, { loose })`.
    static func parse(bytes: ArraySlice<UInt8>, loose: Bool) -> Result<Version, VersionParseFailure> {
        if bytes.count > maxLength, JavaScriptText.utf16Length(bytes) > maxLength { return .failure(.tooLong) }
        let text = JavaScriptText.trim(bytes)
        var index = text.startIndex
        let end = text.endIndex

        // Prefix.
        if loose {
            while index < end {
                if text[index] == UInt8(ascii: "v") || text[index] == UInt8(ascii: "=") {
                    index += 1
                } else {
                    let length = JavaScriptText.whitespaceLength(text, at: index)
                    if length == 0 { break }
                    index += length
                }
            }
        } else if index < end, text[index] == UInt8(ascii: "v") {
            index += 1
        }

        // Major and minor: a number, then a dot.
        var numbers: [ArraySlice<UInt8>] = []
        for _ in 0..<2 {
            let start = index
            while index < end, isDigit(text[index]) { index += 1 }
            let digits = text[start..<index]
            guard validNumber(digits, loose: loose), index < end, text[index] == UInt8(ascii: ".") else {
                return .failure(.invalid)
            }
            numbers.append(digits)
            index += 1
        }

        // Patch, prerelease and build.
        let patchStart = index
        while index < end, isDigit(text[index]) { index += 1 }
        let digitCount = index - patchStart
        var found: (patch: ArraySlice<UInt8>, prerelease: ArraySlice<UInt8>?, build: ArraySlice<UInt8>?)?
        if loose {
            // Longest patch first, giving back one digit at a time, as the regex engine does.
            var patchLength = min(digitCount, SemverGrammar.maxDigits)
            while patchLength >= 1 {
                let split = patchStart + patchLength
                if let tail = looseTail(text[split..<end]) {
                    found = (text[patchStart..<split], tail.prerelease, tail.build)
                    break
                }
                patchLength -= 1
            }
        } else if validNumber(text[patchStart..<index], loose: false), let tail = strictTail(text[index..<end]) {
            found = (text[patchStart..<index], tail.prerelease, tail.build)
        }
        guard let found else { return .failure(.invalid) }

        guard let major = safeInteger(numbers[0]) else { return .failure(.numberTooLarge(component: "major")) }
        guard let minor = safeInteger(numbers[1]) else { return .failure(.numberTooLarge(component: "minor")) }
        guard let patch = safeInteger(found.patch) else { return .failure(.numberTooLarge(component: "patch")) }
        return .success(Version(
            major: major, minor: minor, patch: patch,
            prerelease: found.prerelease.map(prereleaseIdentifiers) ?? [],
            build: found.build.map { $0.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) } } ?? []
        ))
    }

    /// NUMERICIDENTIFIER (`0|[1-9]\d*`) or, loose, NUMERICIDENTIFIERLOOSE (`\d+`).
    private static func validNumber(_ digits: ArraySlice<UInt8>, loose: Bool) -> Bool {
        guard let first = digits.first, digits.count <= SemverGrammar.maxDigits + 1 else { return false }
        if loose { return digits.count <= SemverGrammar.maxDigits }
        return first != zero || digits.count == 1
    }

    /// `+digits` if it is at most `maxSafeInteger`.
    static func safeInteger(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits {
            value = value * 10 + UInt64(byte - zero)
            if value > maxSafeInteger { return nil }
        }
        return value
    }

    /// After the patch in strict mode: `(-ID(.ID)*)?(+BUILD(.BUILD)*)?$`.
    private static func strictTail(
        _ rest: ArraySlice<UInt8>
    ) -> (prerelease: ArraySlice<UInt8>?, build: ArraySlice<UInt8>?)? {
        let plus = rest.firstIndex(of: UInt8(ascii: "+")) ?? rest.endIndex
        let head = rest[rest.startIndex..<plus]
        let build = plus < rest.endIndex ? rest[(plus + 1)...] : nil
        if let build, !validBuild(build) { return nil }
        if head.isEmpty { return (nil, build) }
        guard head.first == UInt8(ascii: "-") else { return nil }
        let prerelease = head.dropFirst()
        guard validPrerelease(prerelease, loose: false) else { return nil }
        return (prerelease, build)
    }

    /// After the patch in loose mode: `(-?ID(.ID)*)?(+BUILD(.BUILD)*)?$`, `-?` greedy first.
    private static func looseTail(
        _ rest: ArraySlice<UInt8>
    ) -> (prerelease: ArraySlice<UInt8>?, build: ArraySlice<UInt8>?)? {
        let plus = rest.firstIndex(of: UInt8(ascii: "+")) ?? rest.endIndex
        let head = rest[rest.startIndex..<plus]
        let build = plus < rest.endIndex ? rest[(plus + 1)...] : nil
        if let build, !validBuild(build) { return nil }
        if head.isEmpty { return (nil, build) }
        if head.first == UInt8(ascii: "-"), validPrerelease(head.dropFirst(), loose: true) {
            return (head.dropFirst(), build)
        }
        if validPrerelease(head, loose: true) { return (head, build) }
        return nil
    }

    /// Dot-separated PRERELEASEIDENTIFIER(LOOSE)s, with node's length limits.
    static func validPrerelease(_ text: ArraySlice<UInt8>, loose: Bool) -> Bool {
        guard !text.isEmpty else { return false }
        for identifier in text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard let first = identifier.first else { return false }
            var leadingDigits = 0
            for byte in identifier {
                guard isDigit(byte) else { break }
                leadingDigits += 1
            }
            if leadingDigits == identifier.count {
                // Numeric: `0|[1-9]\d*` strict, `\d+` loose.
                if loose {
                    guard leadingDigits <= SemverGrammar.maxDigits else { return false }
                } else {
                    guard first != zero || identifier.count == 1, leadingDigits <= SemverGrammar.maxDigits + 1 else {
                        return false
                    }
                }
                continue
            }
            // Non-numeric: `\d{0,256}[a-zA-Z-][a-zA-Z0-9-]{0,250}`.
            guard leadingDigits <= SemverGrammar.maxDigits,
                  identifier.count - leadingDigits - 1 <= SemverGrammar.maxIdentifierTail,
                  identifier.allSatisfy(isIdentifierByte)
            else { return false }
        }
        return true
    }

    /// Dot-separated BUILDIDENTIFIERs (`[a-zA-Z0-9-]{1,250}`).
    static func validBuild(_ text: ArraySlice<UInt8>) -> Bool {
        guard !text.isEmpty else { return false }
        for identifier in text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !identifier.isEmpty, identifier.count <= SemverGrammar.maxIdentifierTail,
                  identifier.allSatisfy(isIdentifierByte)
            else { return false }
        }
        return true
    }

    /// node numberifies all-digit identifiers below `maxSafeInteger` (note: strictly below).
    static func prereleaseIdentifiers(_ text: ArraySlice<UInt8>) -> [PrereleaseIdentifier] {
        text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { identifier in
            if identifier.allSatisfy(isDigit), let value = safeInteger(identifier), value < maxSafeInteger {
                return .numeric(value)
            }
            return .alphanumeric(String(decoding: identifier, as: UTF8.self))
        }
    }
}
