import Foundation
import PkgTestSupport
import Testing

/// The real `pkg` binary packing and publishing against a real `pkg-registry`, with the real npm
/// as the oracle: same files and tar bytes as `npm pack`, a token npm accepts, a package npm installs.
@Suite(.serialized) struct PublishEndToEndTests {
    static var pkgPath: String {
        ProcessInfo.processInfo.environment["PKG_BIN"]
            ?? RegistryProcess.executableURL().deletingLastPathComponent().appendingPathComponent("pkg").path
    }

    /// `nil` (with a printed reason) until PkgCommand lists the registry commands.
    static func commandsRegistered() async throws -> Bool {
        let help = try await RegistryTestSupport.run(pkgPath, ["pack", "--help"], in: "/")
        let registered = help.status == 0 && help.stdout.contains("--pack-destination")
        if !registered { print("skipping: `pkg pack` is not registered in PkgCommand's subcommands yet") }
        return registered
    }

    static func write(_ files: [String: String], in folder: String) throws {
        for (path, contents) in files {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
    }

    static let fixture: [String: String] = [
        "package.json": #"{"name":"@demo/packed","version":"1.2.3","main":"main.js","bin":{"packed":"cli.js"},"files":["lib","!lib/secret.js"]}"#,
        "main.js": "module.exports = 'main';\n", "cli.js": "#!/usr/bin/env node\n", "lib/a.js": "a\n", "lib/secret.js": "s\n",
        "lib/deep/b.md": "b\n", "README.md": "# packed\n", "LICENSE": "MIT\n", "test/t.js": "t\n", ".npmrc": "x=1\n",
    ]

    /// Decompresses a `.tgz` with the system gzip.
    static func gunzip(_ path: String) async throws -> String {
        let result = try await RegistryTestSupport.run("/bin/sh", ["-c", "gzip -dc '\(path)' | od -v -An -tx1 | tr -d ' \\n'"], in: "/")
        return result.stdout
    }

    @Test func packMatchesNpmPack() async throws {
        guard let npm = RegistryTestSupport.which("npm") else {
            print("skipping: npm is not on PATH")
            return
        }
        guard try await Self.commandsRegistered() else { return }
        let root = RegistryTestSupport.temporaryDirectory("pack-e2e")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/package"
        try Self.write(Self.fixture, in: folder)
        let npmOut = root + "/npm", pkgOut = root + "/pkg"
        try FileManager.default.createDirectory(atPath: npmOut, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: pkgOut, withIntermediateDirectories: true)
        let environment = ["HOME": root, "npm_config_cache": root + "/cache", "npm_config_update_notifier": "false"]

        let npmDry = try await RegistryTestSupport.run(npm, ["pack", "--dry-run", "--json"], in: folder, environment: environment)
        let pkgDry = try await RegistryTestSupport.run(Self.pkgPath, ["pack", "--dry-run", "--json"], in: folder, environment: environment)
        #expect(pkgDry.status == 0, "\(pkgDry.output)")
        #expect(Self.filePaths(pkgDry.stdout) == Self.filePaths(npmDry.stdout), "\(pkgDry.stdout)")
        #expect(Self.filePaths(pkgDry.stdout) == ["LICENSE", "README.md", "cli.js", "lib/a.js", "lib/deep/b.md", "main.js", "package.json"])
        #expect(!FileManager.default.fileExists(atPath: folder + "/demo-packed-1.2.3.tgz"))

        let npmPack = try await RegistryTestSupport.run(npm, ["pack", "--pack-destination", npmOut], in: folder, environment: environment)
        #expect(npmPack.status == 0, "\(npmPack.output)")
        let pkgPack = try await RegistryTestSupport.run(Self.pkgPath, ["pack", "--pack-destination", pkgOut], in: folder, environment: environment)
        #expect(pkgPack.status == 0, "\(pkgPack.output)")
        #expect(pkgPack.stdout == "demo-packed-1.2.3.tgz\n")
        #expect(pkgPack.stderr.contains("notice total files:   7"), "\(pkgPack.stderr)")
        let npmTar = try await Self.gunzip(npmOut + "/demo-packed-1.2.3.tgz")
        let pkgTar = try await Self.gunzip(pkgOut + "/demo-packed-1.2.3.tgz")
        #expect(!pkgTar.isEmpty)
        #expect(pkgTar == npmTar, "the decompressed tarballs differ")
    }

    static func filePaths(_ json: String) -> [String] {
        guard let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]],
              let files = array.first?["files"] as? [[String: Any]]
        else { return [] }
        return files.compactMap { $0["path"] as? String }.sorted()
    }

    @Test func loginPublishWhoamiLogoutWithNpm() async throws {
        guard let npm = RegistryTestSupport.which("npm") else {
            print("skipping: npm is not on PATH")
            return
        }
        guard try await Self.commandsRegistered() else { return }
        let root = RegistryTestSupport.temporaryDirectory("publish-e2e")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        let addUser = try await RegistryTestSupport.run(
            RegistryProcess.executableURL().path, ["user", "add", "carol", "--data", data, "--email", "carol@example.com"],
            in: root, input: "carol-password-1\n")
        #expect(addUser.status == 0, "\(addUser.output)")
        let addDave = try await RegistryTestSupport.run(
            RegistryProcess.executableURL().path, ["user", "add", "dave", "--data", data, "--email", "dave@example.com"],
            in: root, input: "dave-password-1\n")
        #expect(addDave.status == 0, "\(addDave.output)")
        let server = try await RegistryProcess.start(dataDirectory: data)
        defer { server.stop() }
        let registry = server.baseURL + "/"
        let home = root + "/home", daveHome = root + "/dave"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: daveHome, withIntermediateDirectories: true)
        let environment = ["HOME": home, "npm_config_cache": root + "/cache", "npm_config_update_notifier": "false", "NO_COLOR": "1"]
        let pkg = { (arguments: [String], directory: String, input: String) async throws -> CommandResult in
            try await RegistryTestSupport.run(Self.pkgPath, arguments, in: directory, environment: environment, input: input)
        }

        // A wrong password is refused and nothing is written.
        let wrong = try await pkg(["login", "--registry", registry], home, "carol\nnope\n")
        #expect(wrong.status == 1, "\(wrong.output)")
        #expect(wrong.stderr.contains("error E401"), "\(wrong.stderr)")

        let login = try await pkg(["login", "--registry", registry], home, "carol\ncarol-password-1\n")
        #expect(login.status == 0, "\(login.output)")
        #expect(login.stdout == "Logged in as carol on \(registry).\n")
        let npmrc = try String(contentsOfFile: home + "/.npmrc", encoding: .utf8)
        let nerfDart = registry.replacingOccurrences(of: "http:", with: "")
        #expect(npmrc.hasPrefix("\(nerfDart):_authToken="), "\(npmrc)")
        let npmWhoami = try await RegistryTestSupport.run(npm, ["whoami", "--registry", registry], in: home, environment: environment)
        #expect(npmWhoami.stdout == "carol\n", "\(npmWhoami.output)")
        #expect(try await pkg(["whoami", "--registry", registry], home, "").stdout == "carol\n")

        // Publish with pkg; the real npm installs it.
        let folder = root + "/package"
        try Self.write(Self.fixture, in: folder)
        let dryRun = try await pkg(["publish", "--dry-run", "--registry", registry], folder, "")
        #expect(dryRun.status == 0, "\(dryRun.output)")
        let publish = try await pkg(["publish", "--access", "public", "--registry", registry], folder, "")
        #expect(publish.status == 0, "\(publish.output)")
        #expect(publish.stdout == "+ @demo/packed@1.2.3\n")
        let conflict = try await pkg(["publish", "--registry", registry], folder, "")
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("error EPUBLISHCONFLICT"), "\(conflict.stderr)")
        #expect(conflict.stderr.contains("hint: bump the version"), "\(conflict.stderr)")

        let project = root + "/project"
        try Self.write(["package.json": #"{"name":"project","version":"1.0.0"}"#], in: project)
        let install = try await RegistryTestSupport.run(
            npm, ["install", "@demo/packed@1.2.3", "--registry", registry, "--no-audit", "--no-fund"], in: project, environment: environment)
        #expect(install.status == 0, "\(install.output)")
        #expect(FileManager.default.fileExists(atPath: project + "/node_modules/@demo/packed/lib/a.js"))
        #expect(!FileManager.default.fileExists(atPath: project + "/node_modules/@demo/packed/lib/secret.js"))

        // Another user may not publish over carol's package.
        var daveEnvironment = environment
        daveEnvironment["HOME"] = daveHome
        let daveLogin = try await RegistryTestSupport.run(
            Self.pkgPath, ["adduser", "--registry", registry], in: daveHome, environment: daveEnvironment, input: "dave\ndave-password-1\n")
        #expect(daveLogin.status == 0, "\(daveLogin.output)")
        try Self.write(["package.json": #"{"name":"@demo/packed","version":"9.9.9"}"#], in: folder)
        let forbidden = try await RegistryTestSupport.run(
            Self.pkgPath, ["publish", "--registry", registry], in: folder, environment: daveEnvironment)
        #expect(forbidden.status == 1)
        #expect(forbidden.stderr.contains("error E403"), "\(forbidden.stderr)")

        // Logout revokes the token: npm whoami with the old token now fails, and the file no longer has it.
        let logout = try await pkg(["logout", "--registry", registry], home, "")
        #expect(logout.status == 0, "\(logout.output)")
        #expect(try String(contentsOfFile: home + "/.npmrc", encoding: .utf8).contains("_authToken") == false)
        let whoamiAfter = try await pkg(["whoami", "--registry", registry], home, "")
        #expect(whoamiAfter.status == 1)
        #expect(whoamiAfter.stderr.contains("hint: log in first"), "\(whoamiAfter.stderr)")
        let unpublishedAnon = try await pkg(["publish", "--registry", registry], folder, "")
        #expect(unpublishedAnon.status == 1)
        #expect(unpublishedAnon.stderr.contains("E401"), "\(unpublishedAnon.stderr)")
    }
}
