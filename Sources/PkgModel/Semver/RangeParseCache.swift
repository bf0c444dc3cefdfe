// Memoised range parsing. An install parses the same few thousand range strings over and over
// (every edge of every package, again when the lockfile is checked); a profile of a no-change
// `pkg install` of a 1,199-package project spent almost half its time in `RangeParser`.
import Synchronization

/// Parsed comparator sets by range text and options, shared by the whole process.
///
/// Bounded: when it holds `capacity` entries it starts over, so a long-running process that sees
/// endless distinct ranges (a registry) never grows without limit. Failures are cached too.
enum RangeParseCache {
    private struct Key: Hashable {
        var text: String
        var loose: Bool
        var includePrerelease: Bool
    }

    static let capacity = 16_384
    private static let entries = Mutex<[Key: [[Comparator]]?]>([:])

    /// The comparator sets of `text` (`nil` when it is not a valid range), parsed at most once.
    static func comparatorSets(_ text: String, loose: Bool, includePrerelease: Bool) -> [[Comparator]]? {
        let key = Key(text: text, loose: loose, includePrerelease: includePrerelease)
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let parsed = RangeParser(loose: loose, includePrerelease: includePrerelease).parse(text)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = .some(parsed)
        }
        return parsed
    }
}
