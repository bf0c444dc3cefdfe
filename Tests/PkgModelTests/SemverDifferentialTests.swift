// The acceptance test for semver: our answers against the real node-semver shipped with npm.
//
// Environment: PKG_SEMVER_SEED (default: time-derived, printed on failure) and PKG_SEMVER_CASES
// (default 50000). node runs once per batch; the test skips, saying why, when node or npm is absent.

import Foundation
import PkgModel
import PkgTestSupport
import Testing

/// One answer, in the JSON shape the node script prints.
enum SemverAnswer: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Int)
    case text(String)

    static let thrown = SemverAnswer.text("!throw")

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .number(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    init(_ text: String?) { self = text.map(SemverAnswer.text) ?? .null }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): String(value)
        case .text(let text): "\"\(text)\""
        }
    }
}

@Suite struct SemverDifferentialTests {
    static let script = #"""
    const semver = require(process.argv[2]);
    const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    const version = (v) => (v ? v.version : null);
    const answers = cases.map((c) => {
      const [kind, flags] = c;
      const options = { loose: (flags & 1) !== 0, includePrerelease: (flags & 2) !== 0 };
      try {
        switch (kind) {
          case 'valid': return semver.valid(c[2], options);
          case 'compare': return semver.compare(c[2], c[3], options.loose);
          case 'satisfies': return semver.satisfies(c[2], c[3], options);
          case 'validRange': return semver.validRange(c[2], options);
          case 'maxSatisfying': return semver.maxSatisfying(c[2], c[3], options);
          case 'minSatisfying': return semver.minSatisfying(c[2], c[3], options);
          case 'minVersion': return version(semver.minVersion(c[2], options));
          case 'intersects': return semver.intersects(c[2], c[3], options);
          case 'subset': return semver.subset(c[2], c[3], options);
          case 'coerce': return version(semver.coerce(c[2], { loose: options.loose }));
          case 'inc': return semver.inc(c[2], c[3], options, c[4] === '' ? undefined : c[4]);
          case 'diff': return semver.diff(c[2], c[3]);
          default: return '!unknown';
        }
      } catch (error) {
        return '!throw';
      }
    });
    process.stdout.write(JSON.stringify(answers));
    """#

    static let requiredKinds: [SemverCase.Kind] = [
        .valid, .compare, .satisfies, .satisfies, .satisfies, .validRange, .validRange, .maxSatisfying,
        .minSatisfying, .minVersion, .minVersion, .intersects, .intersects,
    ]

    static let extraKinds: [SemverCase.Kind] = [.subset, .coerce, .inc, .diff]

    @Test func agreesWithNodeSemver() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let node = NodeOracle.find() else {
            print("SemverDifferentialTests: skipped, `node` is not on PATH")
            return
        }
        guard let semverPath = await node.npmBundledModule("semver") else {
            print("SemverDifferentialTests: skipped, npm's bundled node-semver was not found (`npm root -g`)")
            return
        }
        let seed = environment["PKG_SEMVER_SEED"].flatMap { UInt64($0) }
            ?? UInt64(Date().timeIntervalSince1970 * 1000)
        let count = environment["PKG_SEMVER_CASES"].flatMap { Int($0) } ?? 50_000

        print("SemverDifferentialTests: PKG_SEMVER_SEED=\(seed) PKG_SEMVER_CASES=\(count)")
        var generator = SemverCaseGenerator(seed: seed)
        let cases = (0..<count).map { _ in generator.next(kinds: SemverDifferentialTests.requiredKinds + SemverDifferentialTests.extraKinds) }
        let expected = try await node.run(
            script: SemverDifferentialTests.script, input: cases, as: [SemverAnswer].self, arguments: [semverPath]
        )
        try #require(expected.count == cases.count)

        var differences: [String] = []
        var differenceCount = 0
        for (index, testCase) in cases.enumerated() {
            let ours = SemverDifferentialTests.answer(testCase)
            guard ours != expected[index] else { continue }
            differenceCount += 1
            if differences.count < 20 {
                differences.append("\(testCase.summary)\n    ours: \(ours)\n    node: \(expected[index])")
            }
        }
        if differenceCount > 0 {
            Issue.record("""
                \(differenceCount) of \(count) cases disagree with node-semver (PKG_SEMVER_SEED=\(seed) \
                PKG_SEMVER_CASES=\(count) reproduces them); the first \(differences.count):
                \(differences.joined(separator: "\n"))
                """)
        }
    }

    /// Our answer to one case, shaped like node's.
    static func answer(_ testCase: SemverCase) -> SemverAnswer {
        let loose = testCase.loose, includePrerelease = testCase.includePrerelease
        func range(_ index: Int) -> VersionRange? {
            try? VersionRange(testCase.text(index), loose: loose, includePrerelease: includePrerelease)
        }
        switch testCase.kind {
        case .valid:
            return SemverAnswer(Version.parse(testCase.text(0), loose: loose)?.description)
        case .compare:
            guard let left = Version.parse(testCase.text(0), loose: loose),
                  let right = Version.parse(testCase.text(1), loose: loose)
            else { return .thrown }
            return .number(Version.compare(left, right))
        case .satisfies:
            guard let range = range(1), let version = Version.parse(testCase.text(0), loose: loose) else {
                return .bool(false)
            }
            return .bool(range.satisfied(by: version))
        case .validRange:
            return SemverAnswer(range(0)?.normalized)
        case .maxSatisfying, .minSatisfying:
            guard let range = range(1) else { return .null }
            let candidates = testCase.list(0)
            let parse = { (text: String) in Version.parse(text, loose: loose) }
            let found = testCase.kind == .maxSatisfying
                ? range.maxSatisfying(candidates, version: parse)
                : range.minSatisfying(candidates, version: parse)
            return SemverAnswer(found)
        case .minVersion:
            guard let range = range(0) else { return .thrown }
            do {
                return SemverAnswer(try range.minVersion()?.description)
            } catch {
                return .thrown
            }
        case .intersects:
            guard let left = range(0), let right = range(1) else { return .thrown }
            return .bool(left.intersects(right))
        case .subset:
            if testCase.text(0) == testCase.text(1) { return .bool(true) }  // node compares the strings first
            guard let sub = range(0), let dom = range(1) else { return .thrown }
            return .bool(sub.isSubset(of: dom))
        case .coerce:
            return SemverAnswer(Version.coerce(testCase.text(0), loose: loose)?.description)
        case .inc:
            guard let version = Version.parse(testCase.text(0), loose: loose),
                  let release = ReleaseType(rawValue: testCase.text(1))
            else { return .null }
            let identifier = testCase.text(2)
            return SemverAnswer(try? version.incremented(release, identifier: identifier.isEmpty ? nil : identifier).description)
        case .diff:
            guard let first = Version.parse(testCase.text(0)), let second = Version.parse(testCase.text(1)) else {
                return .thrown
            }
            return SemverAnswer(Version.diff(first, second)?.rawValue)
        }
    }
}
