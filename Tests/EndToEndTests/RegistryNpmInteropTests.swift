import Foundation
import PkgTestSupport
import Testing

/// The real npm 10 CLI against a real `pkg-registry` child process: the protocol is right when
/// npm's own commands succeed and print what they print against npmjs.
@Suite(.serialized) struct RegistryNpmInteropTests {
    /// npm with an isolated HOME, userconfig and cache, pointed at `registry`.
    struct NPM {
        let executable: String
        let registry: String
        let home: String
        let userconfig: String

        init(executable: String, registry: String, root: String, user: String) throws {
            self.executable = executable
            self.registry = registry
            home = root + "/home-\(user)"
            userconfig = home + "/.npmrc"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: userconfig, contents: Data())
        }

        var arguments: [String] {
            [
                "--registry=\(registry)/", "--userconfig=\(userconfig)", "--cache=\(home)/.npm-cache",
                "--no-audit", "--no-fund", "--update-notifier=false", "--loglevel=warn",
            ]
        }
        var environment: [String: String] { ["HOME": home, "NO_COLOR": "1", "npm_config_color": "false"] }

        /// `npm login`/`adduser` typed at a terminal; without `script`, logs in over HTTP and
        /// writes the token where npm would.
        func login(_ command: String, lines: [String]) async throws -> CommandResult {
            if let result = try await RegistryTestSupport.runInteractive(
                [executable, command, "--auth-type=legacy"] + arguments, in: home, environment: environment, lines: lines)
            {
                return result
            }
            print("`script` is missing: logging in over HTTP instead of through `npm \(command)`")
            var body: [String: Any] = ["name": lines[0], "password": lines[1]]
            if lines.count > 2 { body["email"] = lines[2] }
            let response = try await RegistryTestSupport.request(
                "PUT", registry + "/-/user/org.couchdb.user:\(lines[0])", body: Array(try JSONSerialization.data(withJSONObject: body)))
            guard let token = RegistryTestSupport.json(response.body)?["token"] as? String else {
                return CommandResult(status: 1, stdout: "", stderr: "login failed with \(response.status)")
            }
            let hostAndPort = registry.replacingOccurrences(of: "http:", with: "")
            try Data("\(hostAndPort)/:_authToken=\(token)\n".utf8).write(to: URL(fileURLWithPath: userconfig))
            return CommandResult(status: 0, stdout: "Logged in on \(registry)/.", stderr: "")
        }

        func callAsFunction(_ arguments: [String], in directory: String? = nil, input: String = "") async throws -> CommandResult {
            try await RegistryTestSupport.run(executable, arguments + self.arguments, in: directory ?? home, environment: environment, input: input)
        }
    }

    /// A publishable package folder; `extra` adds manifest fields (`os`, `optionalDependencies`, …).
    static func writePackage(
        _ directory: String, name: String, version: String, dependencies: [String: String] = [:], extra: [String: Any] = [:], body: String
    ) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var manifest: [String: Any] = [
            "name": name, "version": version, "description": "The \(name) test package", "main": "index.js",
            "license": "MIT", "keywords": ["pkg-test"], "dependencies": dependencies,
        ]
        manifest.merge(extra) { _, new in new }
        try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
            .write(to: URL(fileURLWithPath: directory + "/package.json"))
        try Data(body.utf8).write(to: URL(fileURLWithPath: directory + "/index.js"))
    }

    @Test func npmDrivesTheWholeProtocol() async throws {
        guard let npmPath = RegistryTestSupport.which("npm"), let nodePath = RegistryTestSupport.which("node") else {
            print("skipping: npm or node is not on PATH")
            return
        }
        let root = RegistryTestSupport.temporaryDirectory("npm-interop")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"

        // bob exists before the server starts, created through the CLI with the password on stdin.
        let addBob = try await RegistryTestSupport.run(
            RegistryProcess.executableURL().path, ["user", "add", "bob", "--data", data, "--email", "bob@example.com"],
            in: root, input: "bob-password-1\n")
        #expect(addBob.status == 0, "\(addBob.output)")
        let users = try await RegistryTestSupport.run(RegistryProcess.executableURL().path, ["user", "list", "--data", data], in: root)
        #expect(users.stdout == "bob\n")

        let server = try await RegistryProcess.start(dataDirectory: data, arguments: ["--allow-signup"])
        defer { server.stop() }
        let alice = try NPM(executable: npmPath, registry: server.baseURL, root: root, user: "alice")
        let bob = try NPM(executable: npmPath, registry: server.baseURL, root: root, user: "bob")

        // adduser (signup) and login.
        let adduser = try await alice.login("adduser", lines: ["alice", "alice-password-1", "alice@example.com"])
        #expect(adduser.status == 0, "\(adduser.output)")
        #expect(adduser.output.contains("Logged in"), "\(adduser.output)")
        let login = try await bob.login("login", lines: ["bob", "bob-password-1"])
        #expect(login.status == 0, "\(login.output)")
        #expect(try await alice(["whoami"]).stdout == "alice\n")
        #expect(try await bob(["whoami"]).stdout == "bob\n")
        let ping = try await alice(["ping"])
        #expect(ping.status == 0, "\(ping.output)")

        // publish: unscoped, a second version, a prerelease under --tag, and a scoped package depending on the first.
        let greeting = root + "/src/greeting"
        try Self.writePackage(greeting, name: "greeting", version: "1.0.0", body: "module.exports = () => 'hello 1.0.0';\n")
        let publish = try await alice(["publish"], in: greeting)
        #expect(publish.status == 0, "\(publish.output)")
        #expect(publish.stdout.contains("+ greeting@1.0.0"), "\(publish.output)")
        try Self.writePackage(greeting, name: "greeting", version: "1.1.0", body: "module.exports = () => 'hello 1.1.0';\n")
        #expect(try await alice(["publish"], in: greeting).status == 0)
        try Self.writePackage(greeting, name: "greeting", version: "2.0.0-beta.0", body: "module.exports = () => 'beta';\n")
        let beta = try await alice(["publish", "--tag", "beta"], in: greeting)
        #expect(beta.status == 0, "\(beta.output)")
        let republish = try await alice(["publish"], in: greeting)
        #expect(republish.status != 0)
        #expect(republish.output.contains("EPUBLISHCONFLICT") || republish.output.contains("409"), "\(republish.output)")

        let util = root + "/src/util"
        try Self.writePackage(util, name: "@demo/util", version: "0.1.0", dependencies: ["greeting": "^1.0.0"],
            body: "module.exports = () => require('greeting')() + ' from util';\n")
        let scoped = try await alice(["publish", "--access", "public"], in: util)
        #expect(scoped.status == 0, "\(scoped.output)")
        #expect(scoped.stdout.contains("+ @demo/util@0.1.0"), "\(scoped.output)")

        // A second user may not publish over the first's package.
        try Self.writePackage(greeting, name: "greeting", version: "9.9.9", body: "module.exports = () => 'evil';\n")
        let refused = try await bob(["publish"], in: greeting)
        #expect(refused.status != 0)
        #expect(refused.output.contains("403"), "\(refused.output)")

        // view.
        let versions = try await alice(["view", "greeting", "versions", "--json"])
        #expect(RegistryTestSupport.jsonArray(versions.stdout) == ["1.0.0", "1.1.0", "2.0.0-beta.0"], "\(versions.output)")
        let tags = try await alice(["view", "greeting", "dist-tags", "--json"])
        #expect(RegistryTestSupport.json(Data(tags.stdout.utf8)) as? [String: String] == ["latest": "1.1.0", "beta": "2.0.0-beta.0"], "\(tags.output)")
        #expect(try await alice(["view", "greeting@1.0.0", "description"]).stdout == "The greeting test package\n")
        #expect(try await alice(["view", "@demo/util", "dependencies.greeting"]).stdout == "^1.0.0\n")

        // dist-tag add/ls/rm.
        #expect(try await alice(["dist-tag", "add", "greeting@1.0.0", "stable"]).status == 0)
        let tagList = try await alice(["dist-tag", "ls", "greeting"])
        #expect(tagList.stdout.contains("stable: 1.0.0"), "\(tagList.output)")
        #expect(try await bob(["dist-tag", "add", "greeting@1.1.0", "stable"]).status != 0)
        #expect(try await alice(["dist-tag", "rm", "greeting", "stable"]).status == 0)
        #expect(try await alice(["dist-tag", "ls", "greeting"]).stdout.contains("stable") == false)

        // deprecate.
        let deprecate = try await alice(["deprecate", "greeting@1.0.0", "use 1.1.0"])
        #expect(deprecate.status == 0, "\(deprecate.output)")
        #expect(try await alice(["view", "greeting@1.0.0", "deprecated"]).stdout == "use 1.1.0\n")

        // owner ls/add/rm.
        #expect(try await alice(["owner", "ls", "greeting"]).stdout == "alice <alice@example.com>\n")
        let ownerAdd = try await alice(["owner", "add", "bob", "greeting"])
        #expect(ownerAdd.status == 0, "\(ownerAdd.output)")
        #expect(try await alice(["owner", "ls", "greeting"]).stdout.contains("bob <bob@example.com>"))
        let ownerRemove = try await alice(["owner", "rm", "bob", "greeting"])
        #expect(ownerRemove.status == 0, "\(ownerRemove.output)")
        #expect(try await alice(["owner", "ls", "greeting"]).stdout == "alice <alice@example.com>\n")

        // search.
        let search = try await alice(["search", "greeting", "--parseable"])
        #expect(search.status == 0, "\(search.output)")
        #expect(search.stdout.contains("greeting\t"), "\(search.output)")

        // install into a fresh project and require it with node.
        let project = root + "/project"
        try Self.writePackage(project, name: "consumer", version: "1.0.0", body: "")
        let install = try await alice(["install", "@demo/util", "greeting@1.0.0"], in: project)
        #expect(install.status == 0, "\(install.output)")
        let run = try await RegistryTestSupport.run(
            nodePath, ["-e", "console.log(require('greeting/package.json').version, require('@demo/util')())"], in: project)
        #expect(run.stdout == "1.0.0 hello 1.0.0 from util\n", "\(run.output)")

        // unpublish one version; latest is recomputed.
        let unpublish = try await alice(["unpublish", "greeting@1.1.0", "--force"])
        #expect(unpublish.status == 0, "\(unpublish.output)")
        #expect(RegistryTestSupport.jsonArray(try await alice(["view", "greeting", "versions", "--json"]).stdout) == ["1.0.0", "2.0.0-beta.0"])
        #expect(try await alice(["view", "greeting", "dist-tags.latest"]).stdout == "1.0.0\n")
        let status = try await RegistryTestSupport.request("GET", server.baseURL + "/greeting/-/greeting-1.1.0.tgz")
        #expect(status.status == 404)

        // logout revokes the token server-side.
        #expect(try await alice(["logout"]).status == 0)
        #expect(try await alice(["whoami"]).status != 0)

        #expect(server.stop() == 0)
        let log = (try? String(contentsOfFile: server.logFile, encoding: .utf8)) ?? ""
        #expect(log.contains("PUT /greeting 201"), "request log should show the publish")
        #expect(!log.contains("pkg_"), "tokens must never be logged")
    }
}

extension RegistryTestSupport {
    static func jsonArray(_ text: String) -> [String]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
    }
}
