import Foundation
import PkgTestSupport
import Testing

/// `pkg install` of real dependency graphs: a corpus of `../shared/corpus` (package versions rebuilt
/// from a real lockfile, see its README) published to a live `pkg-registry`, installed without a
/// lockfile with the project's `.npmrc` resolution settings, then checked by `Fixtures/check-tree.js`
/// under `node`: every dependency edge of every installed package must resolve through Node's own
/// lookup to a version satisfying its range. The real `npm install` (fresh resolution) then builds
/// its tree from the same registry, and the differences must be only the kinds docs/resolution.md
/// explains: pkg installs no `name@version` npm does not, and never more distinct versions.
///
/// `node-tar` (361 versions, about a minute) always runs; `uptime-kuma` (1,199) and
/// `saleor-dashboard` (2,494) take minutes to publish and run only with
/// `PKG_TEST_LARGE_CORPORA=1` (which `scripts/test` sets).
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

    private static func tools(_ corpus: String) async throws -> Tools? {
        guard let node = RegistryTestSupport.which("node"), let npm = RegistryTestSupport.which("npm") else {
            print("skipping: node or npm is not on PATH")
            return nil
        }
        guard let python = RegistryTestSupport.which("python3") else {
            print("skipping: python3 is not on PATH (the corpus scripts need it)")
            return nil
        }
        guard let project = SharedCorpus.project(corpus) else {
            print("skipping: the shared corpus (`../shared/corpus/\(corpus)`) is absent; set PKG_CORPUS_DIR")
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

    /// The folders whose package differs between two trees, for a readable failure.
    private static func layoutDifference(_ one: [String: String], _ other: [String: String]) -> [String] {
        Set(one.keys).union(other.keys).filter { one[$0] != other[$0] }.sorted().prefix(20)
            .map { "\($0): \(one[$0] ?? "-") vs \(other[$0] ?? "-")" }
    }

    private static func elapsed(since start: Date) -> String {
        String(format: "%.1fs", Date().timeIntervalSince(start))
    }

    @Test func nodeTarCorpusInstallsATreeNodeResolves() async throws {
        guard let (report, npmReport) = try await Self.install(corpus: "node-tar") else { return }
        #expect(report.packages >= 300, "only \(report.packages) packages installed")
        _ = npmReport
    }

    @Test func uptimeKumaCorpusInstallsATreeNodeResolves() async throws {
        guard Self.largeCorporaEnabled("uptime-kuma") else { return }
        guard let (report, _) = try await Self.install(corpus: "uptime-kuma") else { return }
        #expect(report.packages >= 1000, "only \(report.packages) packages installed")
    }

    @Test func saleorDashboardCorpusInstallsATreeNodeResolves() async throws {
        guard Self.largeCorporaEnabled("saleor-dashboard") else { return }
        guard let (report, _) = try await Self.install(corpus: "saleor-dashboard") else { return }
        #expect(report.packages >= 2000, "only \(report.packages) packages installed")
    }

    private static func largeCorporaEnabled(_ corpus: String) -> Bool {
        if ProcessInfo.processInfo.environment["PKG_TEST_LARGE_CORPORA"] == "1" { return true }
        print("skipping corpus \(corpus): publishing it takes minutes; set PKG_TEST_LARGE_CORPORA=1 to run it")
        return false
    }

    /// Seeds, publishes and installs `corpus` with pkg, checks the tree, then installs it with npm and
    /// compares; returns both reports (npm's `nil` when npm failed).
    private static func install(corpus: String) async throws -> (TreeReport, TreeReport?)? {
        guard let tools = try await Self.tools(corpus) else { return nil }
        let root = RegistryTestSupport.temporaryDirectory("corpus")
        // `rm -rf` removes thousands of folders far faster than FileManager does.
        defer { _ = try? Process.run(URL(fileURLWithPath: "/bin/rm"), arguments: ["-rf", root]).waitUntilExit() }
        let files = FileManager.default
        let started = Date()

        // The seed: publish documents and the project's root package.json and .npmrc.
        let seed = root + "/seed"
        let make = try await RegistryTestSupport.run(tools.python, ["make_registry_seed.py", corpus, seed], in: tools.corpus.path)
        try #require(make.status == 0, "make_registry_seed.py failed:\n\(make.output)")
        print("corpus \(corpus): seed made in \(Self.elapsed(since: started))")

        // A fresh registry, an account to publish with, and the whole graph published into it.
        let registry = try await LiveRegistry.start(root: root)
        defer { registry.stop() }
        let loadStarted = Date()
        let load = try await RegistryTestSupport.run(
            tools.python, ["load_registry.py", seed, "--registry", registry.url, "--token", registry.token, "--concurrency", "8"],
            in: tools.corpus.path)
        try #require(load.status == 0 && load.stdout.contains("\"failed\": 0"), "load_registry.py failed:\n\(load.output.suffix(3000))")
        print("corpus \(corpus): published in \(Self.elapsed(since: loadStarted))")

        // pkg install from the project's package.json and .npmrc alone, with an empty HOME so no user .npmrc applies.
        let home = root + "/home"
        try files.createDirectory(atPath: home, withIntermediateDirectories: true)
        let project = root + "/app"
        try files.copyItem(atPath: seed + "/root", toPath: project)
        try? files.removeItem(atPath: project + "/package-lock.json")
        let installStarted = Date()
        let install = try await tools.pkg.run(
            ["install", "--registry", registry.url, "--cache", root + "/pkg-cache"], in: project,
            environment: ["HOME": home, "PKG_CACHE_DIR": root + "/pkg-cache"])
        try #require(install.status == 0, "pkg install failed:\n\(install.stdout)\(install.stderr.suffix(4000))")
        print("corpus \(corpus): pkg install took \(Self.elapsed(since: installStarted)): \(install.stderr.split(separator: "\n").last.map(String.init) ?? "")")

        // Every edge of every installed package resolves, through Node, to a satisfying version.
        let report = try #require(try await Self.check(project, tools))
        print("corpus \(corpus): pkg tree has \(report.packages) packages, \(report.edges) edges checked, \(report.skipped) absent optional edges skipped")
        // With `legacy-peer-deps` (uptime-kuma, saleor-dashboard) neither tool installs peers, so a
        // peer range nothing in the graph meets stays unmet; npm's tree is checked for the same edges below.
        // An edge the root's `overrides` replaces (saleor-dashboard pins `resolve`) is checked against
        // the override by check-tree.js, as npm checks it.
        let legacyPeers = (ProjectFiles.read(project + "/.npmrc") ?? "").contains("legacy-peer-deps=true")
        let broken = report.failures.filter { !(legacyPeers && $0.kind == "peerDependencies") }
        #expect(broken.isEmpty, "\(broken.count) broken edges:\n\(broken.prefix(40).map(\.description).joined(separator: "\n"))")

        // `pkg ci` from the lockfile just written, into an empty node_modules, lays out the same tree:
        // the lockfile holds every platform's optionals, and ci must skip the same ones install did.
        try files.removeItem(atPath: project + "/node_modules")
        let ci = try await tools.pkg.run(
            ["ci", "--registry", registry.url, "--cache", root + "/pkg-cache"], in: project,
            environment: ["HOME": home, "PKG_CACHE_DIR": root + "/pkg-cache"])
        try #require(ci.status == 0, "pkg ci failed:\n\(ci.stdout)\(ci.stderr.suffix(4000))")
        let ciReport = try #require(try await Self.check(project, tools))
        let ciBroken = ciReport.failures.filter { !(legacyPeers && $0.kind == "peerDependencies") }
        #expect(ciBroken.isEmpty, "pkg ci: \(ciBroken.count) broken edges:\n\(ciBroken.prefix(40).map(\.description).joined(separator: "\n"))")
        // (uptime-kuma once differed here: ci installed an optional the running node's version excludes.)
        #expect(ciReport.versions == report.versions, "pkg ci laid out a different tree than pkg install: \(Self.layoutDifference(ciReport.versions, report.versions))")

        // A second `pkg install` (its no-op record removed, so it really runs) keeps the lockfile byte for byte.
        let lockBefore = files.contents(atPath: project + "/pkg.lock")
        try files.removeItem(atPath: project + "/node_modules/.pkg-state.json")
        let again = try await tools.pkg.run(
            ["install", "--registry", registry.url, "--cache", root + "/pkg-cache"], in: project,
            environment: ["HOME": home, "PKG_CACHE_DIR": root + "/pkg-cache"])
        try #require(again.status == 0, "second pkg install failed:\n\(again.stderr.suffix(4000))")
        #expect(files.contents(atPath: project + "/pkg.lock") == lockBefore, "a second pkg install rewrote pkg.lock")
        let againReport = try #require(try await Self.check(project, tools))
        #expect(againReport.versions == report.versions, "a second install changed the tree: \(Self.layoutDifference(againReport.versions, report.versions))")

        // Every root dependency loads, from the project, the version installed for it.
        let manifest = ProjectFiles.readJSON(project + "/package.json") ?? [:]
        let rootNames = ((manifest["dependencies"] as? [String: Any]) ?? [:]).keys.sorted()
        let script = "const out = {}; for (const n of \(rootNames.description)) { try { out[n] = require(n + '/package.json').version } catch (e) { out[n] = null } } process.stdout.write(JSON.stringify(out))"
        let loaded = try await RegistryTestSupport.run(tools.node, ["-e", script], in: project)
        let loadedVersions = (try? JSONSerialization.jsonObject(with: Data(loaded.stdout.utf8))) as? [String: Any] ?? [:]
        for name in rootNames where report.versions["node_modules/" + name] != nil {
            let installed = report.versions["node_modules/" + name].flatMap { $0.split(separator: "@").last.map(String.init) }
            #expect(loadedVersions[name] as? String == installed, "require(`\(name)`) loaded \(loadedVersions[name] ?? "nothing"), installed \(installed ?? "-")")
        }

        // The real npm from the same registry, fresh resolution, same .npmrc.
        let npmProject = root + "/npm-app"
        try files.copyItem(atPath: seed + "/root", toPath: npmProject)
        try? files.removeItem(atPath: npmProject + "/package-lock.json")
        files.createFile(atPath: home + "/.npmrc", contents: Data())
        let npmStarted = Date()
        let npmInstall = try await RegistryTestSupport.run(
            tools.npm,
            [
                "install", "--registry", registry.url, "--cache", root + "/npm-cache", "--userconfig", home + "/.npmrc",
                "--no-audit", "--no-fund", "--ignore-scripts",
            ],
            in: npmProject, environment: ["HOME": home])
        guard npmInstall.status == 0 else {
            Issue.record("corpus \(corpus): npm install failed, no comparison:\n\(npmInstall.output.suffix(3000))")
            return (report, nil)
        }
        print("corpus \(corpus): npm install took \(Self.elapsed(since: npmStarted))")
        guard let npmReport = try await Self.check(npmProject, tools) else { return (report, nil) }
        print("corpus \(corpus): npm tree has \(npmReport.packages) packages, \(npmReport.edges) edges, \(npmReport.failures.count) broken")
        let unmetPeers = Set(report.failures.map { "\($0.from) \($0.dependency)" })
        let npmUnmetPeers = Set(npmReport.failures.map { "\($0.from) \($0.dependency)" })
        #expect(unmetPeers.isSubset(of: npmUnmetPeers), "pkg leaves edges unmet that npm meets: \(unmetPeers.subtracting(npmUnmetPeers).sorted())")
        print("corpus \(corpus): unmet edges (peers under legacy-peer-deps): pkg \(report.failures.count), npm \(npmReport.failures.count)")
        let comparison = Comparison(pkg: report.versions, npm: npmReport.versions)
        print(comparison.describe(corpus))
        // The documented kinds only: fewer copies (dedupe) and placement. pkg installs nothing npm
        // does not, and no more distinct name@versions.
        #expect(comparison.onlyPkg.isEmpty, "corpus \(corpus): pkg installed name@versions npm did not: \(comparison.onlyPkg.sorted())")
        #expect(comparison.pkgVersions.count <= comparison.npmVersions.count)
        print("corpus \(corpus): total \(Self.elapsed(since: started))")
        return (report, npmReport)
    }

    /// The name@versions only one tool installed, and the folders where they placed different versions.
    private struct Comparison {
        var pkg: [String: String]
        var npm: [String: String]
        var pkgVersions: Set<String> { Set(pkg.values) }
        var npmVersions: Set<String> { Set(npm.values) }
        var onlyPkg: Set<String> { pkgVersions.subtracting(npmVersions) }
        var onlyNpm: Set<String> { npmVersions.subtracting(pkgVersions) }

        func describe(_ corpus: String) -> String {
            var lines = ["corpus \(corpus): differences from npm install (pkg \(pkgVersions.count) name@versions in \(pkg.count) folders, npm \(npmVersions.count) in \(npm.count))"]
            lines.append("  name@version only pkg installed: \(onlyPkg.sorted())")
            lines.append("  name@version only npm installed: \(onlyNpm.sorted())")
            for folder in Set(pkg.keys).union(npm.keys).sorted() where pkg[folder] != npm[folder] {
                lines.append("  \(folder): pkg \(pkg[folder] ?? "-"), npm \(npm[folder] ?? "-")")
            }
            return lines.joined(separator: "\n")
        }
    }
}
