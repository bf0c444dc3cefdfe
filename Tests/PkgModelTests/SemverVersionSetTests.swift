// The set algebra ranges lower into: identities, the prerelease rule as sets, and agreement with
// `satisfied(by:)` on a grid of versions.

import PkgModel
import Testing

@Suite struct SemverVersionSetTests {
    static let grid: [Version] = {
        var versions: [Version] = []
        for major in 0...3 {
            for minor in 0...2 {
                for patch in 0...2 {
                    for prerelease in ["", "-0", "-alpha", "-alpha.1", "-beta", "-rc.1"] {
                        if let version = Version.parse("\(major).\(minor).\(patch)\(prerelease)") { versions.append(version) }
                    }
                }
            }
        }
        return versions
    }()

    static let ranges = [
        "*", "^1.2.3", "~1.1", "1.x", ">=1.0.0 <2.0.0", ">1.1.1-alpha <3", "1.2.1-alpha", "<=2.1.0-beta",
        "1.0.0 - 2.1", "^0.1.2 || ^2.0.0-rc.1", "<0.0.0-0", ">=0.0.0-0", "=2.2.2", "<1.2.1 || >1.2.1",
    ]

    @Test(arguments: ranges, [false, true])
    func containsAgreesWithSatisfies(text: String, includePrerelease: Bool) throws {
        let range = try VersionRange(text, includePrerelease: includePrerelease)
        let set = range.versionSet
        for version in SemverVersionSetTests.grid {
            #expect(set.contains(version) == range.satisfied(by: version), "\(text) \(version)")
            #expect(set.complement.contains(version) == !range.satisfied(by: version), "\(text) \(version)")
        }
    }

    @Test(arguments: ranges, ranges)
    func algebraAgreesPointwise(left: String, right: String) throws {
        let a = try VersionRange(left).versionSet, b = try VersionRange(right).versionSet
        let both = a.intersection(b), either = a.union(b)
        for version in SemverVersionSetTests.grid {
            #expect(both.contains(version) == (a.contains(version) && b.contains(version)))
            #expect(either.contains(version) == (a.contains(version) || b.contains(version)))
        }
        #expect(a.intersection(a.complement).isEmpty)
        #expect(a.union(a.complement) == .full)
        #expect(a.complement.complement == a)
        #expect(both.isSubset(of: a) && a.isSubset(of: either))
        #expect(a.intersection(b) == b.intersection(a))
    }

    @Test func prereleaseRuleAsSets() throws {
        let caret = try VersionRange("^1.2.3").versionSet
        #expect(caret.contains(try Version("1.9.0")))
        #expect(!caret.contains(try Version("1.9.0-rc.1")))
        let pre = try VersionRange(">=1.2.3-beta <2").versionSet
        #expect(pre.contains(try Version("1.2.3-rc")))
        #expect(!pre.contains(try Version("1.2.4-rc")))
        #expect(VersionSet.exactly(try Version("1.2.3+build")).contains(try Version("1.2.3")))
        #expect(VersionSet.exactly(try Version("1.2.3")).isSubset(of: caret))
        #expect(!VersionSet.exactly(try Version("1.2.3-rc")).isSubset(of: caret))
    }

    @Test func equalSetsAreEqualValues() throws {
        #expect(try VersionRange("1.x").versionSet == VersionRange(">=1.0.0 <2.0.0-0").versionSet)
        #expect(try VersionRange("<=1.2.3").versionSet == VersionRange("<1.2.4").versionSet)
        #expect(try VersionRange(">1.2.3", includePrerelease: true).versionSet
            == VersionRange(">=1.2.4-0", includePrerelease: true).versionSet)
        #expect(try VersionRange(">1.2.3").versionSet != VersionRange(">=1.2.4-0").versionSet)
        #expect(try VersionRange(">2 <1").versionSet == .empty)
        #expect(try VersionRange("*", includePrerelease: true).versionSet == .full)
        #expect(VersionSet.empty.complement == .full)
    }

    /// The lowering agrees with `satisfied(by:)` on generated ranges, the hostile ones included. Versions
    /// with prerelease numbers above 2^53 are left out: node orders those through doubles, which no set
    /// of intervals can follow (see `VersionSet.swift`).
    @Test func loweringAgreesWithSatisfiesOnGeneratedRanges() {
        var generator = SemverCaseGenerator(seed: 20_261_125)
        var checked = 0
        for _ in 0..<5_000 {
            let loose = generator.random.chance(40), includePrerelease = generator.random.chance(40)
            guard let range = try? VersionRange(generator.range(), loose: loose, includePrerelease: includePrerelease),
                  let version = Version.parse(generator.version(), loose: loose),
                  !version.prerelease.contains(where: { if case .alphanumeric(let text) = $0 { text.allSatisfy(\.isNumber) } else { false } })
            else { continue }
            checked += 1
            #expect(range.versionSet.contains(version) == range.satisfied(by: version), "\(range) \(version)")
        }
        #expect(checked > 250)
    }
}
