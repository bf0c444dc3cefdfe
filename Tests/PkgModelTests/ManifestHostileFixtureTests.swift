import Foundation
import PkgModel
import Testing

/// Hostile package.json files, one per file under Fixtures/manifest/hostile, each with the exact
/// diagnostic `pkg` prints in the `.expected` file beside it. Set PKG_UPDATE_FIXTURES=1 to rewrite
/// the expectations after an intended message change (then review the diff).
@Suite struct ManifestHostileFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/manifest/hostile")

    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    @Test func everyFixtureHasAnExpectation() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test(arguments: fixtures)
    func hostileManifestIsRefusedWithItsDiagnostic(fixture: String) throws {
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(fixture))
        let error = try #require(throws: ManifestError.self) {
            try PackageManifest(parsing: bytes, file: fixture)
        }
        let rendered = error.rendered() + "\n"
        let expectedFile = Self.folder.appendingPathComponent(fixture.replacing(".json", with: ".expected"))
        if ProcessInfo.processInfo.environment["PKG_UPDATE_FIXTURES"] == "1" {
            try Data(rendered.utf8).write(to: expectedFile)
        }
        let expected = try String(contentsOf: expectedFile, encoding: .utf8)
        #expect(rendered == expected)
    }
}
