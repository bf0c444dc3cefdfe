// `pkg version <release>`: node-semver's `inc` (`classes/semver.js` `inc`), and `diff`.
//
// Pitfalls reproduced from node-semver:
// - Bumping a prerelease to its own release does not skip it: `1.2.0-5` patch → `1.2.0`,
//   minor → `1.2.0`, and `1.0.0-5` major → `1.0.0`.
// - `prerelease` bumps the last numeric identifier (`1.2.3-beta.1` → `1.2.3-beta.2`), appends `0` when
//   there is none, and on a release first bumps the patch (`1.2.3` → `1.2.4-0`).
// - With an identifier, `beta` replaces a different prefix: `1.2.3-alpha.4` prerelease beta →
//   `1.2.3-beta.0`, while `1.2.3-beta.4` → `1.2.3-beta.5`.
// - Build metadata survives the bump in the object, but `description` (node's result) omits it.
// - Unlike node, an identifier that would not make a valid version is rejected, not printed.

/// What `inc` bumps; the raw values are node's names.
public enum ReleaseType: String, Sendable, CaseIterable {
    case major, premajor, minor, preminor, patch, prepatch, prerelease
    /// node's internal "bump only the prerelease" step, which `inc` also accepts.
    case pre
}

extension Version {
    /// The version after a `release` bump, as `semver.inc(version, release, identifier)` computes it.
    /// - Throws: `SemverError.invalidIncrement` when `identifier` is not a valid prerelease identifier.
    public func incremented(_ release: ReleaseType, identifier: String? = nil) throws -> Version {
        var identifierParts: [PrereleaseIdentifier]?
        if let identifier, !identifier.isEmpty {
            let bytes = Array(identifier.utf8)[...]
            guard Version.validPrerelease(bytes, loose: false), !identifier.contains(".") else {
                throw SemverError.invalidIncrement(description, reason: "`\(identifier)` is not a prerelease identifier")
            }
            identifierParts = Version.prereleaseIdentifiers(bytes)
        }
        var next = self
        next.bump(release, identifier: identifierParts?.first)
        return next
    }

    private mutating func bump(_ release: ReleaseType, identifier: PrereleaseIdentifier?) {
        switch release {
        case .premajor:
            prerelease = []
            patch = 0
            minor = 0
            major += 1
            bump(.pre, identifier: identifier)
        case .preminor:
            prerelease = []
            patch = 0
            minor += 1
            bump(.pre, identifier: identifier)
        case .prepatch:
            prerelease = []
            bump(.patch, identifier: identifier)
            bump(.pre, identifier: identifier)
        case .prerelease:
            if prerelease.isEmpty { bump(.patch, identifier: identifier) }
            bump(.pre, identifier: identifier)
        case .major:
            if minor != 0 || patch != 0 || prerelease.isEmpty { major += 1 }
            minor = 0
            patch = 0
            prerelease = []
        case .minor:
            if patch != 0 || prerelease.isEmpty { minor += 1 }
            patch = 0
            prerelease = []
        case .patch:
            if prerelease.isEmpty { patch += 1 }
            prerelease = []
        case .pre:
            if prerelease.isEmpty {
                prerelease = [.numeric(0)]
            } else if let last = prerelease.lastIndex(where: { if case .numeric = $0 { true } else { false } }),
                      case .numeric(let value) = prerelease[last] {
                prerelease[last] = .numeric(value + 1)
            } else {
                prerelease.append(.numeric(0))
            }
            if let identifier {
                let replacement: [PrereleaseIdentifier] = [identifier, .numeric(0)]
                if PrereleaseIdentifier.compare(prerelease[0], identifier) == 0 {
                    // node keeps `beta.N` only when the second identifier is a number (`isNaN` is false).
                    if prerelease.count < 2 || prerelease[1].numericValue == nil { prerelease = replacement }
                } else {
                    prerelease = replacement
                }
            }
        }
    }

    /// The most significant part that differs, as node's `semver.diff`; `nil` when the versions are equal.
    public static func diff(_ first: Version, _ second: Version) -> ReleaseType? {
        let order = compare(first, second)
        if order == 0 { return nil }
        let high = order > 0 ? first : second
        let low = order > 0 ? second : first
        if low.isPrerelease && !high.isPrerelease {
            if low.patch == 0 && low.minor == 0 { return .major }
            if high.patch != 0 { return .patch }
            if high.minor != 0 { return .minor }
            return .major
        }
        let pre = high.isPrerelease
        if first.major != second.major { return pre ? .premajor : .major }
        if first.minor != second.minor { return pre ? .preminor : .minor }
        if first.patch != second.patch { return pre ? .prepatch : .patch }
        return .prerelease
    }

    /// node's `semver.coerce` (without `rtl` or `includePrerelease`): the first `N[.N[.N]]` in the text,
    /// each part at most 16 digits, missing parts as 0; `nil` when there is none or it does not parse
    /// (in strict mode a leading zero does not: `01.2.3` coerces to `nil`).
    public static func coerce(_ text: String, loose: Bool = false) -> Version? {
        let bytes = Array(text.utf8)
        guard let found = SemverGrammar.coerce.firstMatch(in: bytes) else { return nil }
        func part(_ index: Int) -> String {
            found.group(index, in: bytes).map { String(decoding: $0, as: UTF8.self) } ?? "0"
        }
        return Version.parse("\(part(2)).\(part(3)).\(part(4))", loose: loose)
    }
}
