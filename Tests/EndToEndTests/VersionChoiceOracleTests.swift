import Foundation
import PkgTestSupport
import Testing

/// Version choice against the real npm: one package with many versions (prereleases, deprecated
/// versions, engines that the running node fails, a `latest` tag below the highest version, other
/// dist-tags) on a live `pkg-registry`, and one project with dozens of `npm:` aliases of it, one per
/// range. `pkg install` and `npm install --package-lock-only` must pick the same version per alias.
@Suite(.serialized) struct VersionChoiceOracleTests {
    /// Versions of `multi`, with what their package.json adds (deprecation, engines).
    static var versions: [(String, [String: Any])] {
        [
        ("0.0.1", [:]), ("0.1.0", [:]), ("0.1.5", [:]), ("0.2.0-beta.1", [:]), ("0.2.0", [:]),
        ("1.0.0-alpha.1", [:]), ("1.0.0-alpha.2", [:]), ("1.0.0-beta.1", [:]), ("1.0.0-rc.1", [:]),
        ("1.0.0", [:]), ("1.0.1", [:]), ("1.1.0", [:]), ("1.2.0", [:]),
        ("1.2.1", ["deprecated": "1.2.1 leaks memory"]), ("1.2.2", ["deprecated": "1.2.2 leaks memory"]),
        ("1.3.0-beta.0", [:]), ("1.3.0", [:]),
        ("2.0.0-rc.1", [:]), ("2.0.0", [:]), ("2.1.0", [:]), ("2.1.1-beta.1", [:]),
        ("2.2.0", ["deprecated": "use 2.1"]), ("2.3.0", ["deprecated": "use 2.1"]),
        ("3.0.0-alpha.1", [:]), ("3.0.0", [:]), ("3.1.0", [:]), ("3.2.0-next.0", [:]),
        ("3.3.0", ["engines": ["node": ">=99"]]), ("3.4.0", ["engines": ["node": ">=14"]]),
        ("4.0.0", ["engines": ["node": "<1"]]), ("4.0.1", ["deprecated": "bad"]),
        ("5.0.0", ["deprecated": "bad", "engines": ["node": ">=99"]]),
        ("6.0.0", [:]), ("6.0.1", ["engines": ["npm": ">=99"]]),
        ]
    }
    static let tags = ["latest": "2.1.0", "next": "3.2.0-next.0", "beta": "1.3.0-beta.0", "legacy": "0.2.0", "old": "1.2.2"]

    /// One alias per specifier after `npm:multi@` (an empty one means `npm:multi`).
    static let specifiers = [
        "", "*", "x", "X", "latest", "next", "beta", "legacy", "old",
        "^1.0.0", "~1.2.0", "1.2.x", "1.x", "1", "2", "3", "0", "0.1", "^0.1.0", "~0.1.0", "^0.2.0", "^0.0.1", "^1.x", "~>1.1.0",
        ">=1.0.0 <2.0.0", "1.0.0 - 1.2.0", "1 - 2", "1.1 - 3", "<1.0.0", "<=1.2.1", ">1.2.2", ">=2.0.0", ">= 2.1.0 < 3", ">=2.1.1",
        "^1.3.0-beta.0", "^1.0.0-alpha.1", "~1.0.0-alpha.1", ">=1.0.0-alpha.2 <1.0.0", "^2.1.1-beta.1", "^3.2.0-next.0",
        "^2.0.0-rc.1", "^0.2.0-beta.1", "1.0.0-beta.1", ">=3.0.0-alpha.1", "<2.0.0-0",
        "1.2.1", "=1.2.2", "v1.1.0", "1.2.0", "2.0.0", "3.3.0",
        "^1.2.1 || ^3.0.0", "<0.1.0 || >=3.1.0", "1.2.x || 2.x", "~2.2.0", "^2.2.0", "2.2.0 - 2.3.0", "^1.2.1 <1.3.0",
        "3.0.0 - 3.3.0", "~3.3.0", "^3.0.0", "^4.0.0", "^5.0.0", ">=4", "~6.0.0", "^6.0.0", ">=0.0.0",
    ]

    @Test func everyAliasGetsTheVersionNpmPicks() async throws {
        guard let pkg = PkgBinary.find() else { return }
        let root = RegistryTestSupport.temporaryDirectory("version-oracle")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let registry = try await LiveRegistry.start(root: root)
        defer { registry.stop() }
        guard let npm = NpmOracle.find(registry: registry.url, root: root) else { return }
        for (version, extra) in Self.versions {
            try await registry.publish("multi", version, manifest: extra, tag: version.contains("-") ? "pre" : "latest")
        }
        for (tag, version) in Self.tags { try await registry.tag("multi", version, as: tag) }

        var dependencies: [String: String] = [:]
        var aliasOf: [String: String] = [:]
        for (index, specifier) in Self.specifiers.enumerated() {
            let alias = String(format: "a%02d", index)
            dependencies[alias] = specifier.isEmpty ? "npm:multi" : "npm:multi@" + specifier
            aliasOf[alias] = specifier
        }
        let manifest: [String: Any] = ["name": "oracle", "version": "1.0.0", "dependencies": dependencies]
        try ProjectFiles.writeJSON(manifest, to: root + "/pkg-app/package.json")
        try ProjectFiles.writeJSON(manifest, to: root + "/npm-app/package.json")

        let home = root + "/pkg-home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let install = try await pkg.run(
            ["install", "--registry", registry.url], in: root + "/pkg-app", environment: ["HOME": home, "PKG_CACHE_DIR": root + "/pkg-cache"])
        try #require(install.status == 0, "pkg install failed:\n\(install.stderr)")
        let npmInstall = try await npm.run(["install", "--package-lock-only"], in: root + "/npm-app")
        try #require(npmInstall.status == 0, "npm install failed:\n\(npmInstall.output)")
        let lock = try #require(ProjectFiles.readJSON(root + "/npm-app/package-lock.json"))
        let lockedPackages = try #require(lock["packages"] as? [String: Any])

        var mismatches: [String] = []
        var distinct = Set<String>()
        for alias in dependencies.keys.sorted() {
            let npmVersion = (lockedPackages["node_modules/" + alias] as? [String: Any])?["version"] as? String
            let pkgVersion = ProjectFiles.installedVersion(root + "/pkg-app/node_modules/" + alias)
            distinct.insert(npmVersion ?? "-")
            if npmVersion != pkgVersion {
                mismatches.append("`multi@\(aliasOf[alias] ?? "")` (\(alias)): npm \(npmVersion ?? "-"), pkg \(pkgVersion ?? "-")")
            }
        }
        print("version oracle: \(dependencies.count) ranges over \(Self.versions.count) versions, npm chose \(distinct.count) distinct versions")
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(dependencies.count) aliases differ:\n\(mismatches.joined(separator: "\n"))")
        #expect(distinct.count >= 20, "the ranges should exercise many versions, got \(distinct.sorted())")
        // The engines-failing exact pick is installed with a warning naming the running node.
        let node = try #require(RegistryTestSupport.which("node"))
        let nodeVersion = try await RegistryTestSupport.run(node, ["--version"], in: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(install.stderr.contains("Unsupported node engine for `multi@3.3.0`"), "\(install.stderr)")
        #expect(install.stderr.contains("wanted node >=99, current \(nodeVersion.hasPrefix("v") ? String(nodeVersion.dropFirst()) : nodeVersion)"), "\(install.stderr)")

        // engine-strict (from the project's .npmrc) turns it into an error, for pkg as for npm.
        let strictManifest: [String: Any] = ["name": "strict", "version": "1.0.0", "dependencies": ["multi": "3.3.0"]]
        for folder in ["pkg-strict", "npm-strict"] {
            try ProjectFiles.writeJSON(strictManifest, to: root + "/\(folder)/package.json")
            try "engine-strict=true\n".write(toFile: root + "/\(folder)/.npmrc", atomically: true, encoding: .utf8)
        }
        let strict = try await pkg.run(
            ["install", "--registry", registry.url], in: root + "/pkg-strict", environment: ["HOME": home, "PKG_CACHE_DIR": root + "/pkg-cache"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("error EBADENGINE: Unsupported node engine for `multi@3.3.0`"), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/pkg-strict/node_modules/multi"))
        let npmStrict = try await npm.run(["install", "--package-lock-only"], in: root + "/npm-strict")
        #expect(npmStrict.status != 0 && npmStrict.output.contains("EBADENGINE"), "npm is the oracle here:\n\(npmStrict.output)")
    }
}
