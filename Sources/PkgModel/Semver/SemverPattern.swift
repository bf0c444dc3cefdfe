// A small backtracking matcher over UTF-8 bytes, used only by the range parser.
//
// node-semver parses ranges by running a pipeline of regular-expression replacements over the range
// text (see `VersionRange+Parsing.swift`). Matching its answers exactly, including on malformed input,
// means reproducing the regex engine's backtracking order: greedy quantifiers that give back one
// character at a time, alternatives tried left to right, and the "safe" length limits node-semver puts
// on `\d*`, `[a-zA-Z0-9-]+` and `\s*`. This file is that engine, restricted to the constructs node's
// patterns use; `SemverGrammar.swift` spells the patterns themselves.
//
// It is not on the hot path: versions are parsed by hand (`Version+Parsing.swift`) and a parsed range
// tests versions without any matching. Ranges are parsed once and can be cached by the caller.

/// A set of bytes, matched as one character class.
struct ByteSet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(_ members: String) {
        for byte in members.utf8 { insert(byte) }
    }

    init(ranges: ClosedRange<UInt8>...) {
        for range in ranges { for byte in range { insert(byte) } }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    func union(_ other: ByteSet) -> ByteSet {
        var result = self
        result.words.0 |= other.words.0
        result.words.1 |= other.words.1
        result.words.2 |= other.words.2
        result.words.3 |= other.words.3
        return result
    }
}

/// A regular expression, as a tree; built by `SemverGrammar`.
indirect enum SemverPattern: Sendable {
    case byte(ByteSet)
    case literal([UInt8])
    case sequence([SemverPattern])
    /// Tried left to right; the first that lets the rest of the pattern match wins.
    case alternation([SemverPattern])
    /// Greedy: takes as many as it can, then gives back one at a time.
    case repetition(SemverPattern, min: Int, max: Int)
    case capture(Int, SemverPattern)
    case startAnchor
    case endAnchor

    static func optional(_ pattern: SemverPattern) -> SemverPattern {
        .repetition(pattern, min: 0, max: 1)
    }

    static func text(_ text: String) -> SemverPattern {
        .literal(Array(text.utf8))
    }
}

/// The result of one successful match: where it starts and ends, and each capture group's bytes.
struct SemverMatch {
    var start: Int
    var end: Int
    var groups: [Range<Int>?]

    /// The bytes of group `index`, or `nil` when the group did not take part (JavaScript's `undefined`).
    func group(_ index: Int, in input: [UInt8]) -> ArraySlice<UInt8>? {
        guard index < groups.count, let range = groups[index] else { return nil }
        return input[range]
    }
}

/// Runs one pattern against one input; a class so that the continuations can share the capture state.
final class SemverMatcher {
    private let input: [UInt8]
    private var groups: [Range<Int>?]

    init(input: [UInt8], groupCount: Int) {
        self.input = input
        self.groups = Array(repeating: nil, count: groupCount + 1)
    }

    /// The first match of `pattern` starting exactly at `start`, in backtracking order.
    func match(_ pattern: SemverPattern, at start: Int) -> SemverMatch? {
        for index in groups.indices { groups[index] = nil }
        var end = -1
        let matched = run(pattern, start) { position in
            end = position
            return true
        }
        guard matched else { return nil }
        return SemverMatch(start: start, end: end, groups: groups)
    }

    /// The leftmost match of `pattern` at or after `start`, as `String.prototype.search` finds it.
    func firstMatch(_ pattern: SemverPattern, from start: Int) -> SemverMatch? {
        var position = start
        while position <= input.count {
            if let found = match(pattern, at: position) { return found }
            position += 1
        }
        return nil
    }

    private func run(_ pattern: SemverPattern, _ position: Int, _ next: (Int) -> Bool) -> Bool {
        switch pattern {
        case .byte(let set):
            guard position < input.count, set.contains(input[position]) else { return false }
            return next(position + 1)
        case .literal(let bytes):
            guard position + bytes.count <= input.count else { return false }
            for offset in 0..<bytes.count where input[position + offset] != bytes[offset] { return false }
            return next(position + bytes.count)
        case .sequence(let parts):
            return runSequence(parts, 0, position, next)
        case .alternation(let choices):
            for choice in choices where run(choice, position, next) { return true }
            return false
        case .repetition(let inner, let min, let max):
            if case .byte(let set) = inner {
                // A run of one character class: count it once, then give back one at a time.
                var count = 0
                while count < max, position + count < input.count, set.contains(input[position + count]) {
                    count += 1
                }
                while count >= min {
                    if next(position + count) { return true }
                    count -= 1
                }
                return false
            }
            return runRepetition(inner, min: min, max: max, count: 0, position, next)
        case .capture(let index, let inner):
            return run(inner, position) { end in
                let saved = self.groups[index]
                self.groups[index] = position..<end
                if next(end) { return true }
                self.groups[index] = saved
                return false
            }
        case .startAnchor:
            return position == 0 && next(position)
        case .endAnchor:
            return position == input.count && next(position)
        }
    }

    private func runSequence(_ parts: [SemverPattern], _ index: Int, _ position: Int, _ next: (Int) -> Bool) -> Bool {
        if index == parts.count { return next(position) }
        return run(parts[index], position) { end in
            self.runSequence(parts, index + 1, end, next)
        }
    }

    private func runRepetition(
        _ inner: SemverPattern, min: Int, max: Int, count: Int, _ position: Int, _ next: (Int) -> Bool
    ) -> Bool {
        if count < max {
            let more = run(inner, position) { end in
                // An empty iteration cannot make progress; JavaScript rejects it the same way.
                if end == position { return false }
                return self.runRepetition(inner, min: min, max: max, count: count + 1, end, next)
            }
            if more { return true }
        }
        return count >= min && next(position)
    }
}

extension SemverPattern {
    /// Room for every capture group node's patterns use (COMPARATORTRIM's 13 is the most).
    static let maxGroups = 16

    /// The first match anchored at `start`, if any.
    func match(_ input: [UInt8], at start: Int = 0) -> SemverMatch? {
        SemverMatcher(input: input, groupCount: SemverPattern.maxGroups).match(self, at: start)
    }

    /// `String.prototype.replace` with this pattern: the first match (or every match when `global`) is
    /// replaced by what `replacement` returns for it.
    func replace(
        in input: [UInt8], global: Bool, with replacement: (SemverMatch) -> [UInt8]
    ) -> [UInt8] {
        let matcher = SemverMatcher(input: input, groupCount: SemverPattern.maxGroups)
        var output: [UInt8] = []
        var copiedUpTo = 0
        var searchFrom = 0
        while searchFrom <= input.count, let found = matcher.firstMatch(self, from: searchFrom) {
            output += input[copiedUpTo..<found.start]
            output += replacement(found)
            copiedUpTo = found.end
            searchFrom = found.end == found.start ? found.end + 1 : found.end
            if !global { break }
        }
        if copiedUpTo < input.count { output += input[copiedUpTo...] }
        return output
    }
}
