// Seeded generator of semver inputs for the differential test against node-semver.
//
// The pools are small on purpose (components 0-3, a dozen prerelease identifiers) so that generated
// versions often sit on generated range bounds; every pool also carries the hostile values: leading
// zeros, numbers around 2^53, 300-digit numbers, over-long identifiers, odd whitespace, stray operators.

/// SplitMix64: tiny, seedable, good enough to spread cases.
struct SemverRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// One generated question for both implementations; `arguments` are strings or string lists.
struct SemverCase: Encodable {
    enum Kind: String, CaseIterable {
        case valid, compare, satisfies, validRange, maxSatisfying, minSatisfying, minVersion, intersects
        case subset, coerce, inc, diff
    }

    enum Argument: Encodable {
        case text(String)
        case list([String])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .list(let list): try container.encode(list)
            }
        }
    }

    var kind: Kind
    var loose: Bool
    var includePrerelease: Bool
    var arguments: [Argument]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(kind.rawValue)
        try container.encode((loose ? 1 : 0) | (includePrerelease ? 2 : 0))
        for argument in arguments { try container.encode(argument) }
    }

    func text(_ index: Int) -> String {
        if case .text(let text) = arguments[index] { return text }
        return ""
    }

    func list(_ index: Int) -> [String] {
        if case .list(let list) = arguments[index] { return list }
        return []
    }

    var summary: String {
        let rendered = arguments.map { argument -> String in
            switch argument {
            case .text(let text): return quoted(text)
            case .list(let list): return "[" + list.map(quoted).joined(separator: ", ") + "]"
            }
        }
        return "\(kind.rawValue)(\(rendered.joined(separator: ", ")), loose: \(loose), includePrerelease: \(includePrerelease))"
    }

    private func quoted(_ text: String) -> String {
        let escaped = text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case _ where scalar.value < 0x20 || scalar.value > 0x7E: return "\\u{\(String(scalar.value, radix: 16))}"
            default: return String(scalar)
            }
        }.joined()
        return text.count > 80 ? "\"\(escaped.prefix(60))…\" (\(text.utf16.count) chars)" : "\"\(escaped)\""
    }
}

struct SemverCaseGenerator {
    var random: SemverRandom

    static let numbers = [
        "0", "1", "2", "3", "0", "1", "2", "1", "10", "01", "00", "007",
        "9007199254740991", "9007199254740990", "9007199254740992", "9007199254740993",
        "99999999999999999999", "999999999999999999999", "1000000000000000000000",
    ]
    static let identifiers = [
        "alpha", "beta", "rc", "0", "1", "2", "1", "0", "01", "-", "a-b", "x", "X", "alpha1", "1a", "00",
        "A", "b", "beta-2", "9007199254740990", "9007199254740991", "9007199254740992", "9007199254740993",
        "99999999999999999999", "99999999999999999998", "--", "0a", "pre",
    ]
    static let builds = ["build", "1", "001", "sha.5114f85", "a-b", "x", "exp.sha", "0"]
    static let prefixes = ["", "", "", "", "v", "=", "v=", "=v", " ", "  v", "\t", "\u{00A0}", "vv", "==", "V"]
    static let operators = [
        "", "", "", "=", "<", "<=", ">", ">=", "~", "~>", "^", "==", "<>", "=>", "~=", "^~", ">==", "<<", "~>=",
    ]
    static let junk = [
        "", " ", "*", "x", "X", "latest", "||", "|", "-", " - ", "1.2.3 -", "- 1.2.3", "^", "~", ">", "<=",
        "a.b.c", "1.2.3.4", "1..2", ".1.2", "1.2.", "\u{FEFF}1.2.3", "\u{3000}1.2.3\u{2028}", "1.2.3\n", "v",
    ]
    static let mutationAlphabet = Array("0123456789.-+xX*vV= <>~^|abz\t")

    init(seed: UInt64) { random = SemverRandom(seed: seed) }

    mutating func number(allowX: Bool = false) -> String {
        if allowX && random.chance(15) { return random.pick(["x", "X", "*"]) }
        if random.chance(1) { return String(repeating: "1", count: 300) }
        return random.chance(70) ? random.pick(["0", "1", "2", "3"]) : random.pick(Self.numbers)
    }

    mutating func prerelease() -> String {
        var parts: [String] = []
        for _ in 0...random.below(3) {
            parts.append(random.chance(1) ? String(repeating: "a", count: 252) : random.pick(Self.identifiers))
        }
        if random.chance(3) { parts.append("") }
        return parts.joined(separator: ".")
    }

    mutating func build() -> String {
        var parts: [String] = []
        for _ in 0...random.below(2) { parts.append(random.pick(Self.builds)) }
        if random.chance(2) { parts.append(String(repeating: "b", count: 255)) }
        return parts.joined(separator: ".")
    }

    /// A version, usually valid, sometimes loose-only or broken.
    mutating func version(allowX: Bool = false, partial: Bool = false) -> String {
        var text = random.chance(25) ? random.pick(Self.prefixes) : ""
        text += number(allowX: allowX)
        let parts = partial ? random.pick([1, 2, 3, 3, 3]) : (random.chance(4) ? random.pick([1, 2, 4]) : 3)
        for index in 1..<max(parts, 1) {
            text += "."
            text += index == 3 ? random.pick(["4", "0", "x"]) : number(allowX: allowX)
        }
        if parts >= 3 {
            if random.chance(35) { text += (random.chance(90) ? "-" : "") + prerelease() }
            if random.chance(12) { text += "+" + build() }
        }
        if random.chance(3) { text += random.pick([" ", "\t", "\u{00A0}", "\n"]) }
        if random.chance(8) { text = mutate(text) }
        if random.chance(1) { text = String(repeating: " ", count: 250) + text }
        return text
    }

    mutating func mutate(_ text: String) -> String {
        var characters = Array(text)
        for _ in 0...random.below(2) {
            let position = characters.isEmpty ? 0 : random.below(characters.count + 1)
            switch random.below(3) {
            case 0: characters.insert(random.pick(Self.mutationAlphabet), at: position)
            case 1: if position < characters.count { characters.remove(at: position) }
            default: if position < characters.count { characters[position] = random.pick(Self.mutationAlphabet) }
            }
        }
        return String(characters)
    }

    mutating func comparator() -> String {
        let op = random.pick(Self.operators)
        let space = random.chance(15) ? random.pick([" ", "  ", "\t"]) : ""
        return op + space + version(allowX: true, partial: true)
    }

    mutating func comparatorSet() -> String {
        if random.chance(15) {
            let separator = random.chance(90) ? " - " : random.pick([" -", "- ", "  -  ", "-", " -\t"])
            return version(allowX: true, partial: true) + separator + version(allowX: true, partial: true)
        }
        var parts: [String] = []
        for _ in 0...random.below(3) { parts.append(comparator()) }
        return parts.joined(separator: random.chance(90) ? " " : random.pick(["  ", "\t", " \n "]))
    }

    mutating func range() -> String {
        if random.chance(4) { return random.pick(Self.junk) }
        var sets: [String] = []
        for _ in 0...(random.chance(70) ? 0 : random.below(3)) { sets.append(comparatorSet()) }
        var text = sets.joined(separator: random.pick([" || ", "||", " ||", "|| ", " | | ", "|||"]))
        if random.chance(5) { text = mutate(text) }
        if random.chance(2) { text = random.pick([" ", "\t", "\u{2003}"]) + text + random.pick(["", " ", "\r\n"]) }
        if random.chance(1) { text += " " + String(repeating: ">=1.2.3-" + String(repeating: "a", count: 40) + " ", count: 8) }
        return text
    }

    mutating func next(kinds: [SemverCase.Kind]) -> SemverCase {
        let kind = random.pick(kinds)
        let loose = random.chance(40), includePrerelease = random.chance(40)
        var arguments: [SemverCase.Argument]
        switch kind {
        case .valid, .coerce:
            arguments = [.text(version())]
        case .compare, .diff:
            arguments = [.text(version()), .text(version())]
        case .satisfies:
            arguments = [.text(version()), .text(range())]
        case .validRange, .minVersion:
            arguments = [.text(range())]
        case .maxSatisfying, .minSatisfying:
            arguments = [.list((0..<random.below(6)).map { _ in version() }), .text(range())]
        case .intersects, .subset:
            arguments = [.text(range()), .text(range())]
        case .inc:
            let release = random.pick(["major", "minor", "patch", "premajor", "preminor", "prepatch", "prerelease", "pre", "bogus"])
            arguments = [.text(version()), .text(release), .text(random.pick(["", "", "alpha", "beta", "rc", "1"]))]
        }
        return SemverCase(kind: kind, loose: loose, includePrerelease: includePrerelease, arguments: arguments)
    }
}
