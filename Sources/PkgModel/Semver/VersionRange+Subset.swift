// node-semver's `subset` (`ranges/subset.js`): is every version this range accepts also accepted by
// another? npm uses it to keep a user's range when saving (`^1.2.5` is a subset of `1.x`).
//
// node decides per comparator set, by bounds rather than by enumerating versions, with the prerelease
// rule folded in: a set whose lower bound names a prerelease (`>=1.2.3-pre`) is a subset only of a set
// that names a prerelease on the same MAJOR.MINOR.PATCH, since it admits that tuple's prereleases.
// An alternative that can hold no version (`>2 <1`) is ignored unless every alternative is like it.
// For exact set algebra use `VersionSet.isSubset(of:)`; this follows node's answers, quirks included.

extension VersionRange {
    /// Whether this range is a subset of `other` (node's `semver.subset`, with this range's options).
    public func isSubset(of other: VersionRange) -> Bool {
        var sawNonNull = false
        outer: for mine in comparatorSets {
            for theirs in other.comparatorSets {
                let result = VersionRange.simpleSubset(mine, theirs, includePrerelease: includePrerelease)
                sawNonNull = sawNonNull || result != nil
                if result == true { continue outer }
            }
            if sawNonNull { return false }
        }
        return true
    }

    /// `true`/`false`, or `nil` when `sub` can hold no version at all.
    private static func simpleSubset(_ sub: [Comparator], _ dom: [Comparator], includePrerelease: Bool) -> Bool? {
        let zero = Version(major: 0, minor: 0, patch: 0)
        var sub = sub, dom = dom
        if sub.count == 1 && sub[0].isAny {
            if dom.count == 1 && dom[0].isAny { return true }
            let lowest = includePrerelease ? Version(major: 0, minor: 0, patch: 0, prerelease: [.numeric(0)]) : zero
            sub = [Comparator(.greaterOrEqual, lowest)]
        }
        if dom.count == 1 && dom[0].isAny {
            if includePrerelease { return true }
            dom = [Comparator(.greaterOrEqual, zero)]
        }

        var equals: [Version] = []
        var greater: Comparator?, less: Comparator?
        for comparator in sub {
            guard let version = comparator.version else { continue }
            if comparator.operator.isGreater {
                greater = higherGreater(greater, comparator).comparator
            } else if comparator.operator.isLess {
                less = lowerLess(less, comparator).comparator
            } else {
                equals.append(version)
            }
        }
        if equals.count > 1 { return nil }

        var boundsOrder: Int?
        if let greater, let less, let low = greater.version, let high = less.version {
            let order = Version.compare(low, high)
            boundsOrder = order
            if order > 0 { return nil }
            if order == 0 && (greater.operator != .greaterOrEqual || less.operator != .lessOrEqual) { return nil }
        }

        func test(_ version: Version, _ comparator: Comparator) -> Bool {
            Comparator.singleRangeTest(comparator, version, includePrerelease: includePrerelease)
        }

        if let equal = equals.first {
            if let greater, !test(equal, greater) { return nil }
            if let less, !test(equal, less) { return nil }
            return dom.allSatisfy { test(equal, $0) }
        }

        var needGreaterPrerelease = includePrerelease ? nil : greater?.version.flatMap { $0.isPrerelease ? $0 : nil }
        var needLessPrerelease = includePrerelease ? nil : less?.version.flatMap { $0.isPrerelease ? $0 : nil }
        // `<1.2.3-0` is the same as `<1.2.3`.
        if let needed = needLessPrerelease, needed.prerelease == [.numeric(0)], less?.operator == .less {
            needLessPrerelease = nil
        }
        var domHasGreater = false, domHasLess = false
        for comparator in dom {
            domHasGreater = domHasGreater || comparator.operator.isGreater
            domHasLess = domHasLess || comparator.operator.isLess
            if let greater, let low = greater.version {
                if let needed = needGreaterPrerelease, let version = comparator.version, version.isPrerelease,
                   version.release == needed.release {
                    needGreaterPrerelease = nil
                }
                if comparator.operator.isGreater {
                    if higherGreater(greater, comparator).isSecond { return false }
                } else if greater.operator == .greaterOrEqual && !test(low, comparator) {
                    return false
                }
            }
            if let less, let high = less.version {
                if let needed = needLessPrerelease, let version = comparator.version, version.isPrerelease,
                   version.release == needed.release {
                    needLessPrerelease = nil
                }
                if comparator.operator.isLess {
                    if lowerLess(less, comparator).isSecond { return false }
                } else if less.operator == .lessOrEqual && !test(high, comparator) {
                    return false
                }
            }
            if comparator.operator == .equal && (less != nil || greater != nil) && boundsOrder != 0 { return false }
        }
        if greater != nil && domHasLess && less == nil && boundsOrder != 0 { return false }
        if less != nil && domHasGreater && greater == nil && boundsOrder != 0 { return false }
        if needGreaterPrerelease != nil || needLessPrerelease != nil { return false }
        return true
    }

    /// node's `higherGT`: the stricter lower bound (`>1.2.3` over `>=1.2.3`); the first wins ties.
    private static func higherGreater(_ first: Comparator?, _ second: Comparator) -> (comparator: Comparator, isSecond: Bool) {
        guard let first, let a = first.version, let b = second.version else { return (second, true) }
        let order = Version.compare(a, b)
        if order > 0 { return (first, false) }
        if order < 0 { return (second, true) }
        return second.operator == .greater && first.operator == .greaterOrEqual ? (second, true) : (first, false)
    }

    /// node's `lowerLT`: the stricter upper bound (`<1.2.3` over `<=1.2.3`); the first wins ties.
    private static func lowerLess(_ first: Comparator?, _ second: Comparator) -> (comparator: Comparator, isSecond: Bool) {
        guard let first, let a = first.version, let b = second.version else { return (second, true) }
        let order = Version.compare(a, b)
        if order < 0 { return (first, false) }
        if order > 0 { return (second, true) }
        return second.operator == .less && first.operator == .lessOrEqual ? (second, true) : (first, false)
    }
}
