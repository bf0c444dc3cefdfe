// One comparator of a range: an operator and a version (`>=1.2.3`), or "any version" (node's ANY).
//
// A parsed `VersionRange` is a union of comparator sets; a version satisfies a set when it passes every
// comparator and the prerelease rule (see `VersionRange.swift`). Comparators print as node's `.value`,
// which is what `validRange` joins: `=` is dropped (`=1.2.3` prints `1.2.3`), ANY prints as nothing.

/// A single `<`, `<=`, `>`, `>=` or `=` test against a version, or the comparator that accepts anything.
public struct Comparator: Sendable, Hashable, CustomStringConvertible {
    /// The comparison; `.equal` prints as nothing, as node prints it.
    public enum Operator: String, Sendable, Hashable {
        case equal = ""
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="

        var isGreater: Bool { self == .greater || self == .greaterOrEqual }
        var isLess: Bool { self == .less || self == .lessOrEqual }
        var includesEqual: Bool { self == .equal || self == .lessOrEqual || self == .greaterOrEqual }
    }

    public let `operator`: Operator
    /// The version compared against; `nil` for the comparator that accepts any version.
    public let version: Version?

    /// A comparator against `version`.
    public init(_ operator: Operator, _ version: Version) {
        self.operator = `operator`
        self.version = version
    }

    private init() {
        self.operator = .equal
        self.version = nil
    }

    /// The comparator that every version passes (node's `Comparator.ANY`, printed as the empty string).
    public static let any = Comparator()

    /// `<0.0.0-0`: nothing passes it; node uses it for ranges like `<0.x` and `>*`.
    static let none = Comparator(.less, Version(major: 0, minor: 0, patch: 0, prerelease: [.numeric(0)]))

    public var isAny: Bool { version == nil }

    /// node's `.value`: the operator followed by the version without build metadata.
    public var description: String {
        guard let version else { return "" }
        return `operator`.rawValue + version.description
    }

    /// Whether `candidate` passes this comparator alone (no prerelease rule).
    @inline(__always)
    public func test(_ candidate: Version) -> Bool {
        guard let version else { return true }
        let order = Version.compare(candidate, version)
        switch `operator` {
        case .equal: return order == 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }

    /// `new Comparator(token, { loose })`, for a token without whitespace.
    static func parse(_ token: [UInt8], loose: Bool) -> Comparator? {
        let pattern = loose ? SemverGrammar.comparatorLoose : SemverGrammar.comparatorStrict
        guard let found = pattern.match(token) else { return nil }
        guard let versionText = found.group(2, in: token) else { return .any }
        let operatorText = found.group(1, in: token).map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard case .success(let version) = Version.parse(bytes: versionText, loose: loose) else { return nil }
        return Comparator(Operator(rawValue: operatorText == "=" ? "" : operatorText) ?? .equal, version)
    }
}

extension Comparator {
    /// node's `Comparator#intersects`: whether some version could pass both comparators.
    func intersects(_ other: Comparator, includePrerelease: Bool) -> Bool {
        if `operator` == .equal {
            guard let version else { return true }
            return Comparator.singleRangeTest(other, version, includePrerelease: includePrerelease)
        }
        if other.operator == .equal {
            guard let otherVersion = other.version else { return true }
            return Comparator.singleRangeTest(self, otherVersion, includePrerelease: includePrerelease)
        }
        guard let version, let otherVersion = other.version else { return true }
        let value = description, otherValue = other.description
        if includePrerelease && (value == "<0.0.0-0" || otherValue == "<0.0.0-0") { return false }
        if !includePrerelease && (value.hasPrefix("<0.0.0") || otherValue.hasPrefix("<0.0.0")) { return false }
        if `operator`.isGreater && other.operator.isGreater { return true }
        if `operator`.isLess && other.operator.isLess { return true }
        if version == otherVersion && `operator`.includesEqual && other.operator.includesEqual { return true }
        let order = Version.compare(version, otherVersion)
        if order < 0 && `operator`.isGreater && other.operator.isLess { return true }
        if order > 0 && `operator`.isLess && other.operator.isGreater { return true }
        return false
    }

    /// `new Range(comparator.value, options).test(version)`: the comparator re-parsed as a range (where
    /// `>=0.0.0` becomes ANY), with the prerelease rule.
    static func singleRangeTest(_ comparator: Comparator, _ version: Version, includePrerelease: Bool) -> Bool {
        var effective = comparator
        if let bound = comparator.version, comparator.operator == .greaterOrEqual, bound.major == 0,
           bound.minor == 0, bound.patch == 0,
           includePrerelease ? bound.prerelease == [.numeric(0)] : bound.prerelease.isEmpty {
            effective = .any
        }
        return VersionRange.testSet([effective], version, includePrerelease: includePrerelease)
    }
}
