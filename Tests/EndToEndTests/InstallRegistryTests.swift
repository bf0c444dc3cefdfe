import Foundation
import PkgTestSupport
import Testing

/// `pkg install` against a live `pkg-registry` filled by the real `npm publish`, with the
/// `.npmrc` that `npm login` wrote; `node` checks that the installed tree loads.
@Suite(.serialized) struct InstallRegistryTests {
    private struct World {
        let root: String
        let server: RegistryProcess
        let npm: RegistryNpmInteropTests.NPM
        let pkg: PkgBinary
        let node: String

        /// Runs pkg in the project with npm's HOME, so `~/.npmrc` (the token) is shared.
        func pkg(_ arguments: [String], in project: String) async throws -> PkgBinary.Result {
            try await pkg.run(arguments, in: project, environment: [
                "HOME": npm.home, "PKG_CACHE_DIR": root + "/pkg-cache", "npm_config_registry": server.baseURL + "/",
            ])
        }

        func node(_ script: String, in project: String) async throws -> CommandResult {
            try await RegistryTestSupport.run(node, ["-e", script], in: project)
        }
    }

    private static func world() async throws -> World? {
        guard let npmPath = RegistryTestSupport.which("npm"), let nodePath = RegistryTestSupport.which("node") else {
            print("skipping: npm or node is not on PATH")
            return nil
        }
        guard let pkg = PkgBinary.find() else { return nil }
        let root = RegistryTestSupport.temporaryDirectory("pkg-install")
        let server = try await RegistryProcess.start(dataDirectory: root + "/data", arguments: ["--allow-signup"])
        let npm = try RegistryNpmInteropTests.NPM(executable: npmPath, registry: server.baseURL, root: root, user: "alice")
        let login = try await npm.login("adduser", lines: ["alice", "alice-password-1", "alice@example.com"])
        #expect(login.status == 0, "\(login.output)")
        // Only the token-bearing user .npmrc tells pkg who we are; the registry comes from the env.
        // `@demo/lib` has an optional dependency for another platform, which is left out quietly.
        let published: [(String, String, [String: String], [String: Any], String)] = [
            ("dep", "1.0.0", [:], [:], "module.exports = 'dep 1';\n"),
            ("dep", "2.0.0", [:], [:], "module.exports = 'dep 2';\n"),
            ("native-other", "1.0.0", [:], ["os": ["win32"]], "module.exports = 'native';\n"),
            ("@demo/lib", "1.0.0", ["dep": "^1.0.0"], ["optionalDependencies": ["native-other": "1.0.0"]],
             "module.exports = 'lib with ' + require('dep');\n"),
        ]
        for (name, version, dependencies, extra, body) in published {
            let folder = root + "/src/\(name)-\(version)"
            try RegistryNpmInteropTests.writePackage(folder, name: name, version: version, dependencies: dependencies, extra: extra, body: body)
            let result = try await npm(["publish", "--access", "public"], in: folder)
            #expect(result.status == 0, "\(result.output)")
        }
        let deprecate = try await npm(["deprecate", "dep@1.0.0", "use dep 2"], in: root)
        #expect(deprecate.status == 0, "\(deprecate.output)")
        return World(root: root, server: server, npm: npm, pkg: pkg, node: nodePath)
    }

    private static func project(_ world: World, dependencies: [String: String]) throws -> String {
        let project = world.root + "/app-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        let manifest: [String: Any] = ["name": "app", "version": "1.0.0", "dependencies": dependencies]
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
            .write(to: URL(fileURLWithPath: project + "/package.json"))
        return project
    }

    @Test func installsWhatNodeLoadsThenCiChecksTheLockfile() async throws {
        guard let world = try await Self.world() else { return }
        defer {
            world.server.stop()
            try? FileManager.default.removeItem(atPath: world.root)
        }
        let project = try Self.project(world, dependencies: ["@demo/lib": "^1.0.0", "dep": "^2.0.0"])
        let install = try await world.pkg(["install"], in: project)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stderr.hasPrefix("warn EDEPRECATED: `dep@1.0.0` is deprecated: use dep 2\nadded 3 packages in"), "\(install.stderr)")
        #expect(install.stdout.isEmpty)
        #expect(try String(contentsOfFile: project + "/pkg.lock", encoding: .utf8).contains("native-other"), "locked, not installed")
        #expect(!FileManager.default.fileExists(atPath: project + "/node_modules/native-other"))
        // The install returned before its store writes were synced; `pkg internal-store-sync`,
        // left running, syncs and removes the marker that node_modules/.pkg-state.json names.
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: project + "/node_modules/.pkg-state.json"))) as? [String: Any]
        let markers = try #require(state?["pendingSyncs"] as? [String])
        #expect(markers.count == 1 && markers[0].hasPrefix(world.root + "/pkg-cache/store-v2/unsynced/"), "\(markers)")
        for _ in 0..<1000 where FileManager.default.fileExists(atPath: markers[0]) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!FileManager.default.fileExists(atPath: markers[0]), "the detached sync finished")
        let badMarker = try await world.pkg(["internal-store-sync", project + "/package.json"], in: project)
        #expect(badMarker.status == 2 && FileManager.default.fileExists(atPath: project + "/package.json"), "\(badMarker.stderr)")

        let loaded = try await world.node("console.log(require('dep'), '|', require('@demo/lib'))", in: project)
        #expect(loaded.stdout == "dep 2 | lib with dep 1\n", "\(loaded.output)")

        let again = try await world.pkg(["install"], in: project)
        #expect(again.status == 0 && again.stderr.contains("up to date"), "\(again.stderr)")
        let ci = try await world.pkg(["ci"], in: project)
        #expect(ci.status == 0, "\(ci.stderr)")
        // Re-resolving with --verbose shows the left-out optional, as `npm --loglevel verbose` would.
        try FileManager.default.removeItem(atPath: project + "/pkg.lock")
        let verbose = try await world.pkg(["install", "--verbose"], in: project)
        #expect(verbose.status == 0)
        #expect(verbose.stderr.contains("warn EOPTIONALSKIPPED: Skipped optional dependency `native-other@1.0.0` of `@demo/lib@1.0.0`"), "\(verbose.stderr)")

        // package.json changed: ci refuses and says what differs.
        let manifest = try String(contentsOfFile: project + "/package.json", encoding: .utf8)
        try manifest.replacingOccurrences(of: "\"^2.0.0\"", with: "\"^1.0.0\"").write(toFile: project + "/package.json", atomically: true, encoding: .utf8)
        let stale = try await world.pkg(["ci"], in: project)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("Invalid: lock file's dep@^2.0.0 does not satisfy dep@^1.0.0"), "\(stale.stderr)")
    }

    /// libcurl and libarchive are opened on first use, not linked (CCurl, CArchive): on a machine
    /// without them pkg still starts, and the first request or tarball read names what is missing.
    @Test func aMissingSharedLibraryIsAClearErrorOnFirstUse() async throws {
        guard let hiding = await SharedLibraryHiding.available() else { return }
        guard let curl = try await SharedLibraryHiding.path(ofLibrary: "libcurl.so.4"),
              let archive = try await SharedLibraryHiding.path(ofLibrary: "libarchive.so.13")
        else {
            print("skipping: `ldconfig -p` lists no libcurl.so.4 or libarchive.so.13")
            return
        }
        guard let world = try await Self.world() else { return }
        defer {
            world.server.stop()
            try? FileManager.default.removeItem(atPath: world.root)
        }
        let project = try Self.project(world, dependencies: ["dep": "^2.0.0"])
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["HOME"] = world.npm.home
        environment["npm_config_registry"] = world.server.baseURL + "/"
        environment["PKG_CACHE_DIR"] = world.root + "/hidden-cache"

        let version = try await hiding.run(world.pkg.path, ["--version"], hiding: [curl, archive], in: project, environment: environment)
        #expect(version.status == 0 && version.stdout == "0.1.0\n", "\(version.stderr)")

        let withoutCurl = try await hiding.run(world.pkg.path, ["install"], hiding: [curl], in: project, environment: environment)
        #expect(withoutCurl.status == 1, "\(withoutCurl.stderr)")
        #expect(withoutCurl.stderr.contains("error ELIBCURL: cannot send `GET \(world.server.baseURL)/dep`: libcurl could not be loaded"), "\(withoutCurl.stderr)")
        #expect(withoutCurl.stderr.contains("hint: install libcurl 4 (Debian: `apt-get install libcurl4`)"), "\(withoutCurl.stderr)")
        // A file that loads but is not libcurl (here zlib) is named with the function it lacks.
        if let zlib = try await SharedLibraryHiding.path(ofLibrary: "libz.so.1") {
            let notCurl = try await hiding.run(world.pkg.path, ["install"], hiding: [curl], with: zlib, in: project, environment: environment)
            #expect(notCurl.status == 1, "\(notCurl.stderr)")
            #expect(notCurl.stderr.contains("libcurl.so.4 has no `curl_global_init` (libcurl 7.77 or later is needed)"), "\(notCurl.stderr)")
        }

        let withoutArchive = try await hiding.run(world.pkg.path, ["install"], hiding: [archive], in: project, environment: environment)
        #expect(withoutArchive.status == 1, "\(withoutArchive.stderr)")
        #expect(withoutArchive.stderr.contains("ELIBARCHIVE"), "\(withoutArchive.stderr)")
        #expect(withoutArchive.stderr.contains("libarchive could not be loaded"), "\(withoutArchive.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project + "/node_modules/dep"))

        // With both libraries the same project and cache install.
        let install = try await world.pkg.run(["install"], in: project, environment: ["HOME": world.npm.home, "PKG_CACHE_DIR": world.root + "/hidden-cache", "npm_config_registry": world.server.baseURL + "/"])
        #expect(install.status == 0, "\(install.stderr)")
        #expect(FileManager.default.fileExists(atPath: project + "/node_modules/dep/package.json"))
    }

    @Test func integrityMismatchIsFatal() async throws {
        guard let world = try await Self.world() else { return }
        defer {
            world.server.stop()
            try? FileManager.default.removeItem(atPath: world.root)
        }
        let project = try Self.project(world, dependencies: ["dep": "^2.0.0"])
        let install = try await world.pkg(["install", "--lockfile-only"], in: project)
        #expect(install.status == 0, "\(install.stderr)")
        // Point the lockfile at other bytes: the registry's tarball no longer matches it.
        let lock = try String(contentsOfFile: project + "/pkg.lock", encoding: .utf8)
        guard let range = lock.range(of: #"sha512-[A-Za-z0-9+/=]+"#, options: .regularExpression) else {
            Issue.record("no sha512 integrity in pkg.lock:\n\(lock)")
            return
        }
        let forged = "sha512-" + Data(repeating: 7, count: 64).base64EncodedString()
        try lock.replacingCharacters(in: range, with: forged).write(toFile: project + "/pkg.lock", atomically: true, encoding: .utf8)
        let ci = try await world.pkg(["ci"], in: project)
        #expect(ci.status == 1)
        #expect(ci.stderr.contains("error EINTEGRITY: tarball for `dep@2.0.0` does not match the lockfile"), "\(ci.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project + "/node_modules/dep"))
    }
}
