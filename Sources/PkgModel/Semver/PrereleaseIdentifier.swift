// One dot-separated part of a version's prerelease (`beta` and `1` in `1.0.0-beta.1`).
//
// Pitfalls reproduced from node-semver:
// - An all-digit identifier is numeric only below 2^53 - 1; larger ones stay text, yet still compare
//   numerically (through a double), so `-9007199254740993` and `-9007199254740992` compare equal.
// - In loose mode leading zeros are allowed and dropped: `1.2.3-01` is `1.2.3-1`.
// - Numeric identifiers sort before alphanumeric ones; alphanumerics compare by UTF-16 code units
//   (ASCII order: `B` < `a`).

/// A prerelease identifier: a number, or text (letters, digits and hyphens).
public enum PrereleaseIdentifier: Sendable, Hashable, CustomStringConvertible {
    case numeric(UInt64)
    case alphanumeric(String)

    public var description: String {
        switch self {
        case .numeric(let value): String(value)
        case .alphanumeric(let text): text
        }
    }

    /// The value JavaScript's `+identifier` gives when the identifier is all digits.
    var numericValue: Double? {
        switch self {
        case .numeric(let value):
            return Double(value)
        case .alphanumeric(let text):
            var sawDigit = false
            for byte in text.utf8 {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                sawDigit = true
            }
            return sawDigit ? Double(text) : nil
        }
    }

    /// An all-digit text identifier with a leading zero: only loose parsing produces one, and strict
    /// parsing of the printed version rejects it.
    var isDigitsWithLeadingZero: Bool {
        guard case .alphanumeric(let text) = self, text.utf8.count > 1, text.utf8.first == UInt8(ascii: "0") else {
            return false
        }
        return numericValue != nil
    }

    /// node-semver's `compareIdentifiers`: -1, 0 or 1.
    static func compare(_ left: PrereleaseIdentifier, _ right: PrereleaseIdentifier) -> Int {
        if case .numeric(let a) = left, case .numeric(let b) = right {
            return a == b ? 0 : (a < b ? -1 : 1)
        }
        let leftNumber = left.numericValue
        let rightNumber = right.numericValue
        switch (leftNumber, rightNumber) {
        case (let a?, let b?):
            return a == b ? 0 : (a < b ? -1 : 1)
        case (.some, .none):
            return -1
        case (.none, .some):
            return 1
        case (.none, .none):
            guard case .alphanumeric(let a) = left, case .alphanumeric(let b) = right else { return 0 }
            if a == b { return 0 }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        }
    }
}
