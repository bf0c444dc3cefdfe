// The order npm sorts dependency names in when it saves package.json:
// `a.localeCompare(b, 'en')` (ICU, CLDR root collation, punctuation not ignorable).
//
// Modelled for the characters that occur in package names and checked against node in
// Tests/PkgModelTests/PackageNameTests.swift:
// - Primary weights: `_ - ! . ' ( ) @ * / ~`, then digits, then letters (case-insensitive);
//   other characters after letters, by code point (an approximation: names rarely contain them).
// - Strings are compared on primary weights first (so `a-c` < `ab`, a prefix sorts first), then
//   on case with lowercase first (`ab` < `aB` < `Ab`), then by code point as a final tie-break.

/// npm's `localeCompare(…, 'en')` order for package names, so saved files match npm's byte for byte.
public enum NameCollation {
    /// Whether `lhs` sorts before `rhs` the way npm orders dependency maps on save.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        let leftPrimary = left.map(primaryWeight)
        let rightPrimary = right.map(primaryWeight)
        if leftPrimary != rightPrimary {
            return leftPrimary.lexicographicallyPrecedes(rightPrimary)
        }
        let leftCase = left.map(isUppercase)
        let rightCase = right.map(isUppercase)
        if leftCase != rightCase {
            return leftCase.lexicographicallyPrecedes(rightCase) { !$0 && $1 }
        }
        return left.map(\.value).lexicographicallyPrecedes(right.map(\.value))
    }

    private static let punctuationOrder: [Unicode.Scalar] = ["_", "-", "!", ".", "'", "(", ")", "@", "*", "/", "~"]

    private static func primaryWeight(_ scalar: Unicode.Scalar) -> UInt32 {
        if let position = punctuationOrder.firstIndex(of: scalar) { return UInt32(position) }
        switch scalar {
        case "0"..."9": return 100 + scalar.value - 48
        case "a"..."z": return 200 + scalar.value - 97
        case "A"..."Z": return 200 + scalar.value - 65
        default: return 1_000 + scalar.value
        }
    }

    private static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar)
    }
}
