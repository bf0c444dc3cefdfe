import Foundation
import PkgTestSupport
import Testing

/// `pkg ls`, `pkg why`, `pkg outdated`, `pkg version` and `pkg pack`'s bundles and scripts: the
/// built binary on a project installed from a live `pkg-registry`, with the real npm reading the
/// same node_modules as the oracle (whole outputs compared).
@Suite(.serialized) struct ProjectCommandsEndToEndTests {
    private struct World {
        let root: String
        let server: RegistryProcess
        let npm: RegistryNpmInteropTests.NPM
        let pkg: PkgBinary

        func pkg(_ arguments: [String], in project: String) async throws -> PkgBinary.Result {
            try await pkg.run(arguments, in: project, environment: [
                "HOME": npm.home, "PKG_CACHE_DIR": root + "/pkg-cache", "npm_config_registry": server.baseURL + "/",
            ])
        }

        func publish(_ name: String, _ version: String, dependencies: [String: String] = [:]) async throws {
            let folder = root + "/src/\(name)-\(version)"
            try RegistryNpmInteropTests.writePackage(folder, name: name, version: version, dependencies: dependencies, body: "module.exports = 1;\n")
            let result = try await npm(["publish", "--access", "public"], in: folder)
            #expect(result.status == 0, "\(result.output)")
        }
    }

    private static func world() async throws -> World? {
        guard let npmPath = RegistryTestSupport.which("npm") else {
            print("skipping: npm is not on PATH")
            return nil
        }
        guard let pkg = PkgBinary.find() else { return nil }
        let help = try await pkg.run(["ls", "--help"], in: "/")
        guard help.status == 0 else {
            print("skipping: `pkg ls` is not registered")
            return nil
        }
        let root = URL(fileURLWithPath: RegistryTestSupport.temporaryDirectory("pkg-project")).resolvingSymlinksInPath().path
        let server = try await RegistryProcess.start(dataDirectory: root + "/data", arguments: ["--allow-signup"])
        let npm = try RegistryNpmInteropTests.NPM(executable: npmPath, registry: server.baseURL, root: root, user: "erin")
        let login = try await npm.login("adduser", lines: ["erin", "erin-password-1", "erin@example.com"])
        #expect(login.status == 0, "\(login.output)")
        return World(root: root, server: server, npm: npm, pkg: pkg)
    }

    @Test func lsWhyAndOutdatedPrintWhatNpmPrints() async throws {
        guard let world = try await Self.world() else { return }
        defer {
            world.server.stop()
            try? FileManager.default.removeItem(atPath: world.root)
        }
        try await world.publish("dep", "1.0.0")
        try await world.publish("dep", "2.0.0")
        try await world.publish("lib", "1.0.0", dependencies: ["dep": "^1.0.0"])
        try await world.publish("tool", "1.0.0")
        let project = world.root + "/app"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        try Data(#"{"name":"app","version":"1.0.0","dependencies":{"lib":"^1.0.0","dep":"^2.0.0"},"devDependencies":{"tool":"1.0.0"}}"#.utf8)
            .write(to: URL(fileURLWithPath: project + "/package.json"))
        let install = try await world.pkg(["install"], in: project)
        #expect(install.status == 0, "\(install.stderr)")
        guard FileManager.default.fileExists(atPath: project + "/node_modules/lib/node_modules/dep/package.json") else {
            Issue.record("the install did not nest dep@1 under lib: \(install.stderr)")
            return
        }

        // ls: default, --all, a filter, --parseable; --json without `resolved` (npm reads it from its hidden lockfile only).
        let ls = try await world.pkg(["ls"], in: project)
        #expect(ls.status == 0, "\(ls.stderr)")
        #expect(ls.stdout == """
            app@1.0.0 \(project)
            ├── dep@2.0.0
            ├── lib@1.0.0
            └── tool@1.0.0


            """)
        let all = try await world.pkg(["ls", "--all"], in: project)
        #expect(all.stdout == """
            app@1.0.0 \(project)
            ├── dep@2.0.0
            ├─┬ lib@1.0.0
            │ └── dep@1.0.0
            └── tool@1.0.0


            """)
        for arguments in [["ls"], ["ls", "--all"], ["ls", "dep"], ["ls", "--parseable"], ["ls", "--all", "--parseable"], ["explain", "dep"], ["explain", "tool", "lib"]] {
            let expected = try await world.npm(arguments, in: project)
            let actual = try await world.pkg(arguments == ["explain", "dep"] ? ["why", "dep"] : arguments, in: project)
            #expect(actual.stdout == expected.stdout, "\(arguments)")
            #expect(actual.status == expected.status, "\(arguments)")
        }
        let npmJSON = try await world.npm(["ls", "--all", "--json"], in: project)
        let pkgJSON = try await world.pkg(["ls", "--all", "--json"], in: project)
        #expect(Self.withoutResolved(pkgJSON.stdout) == npmJSON.stdout)
        #expect(pkgJSON.stdout.contains("\"resolved\": \"\(world.server.baseURL)/dep/-/dep-2.0.0.tgz\""), "\(pkgJSON.stdout)")

        // why: the whole chain, and the failure for a package that is not installed.
        let why = try await world.pkg(["why", "dep"], in: project)
        #expect(why.stdout == """
            dep@2.0.0
            node_modules/dep
              dep@"^2.0.0" from the root project

            dep@1.0.0
            node_modules/lib/node_modules/dep
              dep@"^1.0.0" from lib@1.0.0
              node_modules/lib
                lib@"^1.0.0" from the root project

            """)
        let unknown = try await world.pkg(["why", "nothere"], in: project)
        #expect(unknown.status == 1)
        #expect(unknown.stdout == "")
        #expect(unknown.stderr.hasPrefix("error ENOMATCH: No dependencies found matching nothere\n"), "\(unknown.stderr)")

        // outdated: nothing yet, then newer versions appear in the registry.
        let current = try await world.pkg(["outdated"], in: project)
        #expect(current.status == 0, "\(current.stderr)")
        #expect(current.stdout == "")
        try await world.publish("dep", "1.1.0")
        try await world.publish("dep", "2.1.0")
        try await world.publish("tool", "1.0.1")
        let outdated = try await world.pkg(["outdated"], in: project)
        #expect(outdated.status == 1, "\(outdated.stderr)")
        #expect(outdated.stdout == """
            Package  Current  Wanted  Latest  Location           Depended by
            dep        2.0.0   2.1.0   2.1.0  node_modules/dep   app
            tool       1.0.0   1.0.0   1.0.1  node_modules/tool  app

            """)
        for arguments in [["outdated"], ["outdated", "--all"], ["outdated", "--json"], ["outdated", "dep"], ["outdated", "--parseable"]] {
            let expected = try await world.npm(arguments, in: project)
            let actual = try await world.pkg(arguments, in: project)
            #expect(actual.stdout == expected.stdout, "\(arguments)")
            #expect(actual.status == expected.status, "\(arguments)")
        }

        // A problem in the tree: ls prints it and fails as npm does.
        try FileManager.default.removeItem(atPath: project + "/node_modules/tool")
        let broken = try await world.pkg(["ls"], in: project)
        let npmBroken = try await world.npm(["ls"], in: project)
        #expect(broken.stdout == npmBroken.stdout)
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("error ELSPROBLEMS: missing: tool@1.0.0, required by app@1.0.0\n"), "\(broken.stderr)")

        // publish runs prepublishOnly, prepack, prepare, postpack, publish and postpublish in npm's order.
        let scripted = world.root + "/src/scripted"
        let events = ["prepublishOnly", "prepack", "prepare", "postpack", "publish", "postpublish"]
        let scripts = events.map { "\"\($0)\":\"echo \($0) >> \(world.root)/events.log\"" }.joined(separator: ",")
        let manifest = { (version: String) in "{\"name\":\"scripted\",\"version\":\"\(version)\",\"scripts\":{\(scripts)}}" }
        try PublishEndToEndTests.write(["package.json": manifest("1.0.0"), "index.js": "1\n"], in: scripted)
        let published = try await world.pkg(["publish"], in: scripted)
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.hasSuffix("+ scripted@1.0.0\n"), "\(published.stdout)")
        #expect(try String(contentsOfFile: world.root + "/events.log", encoding: .utf8) == events.joined(separator: "\n") + "\n")
        try PublishEndToEndTests.write(["package.json": manifest("1.0.1")], in: scripted)
        let quiet = try await world.pkg(["publish", "--ignore-scripts"], in: scripted)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout == "+ scripted@1.0.1\n")
        #expect(try String(contentsOfFile: world.root + "/events.log", encoding: .utf8) == events.joined(separator: "\n") + "\n")

        let noManifest = try await world.pkg(["ls"], in: world.root + "/src")
        #expect(noManifest.status == 1)
        #expect(noManifest.stderr.hasPrefix("error ENOENT: no package.json in `\(world.root)/src`"), "\(noManifest.stderr)")
    }

    /// `"resolved": …,` lines removed, to compare with npm, which has no hidden lockfile to read them from.
    static func withoutResolved(_ json: String) -> String {
        json.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"resolved\": ") }.joined(separator: "\n")
    }

    @Test func versionBumpsLikeNpmVersion() async throws {
        guard let pkg = PkgBinary.find() else { return }
        let root = RegistryTestSupport.temporaryDirectory("pkg-version")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let manifest = "{\n  \"name\": \"v\",\n  \"version\": \"1.2.3\",\n  \"scripts\": {\n    \"version\": \"echo in-version $npm_new_version\"\n  }\n}\n"
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: root + "/package.json"))
        let environment = ["HOME": root, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"]

        let bump = try await pkg.run(["version", "minor"], in: root, environment: environment)
        #expect(bump.status == 0, "\(bump.stderr)")
        #expect(bump.stdout == "in-version 1.3.0\nv1.3.0\n")
        #expect(bump.stderr == "\n> v@1.3.0 version\n> echo in-version $npm_new_version\n\n")
        #expect(try String(contentsOfFile: root + "/package.json", encoding: .utf8) == manifest.replacingOccurrences(of: "1.2.3", with: "1.3.0"))

        let invalid = try await pkg.run(["version", "bogus"], in: root, environment: environment)
        #expect(invalid.status == 1)
        #expect(invalid.stdout == "")
        #expect(invalid.stderr.hasPrefix("error EINVALIDVERSION: Invalid version: bogus\n"), "\(invalid.stderr)")
        let same = try await pkg.run(["version", "1.3.0", "--ignore-scripts"], in: root, environment: environment)
        #expect(same.status == 1)
        #expect(same.stderr.hasPrefix("error EVERSIONSAME: Version not changed\n"), "\(same.stderr)")
        let pre = try await pkg.run(["version", "prerelease", "--preid", "beta", "--ignore-scripts"], in: root, environment: environment)
        #expect(pre.stdout == "v1.3.1-beta.0\n")

        let empty = RegistryTestSupport.temporaryDirectory("pkg-version-empty")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let missing = try await pkg.run(["version", "patch"], in: empty, environment: environment)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("error ENOENT: no package.json in `"), "\(missing.stderr)")

        guard let git = RegistryTestSupport.which("git") else {
            print("skipping the git half: git is not on PATH")
            return
        }
        for arguments in [["init", "-q"], ["add", "package.json"], ["commit", "-q", "-m", "init"]] {
            let result = try await RegistryTestSupport.run(git, arguments, in: root, environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let tagged = try await pkg.run(["version", "major", "--ignore-scripts"], in: root, environment: environment)
        #expect(tagged.stdout == "v2.0.0\n", "\(tagged.stderr)")
        let tags = try await RegistryTestSupport.run(git, ["tag", "-l", "-n1"], in: root, environment: environment)
        #expect(tags.stdout == "v2.0.0          2.0.0\n")
        let log = try await RegistryTestSupport.run(git, ["log", "-1", "--format=%s"], in: root, environment: environment)
        #expect(log.stdout == "2.0.0\n")
        let untagged = try await pkg.run(["version", "patch", "--no-git-tag-version", "--ignore-scripts"], in: root, environment: environment)
        #expect(untagged.stdout == "v2.0.1\n")
        let tagsAfter = try await RegistryTestSupport.run(git, ["tag", "-l"], in: root, environment: environment)
        #expect(tagsAfter.stdout == "v2.0.0\n")
    }

    @Test func packBundlesAndScriptsMatchNpmPack() async throws {
        guard let npm = RegistryTestSupport.which("npm") else {
            print("skipping: npm is not on PATH")
            return
        }
        guard let pkg = PkgBinary.find() else { return }
        let root = RegistryTestSupport.temporaryDirectory("pkg-bundle")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/package"
        let files: [String: String] = [
            "package.json": #"{"name":"bundler","version":"1.0.0","bundleDependencies":["a"],"dependencies":{"a":"^1.0.0"},"scripts":{"prepack":"echo prepack","prepare":"echo prepare","postpack":"echo postpack"}}"#,
            "index.js": "i",
            "node_modules/a/package.json": #"{"name":"a","version":"1.0.0","dependencies":{"b":"^1.0.0"}}"#,
            "node_modules/a/index.js": "a", "node_modules/a/.npmignore": "index.js\n",
            "node_modules/b/package.json": #"{"name":"b","version":"1.0.0"}"#, "node_modules/b/b.js": "b",
            "node_modules/other/package.json": #"{"name":"other","version":"1.0.0"}"#,
        ]
        try PublishEndToEndTests.write(files, in: folder)
        let environment = ["HOME": root, "npm_config_cache": root + "/cache", "npm_config_update_notifier": "false"]
        let npmDry = try await RegistryTestSupport.run(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], in: folder, environment: environment)
        let pkgDry = try await RegistryTestSupport.run(PublishEndToEndTests.pkgPath, ["pack", "--dry-run", "--json", "--ignore-scripts"], in: folder, environment: environment)
        #expect(pkgDry.status == 0, "\(pkgDry.output)")
        // npm 10.8.2 runs `prepare` even with --ignore-scripts (pacote's directory fetcher does not
        // check it); its output comes before the JSON.
        let npmJSON = String(npmDry.stdout.drop { $0 != "[" })
        #expect(PublishEndToEndTests.filePaths(pkgDry.stdout) == PublishEndToEndTests.filePaths(npmJSON))
        #expect(pkgDry.stdout.contains("\"bundled\": [\n      \"a\",\n      \"b\"\n    ]"), "\(pkgDry.stdout)")
        #expect(npmJSON.contains("\"bundled\": [\n      \"a\",\n      \"b\"\n    ]"))
        #expect(PublishEndToEndTests.filePaths(pkgDry.stdout) == [
            "index.js", "node_modules/a/.npmignore", "node_modules/a/index.js", "node_modules/a/package.json",
            "node_modules/b/b.js", "node_modules/b/package.json", "package.json",
        ])

        // The scripts run in npm's order around the pack; their output is the same as npm's.
        let npmPack = try await RegistryTestSupport.run(npm, ["pack", "--dry-run"], in: folder, environment: environment)
        let pkgPack = try await RegistryTestSupport.run(PublishEndToEndTests.pkgPath, ["pack", "--dry-run"], in: folder, environment: environment)
        #expect(pkgPack.status == 0, "\(pkgPack.output)")
        #expect(pkgPack.stdout == "prepack\nprepare\npostpack\nbundler-1.0.0.tgz\n")
        #expect(npmPack.stdout.split(separator: "\n").filter { !$0.hasPrefix(">") && !$0.isEmpty } == ["prepack", "prepare", "postpack", "bundler-1.0.0.tgz"])
        #expect(pkgPack.stderr.hasPrefix("\n> bundler@1.0.0 prepack\n> echo prepack\n\n"), "\(pkgPack.stderr)")
        let ignored = try await RegistryTestSupport.run(PublishEndToEndTests.pkgPath, ["pack", "--dry-run", "--ignore-scripts"], in: folder, environment: environment)
        #expect(ignored.stdout == "bundler-1.0.0.tgz\n")
        _ = pkg
    }
}
