// A semantic version, exactly as node-semver 7 (`classes/semver.js`) reads, prints and orders it.
//
// Pitfalls reproduced from node-semver:
// - Text longer than 256 UTF-16 code units is rejected before anything else, even when the excess is
//   surrounding whitespace; the rest is trimmed with JavaScript's whitespace set.
// - Major, minor and patch must be at most 2^53 - 1 (`Number.MAX_SAFE_INTEGER`).
// - Loose mode accepts any run of `v`, `=` and whitespace before the version, leading zeros, and a
//   prerelease without its hyphen (`1.2.3beta`); it even re-splits digits, so `1.2.34.5` is `1.2.3-4.5`.
// - `description` is node's `.version`: no `v`, no build metadata, numbers without leading zeros.
//
// Equality: `==` and `hashValue` compare major, minor, patch and prerelease and ignore build metadata,
// as node's `eq` does and as the registry does (`1.0.0+a` and `1.0.0+b` are one version). `<` is
// node's `compare`. The one place they disagree is node's own quirk: prerelease numbers above 2^53
// compare as doubles, so two such versions can be neither `<` nor `>` yet not `==`.

/// A parsed semantic version: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`.
public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The largest integer a version component may hold (`Number.MAX_SAFE_INTEGER`).
    public static let maxSafeInteger: UInt64 = 9_007_199_254_740_991
    /// The longest text node-semver will try to parse, in UTF-16 code units.
    public static let maxLength = 256

    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    /// The dot-separated prerelease identifiers; empty for a release.
    public var prerelease: [PrereleaseIdentifier]
    /// The dot-separated build metadata; it never affects ordering or equality.
    public var build: [String]

    /// A version from its parts.
    /// - Precondition: the numbers are at most `maxSafeInteger`; identifiers are non-empty and made of
    ///   ASCII letters, digits and hyphens (use `init(_:loose:)` for untrusted text).
    public init(
        major: UInt64, minor: UInt64, patch: UInt64,
        prerelease: [PrereleaseIdentifier] = [], build: [String] = []
    ) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses a version the way `new SemVer(text, { loose })` does.
    /// - Throws: `SemverError.invalidVersion`, `.versionTooLong` or `.numberTooLarge`.
    public init(_ text: String, loose: Bool = false) throws {
        switch Version.parse(bytes: Array(text.utf8)[...], loose: loose) {
        case .success(let version): self = version
        case .failure(let failure): throw failure.error(for: text, loose: loose)
        }
    }

    /// The version, or `nil` when `text` is not one (node's `semver.parse`; its `.version` is `valid`).
    public static func parse(_ text: String, loose: Bool = false) -> Version? {
        if case .success(let version) = Version.parse(bytes: Array(text.utf8)[...], loose: loose) { return version }
        return nil
    }

    /// node's `.version`: `1.2.3` or `1.2.3-beta.1`, never the build metadata.
    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty {
            text += "-"
            text += prerelease.map(\.description).joined(separator: ".")
        }
        return text
    }

    /// The version with its build metadata, as `1.2.3-beta.1+sha.5114f85`.
    public var descriptionWithBuild: String {
        build.isEmpty ? description : description + "+" + build.joined(separator: ".")
    }

    /// Whether the version has prerelease identifiers.
    public var isPrerelease: Bool { !prerelease.isEmpty }

    /// The version without prerelease or build: the `MAJOR.MINOR.PATCH` tuple.
    public var release: Version { Version(major: major, minor: minor, patch: patch) }

    public static func == (left: Version, right: Version) -> Bool {
        left.major == right.major && left.minor == right.minor && left.patch == right.patch
            && left.prerelease == right.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }
}
