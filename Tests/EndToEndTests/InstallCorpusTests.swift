import Foundation
import PkgTestSupport
import Testing

/// `pkg install` of a real dependency graph: the `node-tar` corpus (361 package versions rebuilt
/// from a real lockfile, see `../shared/corpus/README.md`) published to a live `pkg-registry`,
/// installed without a lockfile, then checked by `Fixtures/check-tree.js` under `node`: every
/// dependency edge of every installed package must resolve through Node's own lookup to a version
/// satisfying its range. The tree the real `npm install` builds from the same registry is printed
/// beside it for comparison (not asserted: pkg places and dedupes differently by design).
@Suite(.serialized) struct InstallCorpusTests {
    /// What `check-tree.js` prints.
    private struct TreeReport: Decodable {
        struct Failure: Decodable, CustomStringConvertible {
            var from: String
            var folder: String
            var kind: String
            var dependency: String
            var spec: String
            var found: String?
            var problem: String
            var description: String { "\(from) (\(folder)) \(kind) `\(dependency)@\(spec)`: \(problem)" + (found.map { " at \($0)" } ?? "") }
        }
        var packages: Int
        var edges: Int
        var skipped: Int
        var failures: [Failure]
        /// Installed folder, relative to the project, to `name@version`.
        var versions: [String: String]
    }

    private struct Tools {
        let node: String
        let npm: String
        let python: String
        let pkg: PkgBinary
        let corpus: URL
        let semver: String
    }

    private static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/check-tree.js").path

    private static func tools() async throws -> Tools? {
        guard let node = RegistryTestSupport.which("node"), let npm = RegistryTestSupport.which("npm") else {
            print("skipping: node or npm is not on PATH")
            return nil
        }
        guard let python = RegistryTestSupport.which("python3") else {
            print("skipping: python3 is not on PATH (the corpus scripts need it)")
            return nil
        }
        guard let project = SharedCorpus.project("node-tar") else {
            print("skipping: the shared corpus (`../shared/corpus/node-tar`) is absent; set PKG_CORPUS_DIR")
            return nil
        }
        guard let pkg = PkgBinary.find() else { return nil }
        let npmRoot = try await RegistryTestSupport.run(npm, ["root", "-g"], in: NSTemporaryDirectory())
        let semver = npmRoot.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/npm/node_modules/semver"
        guard FileManager.default.fileExists(atPath: semver + "/package.json") else {
            print("skipping: node-semver is not at `\(semver)`")
            return nil
        }
        return Tools(node: node, npm: npm, python: python, pkg: pkg, corpus: project.deletingLastPathComponent(), semver: semver)
    }

    private static func check(_ project: String, _ tools: Tools) async throws -> TreeReport? {
        let result = try await RegistryTestSupport.run(tools.node, [checker, project, tools.semver], in: project)
        guard result.status == 0 else {
            Issue.record("check-tree.js failed with \(result.status):\n\(result.output)")
            return nil
        }
        do {
            return try JSONDecoder().decode(TreeReport.self, from: Data(result.stdout.utf8))
        } catch {
            Issue.record("check-tree.js printed no report (\(error)):\n\(result.output.prefix(2000))")
            return nil
        }
    }

    private static func elapsed(since start: Date) -> String {
        String(format: "%.1fs", Date().timeIntervalSince(start))
    }

    @Test func nodeTarCorpusInstallsATreeNodeResolves() async throws {
        guard let tools = try await Self.tools() else { return }
        let root = RegistryTestSupport.temporaryDirectory("corpus")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = FileManager.default
        let started = Date()

        // The seed: publish documents and the project's root package.json.
        let seed = root + "/seed"
        let make = try await RegistryTestSupport.run(tools.python, ["make_registry_seed.py", "node-tar", seed], in: tools.corpus.path)
        try #require(make.status == 0, "make_registry_seed.py failed:\n\(make.output)")

        // A fresh registry, an account to publish with, and the whole graph published into it.
        let server = try await RegistryProcess.start(dataDirectory: root + "/data", arguments: ["--allow-signup"])
        defer { server.stop() }
        let signup: [String: Any] = ["name": "loader", "password": "loader-password-1", "email": "loader@example.com", "type": "user", "roles": [String]()]
        let response = try await RegistryTestSupport.request(
            "PUT", server.baseURL + "/-/user/org.couchdb.user:loader", body: Array(try JSONSerialization.data(withJSONObject: signup)))
        let token = try #require(RegistryTestSupport.json(response.body)?["token"] as? String, "signup failed with \(response.status)")
        let load = try await RegistryTestSupport.run(
            tools.python, ["load_registry.py", seed, "--registry", server.baseURL + "/", "--token", token, "--concurrency", "8"],
            in: tools.corpus.path)
        try #require(load.status == 0 && load.stdout.contains("\"failed\": 0"), "load_registry.py failed:\n\(load.output)")
        print("corpus node-tar: seeded and published in \(Self.elapsed(since: started))")

        // pkg install from the project's package.json alone, with an empty HOME so no user .npmrc applies.
        let home = root + "/home"
        try files.createDirectory(atPath: home, withIntermediateDirectories: true)
        let project = root + "/app"
        try files.copyItem(atPath: seed + "/root", toPath: project)
        try? files.removeItem(atPath: project + "/package-lock.json")
        let installStarted = Date()
        let install = try tools.pkg.run(
            ["install", "--registry", server.baseURL + "/", "--cache", root + "/pkg-cache"], in: project,
            environment: ["HOME": home, "PKG_CACHE_DIR": root + "/pkg-cache"])
        try #require(install.status == 0, "pkg install failed:\n\(install.stdout)\(install.stderr)")
        print("corpus node-tar: pkg install took \(Self.elapsed(since: installStarted)): \(install.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")

        // Every edge of every installed package resolves, through Node, to a satisfying version.
        let report = try #require(try await Self.check(project, tools))
        print("corpus node-tar: pkg tree has \(report.packages) packages, \(report.edges) edges checked, \(report.skipped) absent optional edges skipped")
        #expect(report.packages >= 300, "only \(report.packages) packages installed")
        #expect(report.failures.isEmpty, "\(report.failures.count) broken edges:\n\(report.failures.prefix(40).map(\.description).joined(separator: "\n"))")

        // A root dependency loads and reports the version installed for it.
        let installedMinipass = try #require(report.versions["node_modules/minipass"], "minipass is not hoisted to node_modules")
        let loaded = try await RegistryTestSupport.run(tools.node, ["-e", "process.stdout.write(require('minipass'))"], in: project)
        #expect(loaded.status == 0, "\(loaded.output)")
        #expect(loaded.stdout == installedMinipass)
        #expect(loaded.stdout.hasPrefix("minipass@7."))

        // The real npm from the same registry, for comparison only.
        let npmProject = root + "/npm-app"
        try files.copyItem(atPath: seed + "/root", toPath: npmProject)
        try? files.removeItem(atPath: npmProject + "/package-lock.json")
        files.createFile(atPath: home + "/.npmrc", contents: Data())
        let npmStarted = Date()
        let npmInstall = try await RegistryTestSupport.run(
            tools.npm,
            [
                "install", "--registry", server.baseURL + "/", "--cache", root + "/npm-cache", "--userconfig", home + "/.npmrc",
                "--no-audit", "--no-fund", "--ignore-scripts",
            ],
            in: npmProject, environment: ["HOME": home])
        guard npmInstall.status == 0 else {
            print("corpus node-tar: npm install failed, no comparison:\n\(npmInstall.output)")
            return
        }
        print("corpus node-tar: npm install took \(Self.elapsed(since: npmStarted))")
        guard let npmReport = try await Self.check(npmProject, tools) else { return }
        print("corpus node-tar: npm tree has \(npmReport.packages) packages, \(npmReport.edges) edges, \(npmReport.failures.count) broken")
        print(Self.differences(pkg: report.versions, npm: npmReport.versions))
        print("corpus node-tar: total \(Self.elapsed(since: started))")
    }

    /// The name@versions only one tool installed, and the folders where they placed different versions.
    private static func differences(pkg: [String: String], npm: [String: String]) -> String {
        let pkgVersions = Set(pkg.values), npmVersions = Set(npm.values)
        var lines = ["corpus node-tar: differences from npm install (pkg \(pkgVersions.count) name@versions in \(pkg.count) folders, npm \(npmVersions.count) in \(npm.count))"]
        lines.append("  name@version only pkg installed: \(pkgVersions.subtracting(npmVersions).sorted())")
        lines.append("  name@version only npm installed: \(npmVersions.subtracting(pkgVersions).sorted())")
        for folder in Set(pkg.keys).union(npm.keys).sorted() where pkg[folder] != npm[folder] {
            lines.append("  \(folder): pkg \(pkg[folder] ?? "-"), npm \(npm[folder] ?? "-")")
        }
        return lines.joined(separator: "\n")
    }
}
