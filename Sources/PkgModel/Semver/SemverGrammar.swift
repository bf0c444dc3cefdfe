// node-semver 7's range patterns (`internal/re.js`), in their "safe" form, as `SemverPattern` trees.
//
// node-semver runs every range through its `safeRe` variants, in which `\d*`/`\d+` may repeat at most
// 256 times, `[a-zA-Z0-9-]*`/`+` at most 250 times and `\s*`/`\s+` at most once. Those limits decide
// what an over-long range means, so they are reproduced here. `[v=\s]*` is not rewritten by node and
// stays unbounded. By the time any of these patterns runs, the range's whitespace has been collapsed
// to single ASCII spaces, so `\s` only needs to match ASCII whitespace.
//
// Capture numbers follow the JavaScript group numbering of each complete pattern, because the
// replacement functions in `VersionRange+Parsing.swift` receive the groups by position.

enum SemverGrammar {
    static let maxDigits = 256
    static let maxIdentifierTail = 250

    static let digit = ByteSet(ranges: UInt8(ascii: "0")...UInt8(ascii: "9"))
    static let nonZeroDigit = ByteSet(ranges: UInt8(ascii: "1")...UInt8(ascii: "9"))
    static let letterOrDash = ByteSet(ranges: UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"))
        .union(ByteSet("-"))
    static let letterDashNumber = letterOrDash.union(digit)
    static let whitespace = ByteSet(ranges: 9...13).union(ByteSet(" "))
    static let prefixCharacters = ByteSet("v=").union(whitespace)

    static func digits(_ min: Int) -> SemverPattern { .repetition(.byte(digit), min: min, max: maxDigits) }
    static let optionalSpace = SemverPattern.repetition(.byte(whitespace), min: 0, max: 1)
    static let oneSpace = SemverPattern.byte(whitespace)
    static let dot = SemverPattern.text(".")

    // NUMERICIDENTIFIER, NUMERICIDENTIFIERLOOSE, NONNUMERICIDENTIFIER
    static let numericIdentifier = SemverPattern.alternation([.text("0"), .sequence([.byte(nonZeroDigit), digits(0)])])
    static let numericIdentifierLoose = digits(1)
    static let nonNumericIdentifier = SemverPattern.sequence([
        digits(0), .byte(letterOrDash), .repetition(.byte(letterDashNumber), min: 0, max: maxIdentifierTail),
    ])

    static func prereleaseIdentifier(loose: Bool) -> SemverPattern {
        .alternation([loose ? numericIdentifierLoose : numericIdentifier, nonNumericIdentifier])
    }

    /// PRERELEASE / PRERELEASELOOSE: `-` (optional when loose), then dot-separated identifiers in `group`.
    static func prerelease(loose: Bool, group: Int) -> SemverPattern {
        let identifier = prereleaseIdentifier(loose: loose)
        let list = SemverPattern.sequence([
            identifier, .repetition(.sequence([dot, identifier]), min: 0, max: .max),
        ])
        return .sequence([
            loose ? .optional(.text("-")) : .text("-"),
            .capture(group, list),
        ])
    }

    /// BUILD: `+`, then dot-separated identifiers in `group`.
    static func build(group: Int) -> SemverPattern {
        let identifier = SemverPattern.repetition(.byte(letterDashNumber), min: 1, max: maxIdentifierTail)
        return .sequence([
            .text("+"),
            .capture(group, .sequence([identifier, .repetition(.sequence([dot, identifier]), min: 0, max: .max)])),
        ])
    }

    /// FULLPLAIN (strict) or LOOSEPLAIN, with the main version in groups `first`...`first + 2`.
    static func plainVersion(loose: Bool, first: Int) -> SemverPattern {
        let number = loose ? numericIdentifierLoose : numericIdentifier
        return .sequence([
            loose ? .repetition(.byte(prefixCharacters), min: 0, max: .max) : .optional(.text("v")),
            .capture(first, number), dot, .capture(first + 1, number), dot, .capture(first + 2, number),
            .optional(prerelease(loose: loose, group: first + 3)),
            .optional(build(group: first + 4)),
        ])
    }

    /// XRANGEPLAIN / XRANGEPLAINLOOSE: groups `first` (major), +1 (minor), +2 (patch), +3 (prerelease), +4 (build).
    static func xRangePlain(loose: Bool, first: Int) -> SemverPattern {
        let identifier = SemverPattern.alternation([
            loose ? numericIdentifierLoose : numericIdentifier, .text("x"), .text("X"), .text("*"),
        ])
        let patchAndTail = SemverPattern.sequence([
            dot, .capture(first + 2, identifier),
            .optional(prerelease(loose: loose, group: first + 3)),
            .optional(build(group: first + 4)),
        ])
        return .sequence([
            .repetition(.byte(prefixCharacters), min: 0, max: .max),
            .capture(first, identifier),
            .optional(.sequence([dot, .capture(first + 1, identifier), .optional(patchAndTail)])),
        ])
    }

    /// GTLT: `((?:<|>)?=?)` in `group`.
    static func operatorPattern(group: Int) -> SemverPattern {
        .capture(group, .sequence([.optional(.alternation([.text("<"), .text(">")])), .optional(.text("="))]))
    }

    // HYPHENRANGE(LOOSE): groups 1 from, 2-6 its parts, 7 to, 8-12 its parts.
    static func hyphenRange(loose: Bool) -> SemverPattern {
        .sequence([
            .startAnchor, optionalSpace,
            .capture(1, xRangePlain(loose: loose, first: 2)),
            oneSpace, .text("-"), oneSpace,
            .capture(7, xRangePlain(loose: loose, first: 8)),
            optionalSpace, .endAnchor,
        ])
    }
    static let hyphenRangeStrict = hyphenRange(loose: false)
    static let hyphenRangeLoose = hyphenRange(loose: true)

    // COMPARATORTRIM: groups 1 leading space, 2 operator, 3 the version or x-range (always loose|strict).
    static let comparatorTrim = SemverPattern.sequence([
        .capture(1, optionalSpace),
        operatorPattern(group: 2),
        optionalSpace,
        .capture(3, .alternation([plainVersion(loose: true, first: 4), xRangePlain(loose: false, first: 9)])),
    ])

    // TILDETRIM / CARETTRIM: group 1 leading space.
    static let tildeTrim = SemverPattern.sequence([
        .capture(1, optionalSpace), .text("~"), .optional(.text(">")), oneSpace,
    ])
    static let caretTrim = SemverPattern.sequence([.capture(1, optionalSpace), .text("^"), oneSpace])

    // TILDE(LOOSE) / CARET(LOOSE): groups 1-5 of the x-range.
    static func tilde(loose: Bool) -> SemverPattern {
        .sequence([.startAnchor, .text("~"), .optional(.text(">")), xRangePlain(loose: loose, first: 1), .endAnchor])
    }
    static let tildeStrict = tilde(loose: false)
    static let tildeLoose = tilde(loose: true)

    static func caret(loose: Bool) -> SemverPattern {
        .sequence([.startAnchor, .text("^"), xRangePlain(loose: loose, first: 1), .endAnchor])
    }
    static let caretStrict = caret(loose: false)
    static let caretLoose = caret(loose: true)

    // XRANGE(LOOSE): group 1 operator, 2-6 the x-range.
    static func xRange(loose: Bool) -> SemverPattern {
        .sequence([
            .startAnchor, operatorPattern(group: 1), optionalSpace, xRangePlain(loose: loose, first: 2), .endAnchor,
        ])
    }
    static let xRangeStrict = xRange(loose: false)
    static let xRangeLoose = xRange(loose: true)

    // STAR: not anchored; the first match is removed.
    static let star = SemverPattern.sequence([
        .optional(.alternation([.text("<"), .text(">")])), .optional(.text("=")), optionalSpace, .text("*"),
    ])

    // GTE0 / GTE0PRE
    static func greaterOrEqualZero(prerelease: Bool) -> SemverPattern {
        .sequence([
            .startAnchor, optionalSpace, .text(">="), optionalSpace,
            .text(prerelease ? "0.0.0-0" : "0.0.0"), optionalSpace, .endAnchor,
        ])
    }
    static let greaterOrEqualZeroRelease = greaterOrEqualZero(prerelease: false)
    static let greaterOrEqualZeroPrerelease = greaterOrEqualZero(prerelease: true)

    // COMPARATOR(LOOSE): group 1 operator, 2 the version text; or the empty string.
    static func comparator(loose: Bool) -> SemverPattern {
        .alternation([
            .sequence([
                .startAnchor, operatorPattern(group: 1), optionalSpace,
                .capture(2, plainVersion(loose: loose, first: 3)), .endAnchor,
            ]),
            .sequence([.startAnchor, .endAnchor]),
        ])
    }
    static let comparatorStrict = comparator(loose: false)
    static let comparatorLoose = comparator(loose: true)
}

extension SemverGrammar {
    private static func shortDigits() -> SemverPattern { .repetition(.byte(digit), min: 1, max: 16) }
    private static let notDigit: ByteSet = {
        var set = ByteSet("")
        for byte in UInt8(0)...UInt8(255) where !digit.contains(byte) { set.insert(byte) }
        return set
    }()

    // COERCE: `(^|[^\d])(\d{1,16})(?:\.(\d{1,16}))?(?:\.(\d{1,16}))?(?:$|[^\d])`, not anchored.
    static let coerce = SemverPattern.sequence([
        .capture(1, .alternation([.startAnchor, .byte(notDigit)])),
        .capture(2, shortDigits()),
        .optional(.sequence([dot, .capture(3, shortDigits())])),
        .optional(.sequence([dot, .capture(4, shortDigits())])),
        .alternation([.endAnchor, .byte(notDigit)]),
    ])
}

extension SemverPattern {
    /// The leftmost match anywhere in `input`.
    func firstMatch(in input: [UInt8]) -> SemverMatch? {
        SemverMatcher(input: input, groupCount: SemverPattern.maxGroups).firstMatch(self, from: 0)
    }
}
