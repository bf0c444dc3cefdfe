import Foundation
import PkgTestSupport
import Testing

/// The everyday registry commands (`view`, `dist-tag`, `deprecate`, `unpublish`, `owner`,
/// `search`) of the real `pkg` binary against a real `pkg-registry`, asserting whole outputs with
/// the volatile parts (the port, publish times, hashes) replaced; and, with the real npm CLI as the
/// other side, that what either tool sets the other sees and that logins work across them.
@Suite(.serialized) struct RegistryCommandsEndToEndTests {
    static var pkgPath: String { PublishEndToEndTests.pkgPath }

    /// A live registry with two users, each with a HOME whose `.npmrc` names the registry.
    struct Sandbox {
        var root: String
        var server: RegistryProcess
        /// The registry URL with its trailing slash, as npm writes it.
        var registry: String { server.baseURL + "/" }

        func home(_ user: String) -> String { root + "/home-" + user }

        func environment(_ user: String) -> [String: String] {
            ["HOME": home(user), "npm_config_cache": root + "/npm-cache", "npm_config_update_notifier": "false",
             "NO_COLOR": "1", "npm_config_color": "false", "LANG": "C.UTF-8", "LC_ALL": "", "LC_CTYPE": ""]
        }

        /// Runs `pkg` as `user`.
        func pkg(_ arguments: [String], as user: String = "alice", in directory: String? = nil, input: String = "") async throws -> CommandResult {
            try await RegistryTestSupport.run(
                RegistryCommandsEndToEndTests.pkgPath, arguments, in: directory ?? home(user), environment: environment(user), input: input)
        }

        /// Runs the real npm as `user`.
        func npm(_ npmPath: String, _ arguments: [String], as user: String = "alice", in directory: String? = nil) async throws -> CommandResult {
            try await RegistryTestSupport.run(npmPath, arguments, in: directory ?? home(user), environment: environment(user))
        }

        /// Replaces what changes from run to run: the registry's address, publish times and hashes.
        func normalized(_ text: String) -> String {
            var text = text.replacingOccurrences(of: registry, with: "REGISTRY/").replacingOccurrences(of: server.baseURL, with: "REGISTRY")
            for (pattern, replacement) in [
                (#"published .+ by "#, "published <when> by "),
                (#"\.shasum: [0-9a-f]{40}"#, ".shasum: <shasum>"),
                (#"\.integrity: sha512-[A-Za-z0-9+/=]+"#, ".integrity: <integrity>"),
                (#"notice shasum: +[0-9a-f]{40}"#, "notice shasum:        <shasum>"),
                (#"notice integrity: +\S+"#, "notice integrity:     <integrity>"),
            ] {
                text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
            }
            return text
        }

        /// Writes a package folder.
        func writePackage(_ name: String, version: String, extra: String = "") throws -> String {
            let folder = root + "/src/" + name.replacingOccurrences(of: "/", with: "-")
            try PublishEndToEndTests.write([
                "package.json": #"{"name":"\#(name)","version":"\#(version)","description":"Commands demo","license":"MIT","#
                    + #""homepage":"https://example.com/demo","keywords":["demo","cmds"],"dependencies":{"left-pad":"^1.3.0"}\#(extra)}"#,
                "index.js": "module.exports = '\(version)';\n",
            ], in: folder)
            return folder
        }

        static func start(_ label: String) async throws -> Sandbox {
            let root = RegistryTestSupport.temporaryDirectory(label)
            let data = root + "/data"
            for user in ["alice", "bob"] {
                let added = try await RegistryTestSupport.run(
                    RegistryProcess.executableURL().path, ["user", "add", user, "--data", data, "--email", "\(user)@example.com"],
                    in: root, input: "\(user)-password-1\n")
                #expect(added.status == 0, "\(added.output)")
                try FileManager.default.createDirectory(atPath: root + "/home-" + user, withIntermediateDirectories: true)
            }
            let server = try await RegistryProcess.start(dataDirectory: data)
            let sandbox = Sandbox(root: root, server: server)
            for user in ["alice", "bob"] {
                let login = try await sandbox.pkg(["login", "--registry", sandbox.registry], as: user, input: "\(user)\n\(user)-password-1\n")
                #expect(login.status == 0, "\(login.output)")
                let npmrc = sandbox.home(user) + "/.npmrc"
                let saved = (try? String(contentsOfFile: npmrc, encoding: .utf8)) ?? ""
                try Data((saved + "registry=\(sandbox.registry)\n").utf8).write(to: URL(fileURLWithPath: npmrc))
            }
            return sandbox
        }

        func stop() {
            server.stop()
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    static func expect(
        _ result: CommandResult, status: Int32 = 0, stdout: String? = nil, stderr: String? = nil, in sandbox: Sandbox,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "\(result.output)", sourceLocation: sourceLocation)
        if let stdout { #expect(sandbox.normalized(result.stdout) == stdout, sourceLocation: sourceLocation) }
        if let stderr { #expect(sandbox.normalized(result.stderr) == stderr, sourceLocation: sourceLocation) }
    }

    static func publishDemo(_ sandbox: Sandbox, name: String = "demo-cmds") async throws {
        for (version, tag) in [("1.0.0", "latest"), ("1.1.0", "latest"), ("2.0.0-beta.1", "beta")] {
            let folder = try sandbox.writePackage(name, version: version)
            let publish = try await sandbox.pkg(["publish", "--tag", tag], in: folder)
            expect(publish, stdout: "+ \(name)@\(version)\n", in: sandbox)
        }
    }

    @Test func everyCommandHasHelp() async throws {
        for command in [["view"], ["info"], ["dist-tag"], ["dist-tag", "add"], ["dist-tag", "rm"], ["dist-tag", "ls"], ["deprecate"],
                        ["unpublish"], ["owner"], ["owner", "add"], ["owner", "rm"], ["owner", "ls"], ["search"], ["publish"]] {
            let help = try await RegistryTestSupport.run(Self.pkgPath, command + ["--help"], in: "/")
            #expect(help.status == 0, "\(command): \(help.output)")
            #expect(help.stdout.hasPrefix("OVERVIEW: "), "\(command): \(help.stdout)")
        }
        let publishHelp = try await RegistryTestSupport.run(Self.pkgPath, ["publish", "--help"], in: "/")
        #expect(publishHelp.stdout.contains("--otp <otp>"))
        let searchHelp = try await RegistryTestSupport.run(Self.pkgPath, ["search", "--help"], in: "/")
        #expect(searchHelp.stdout.contains("--searchlimit <searchlimit>") && searchHelp.stdout.contains("--json"))
    }

    @Test func viewPrintsNpmsSummaryFieldsAndJSON() async throws {
        let sandbox = try await Sandbox.start("view-e2e")
        defer { sandbox.stop() }
        try await Self.publishDemo(sandbox)

        let summary = try await sandbox.pkg(["view", "demo-cmds"])
        Self.expect(summary, stdout: """

            demo-cmds@1.1.0 | MIT | deps: 1 | versions: 3
            Commands demo
            https://example.com/demo

            keywords: demo, cmds

            dist
            .tarball: REGISTRY/demo-cmds/-/demo-cmds-1.1.0.tgz
            .shasum: <shasum>
            .integrity: <integrity>
            .unpackedSize: 212 B

            dependencies:
            left-pad: ^1.3.0

            maintainers:
            - alice <alice@example.com>

            dist-tags:
            beta: 2.0.0-beta.1
            latest: 1.1.0

            published <when> by alice <alice@example.com>

            """, stderr: "", in: sandbox)
        #expect(summary.stdout.contains("published just now by") || summary.stdout.contains("seconds ago by"), "\(summary.stdout)")

        Self.expect(try await sandbox.pkg(["info", "demo-cmds", "versions"]), stdout: "[ '1.0.0', '1.1.0', '2.0.0-beta.1' ]\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["show", "demo-cmds", "dist-tags.latest"]), stdout: "1.1.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds@beta", "version"]), stdout: "2.0.0-beta.1\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds", "dist.tarball"]), stdout: "REGISTRY/demo-cmds/-/demo-cmds-1.1.0.tgz\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds@1", "version"]),
                    stdout: "demo-cmds@1.0.0 '1.0.0'\ndemo-cmds@1.1.0 '1.1.0'\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds@1.0.0", "version", "maintainers"]),
                    stdout: "version = '1.0.0'\nmaintainers = 'alice <alice@example.com>'\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds", "dist-tags", "--json"]),
                    stdout: "{\n  \"latest\": \"1.1.0\",\n  \"beta\": \"2.0.0-beta.1\"\n}\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds@1", "version", "--json"]),
                    stdout: "[\n  \"1.0.0\",\n  \"1.1.0\"\n]\n", in: sandbox)
        let whole = try await sandbox.pkg(["view", "demo-cmds", "--json"])
        let object = try #require(RegistryTestSupport.json(Data(whole.stdout.utf8)))
        #expect(object["version"] as? String == "1.1.0")
        #expect(object["versions"] as? [String] == ["1.0.0", "1.1.0", "2.0.0-beta.1"])
        #expect(object["maintainers"] as? [String] == ["alice <alice@example.com>"])

        // Failures: an unknown package, a spec nothing matches, a usage error.
        Self.expect(try await sandbox.pkg(["view", "no-such-package"]), status: 1, stdout: "", stderr: """
            error E404: `no-such-package` is not in this registry
              404 Not Found - GET REGISTRY/no-such-package

            hint: check the name and the `registry` setting; you can also install from a tarball, folder, http url, or git url

            """, in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds@9"]), status: 1, stdout: "", stderr: """
            error E404: no match found for version `9` of `demo-cmds`

            hint: run `pkg view demo-cmds versions` to list the published versions

            """, in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "Not A Name"]), status: 2, stdout: "", in: sandbox)
    }

    @Test func distTagsDeprecationsOwnersUnpublishAndSearch() async throws {
        let sandbox = try await Sandbox.start("commands-e2e")
        defer { sandbox.stop() }
        try await Self.publishDemo(sandbox)

        // dist-tag add / ls / rm, and their failures.
        Self.expect(try await sandbox.pkg(["dist-tag", "add", "demo-cmds@1.0.0", "old", "--otp", "123456"]), stdout: "+old: demo-cmds@1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "ls", "demo-cmds"]), stdout: "beta: 2.0.0-beta.1\nlatest: 1.1.0\nold: 1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "demo-cmds"]), stdout: "beta: 2.0.0-beta.1\nlatest: 1.1.0\nold: 1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "add", "demo-cmds@1.0.0", "old"]), stdout: "",
                    stderr: "warn dist-tag add old is already set to version 1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "rm", "demo-cmds", "old"]), stdout: "-old: demo-cmds@1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "rm", "demo-cmds", "old"]), status: 1, stdout: "", stderr: """
            error E404: `old` is not a dist-tag on `demo-cmds`

            hint: run `pkg dist-tag ls demo-cmds` to see its tags

            """, in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "add", "demo-cmds@1.0.0", "1.x"]), status: 1, stdout: "", stderr: """
            error EINVALIDTAGNAME: tag name must not be a valid SemVer range: `1.x`

            hint: pick a tag name such as `next` or `beta`

            """, in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "add", "demo-cmds@9.9.9", "nine"]), status: 1, stdout: "", stderr: """
            error E404: `demo-cmds@9.9.9` is not in this registry

            hint: run `pkg view demo-cmds versions` to list the published versions

            """, in: sandbox)
        let noVersion = try await sandbox.pkg(["dist-tag", "add", "demo-cmds", "next"])
        Self.expect(noVersion, status: 2, stdout: "", in: sandbox)
        #expect(noVersion.stderr.hasPrefix("Error: must provide a spec with a name and version, and a tag to add\nUsage: pkg dist-tag add"), "\(noVersion.stderr)")
        Self.expect(try await sandbox.pkg(["dist-tag", "ls", "no-such-package"]), status: 1, stdout: "", in: sandbox)

        // Without a package argument the commands use the package in the current folder, as npm's do.
        let folder = sandbox.root + "/src/demo-cmds"
        Self.expect(try await sandbox.pkg(["dist-tag", "ls"], in: folder), stdout: "beta: 2.0.0-beta.1\nlatest: 1.1.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["owner", "ls"], in: folder), stdout: "alice <alice@example.com>\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", ".", "version"], in: folder), stdout: "1.1.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", ".@beta", "version"], in: folder), stdout: "2.0.0-beta.1\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "ls"]), status: 2, stdout: "", in: sandbox)

        // deprecate a range, see it, un-deprecate.
        Self.expect(try await sandbox.pkg(["deprecate", "demo-cmds@<1.1.0", "use 1.1 or later", "--otp", "123456"]), stdout: "", stderr: "", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds@1", "deprecated"]), stdout: "use 1.1 or later\n", in: sandbox)
        let deprecatedSummary = try await sandbox.pkg(["view", "demo-cmds@1.0.0"])
        #expect(deprecatedSummary.stdout.contains("\n\nDEPRECATED ⚠️  - use 1.1 or later\n\nkeywords:"), "\(deprecatedSummary.stdout)")
        Self.expect(try await sandbox.pkg(["deprecate", "demo-cmds@1.0.0", ""]), stdout: "", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds@1.0.0", "deprecated"]), stdout: "", in: sandbox)
        Self.expect(try await sandbox.pkg(["deprecate", "demo-cmds@7", "nothing"]), stdout: "", stderr: "warn deprecate No version found for 7\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["deprecate", "demo-cmds@not a range!", "x"]), status: 1, stdout: "", in: sandbox)

        // owner ls / add / rm; bob is refused until he is a maintainer.
        Self.expect(try await sandbox.pkg(["owner", "ls", "demo-cmds"]), stdout: "alice <alice@example.com>\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "add", "demo-cmds@1.0.0", "bobs"], as: "bob"), status: 1, stdout: "", stderr: """
            error E403: `PUT REGISTRY/-/package/demo-cmds/dist-tags/bobs` is forbidden
              user `bob` is not a maintainer of `demo-cmds`; ask one of `alice` to run `npm owner add bob demo-cmds`

            hint: ask a maintainer of `demo-cmds` to run `pkg owner add <you> demo-cmds`: you are logged in but may not publish or change it

            """, in: sandbox)
        Self.expect(try await sandbox.pkg(["owner", "add", "bob", "demo-cmds", "--otp", "123456"]), stdout: "+ bob (demo-cmds)\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["owner", "ls", "demo-cmds"], as: "bob"), stdout: "alice <alice@example.com>\nbob <bob@example.com>\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "add", "demo-cmds@1.0.0", "bobs"], as: "bob"), stdout: "+bobs: demo-cmds@1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["owner", "rm", "bob", "demo-cmds"]), stdout: "- bob (demo-cmds)\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["owner", "rm", "alice", "demo-cmds"]), status: 1, stdout: "", stderr: """
            error EOWNERRM: cannot remove `alice`, the last owner of `demo-cmds`

            hint: add someone else first with `pkg owner add <user> demo-cmds`

            """, in: sandbox)
        Self.expect(try await sandbox.pkg(["owner", "add", "nobody", "demo-cmds"]), status: 1, stdout: "", stderr: """
            error E404: user `nobody` is not in this registry

            hint: check the user name; people join the registry with `pkg adduser`

            """, in: sandbox)

        // search: npm's blocks, --json, --searchlimit, no match.
        let other = try sandbox.writePackage("demo-cmds-extra", version: "0.1.0")
        Self.expect(try await sandbox.pkg(["publish"], in: other), stdout: "+ demo-cmds-extra@0.1.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["search", "demo-cmds", "--searchlimit", "1"]), stdout: """
            demo-cmds
            Commands demo
            Version 1.1.0 published <when> by alice
            Maintainers: alice
            Keywords: demo cmds
            https://npm.im/demo-cmds


            """, in: sandbox)
        let found = try await sandbox.pkg(["search", "demo-cmds", "--json"])
        #expect(found.status == 0, "\(found.output)")
        let names = (try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["demo-cmds", "demo-cmds-extra"], "\(found.stdout)")
        Self.expect(try await sandbox.pkg(["search", "zzzz"]), stdout: "No matches found for \"zzzz\"\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["search", "zzzz", "--json"]), stdout: "\n[]\n\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["search"]), status: 2, stdout: "", in: sandbox)

        // unpublish one version, then (only with --force) the package.
        Self.expect(try await sandbox.pkg(["unpublish", "demo-cmds@1.0.0", "--otp", "123456"]), stdout: "- demo-cmds@1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds", "versions"]), stdout: "[ '1.1.0', '2.0.0-beta.1' ]\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["unpublish", "demo-cmds@1.0.0"]), stdout: "- demo-cmds@1.0.0\n", in: sandbox)
        let refused = try await sandbox.pkg(["unpublish", "demo-cmds"])
        Self.expect(refused, status: 2, stdout: "", in: sandbox)
        #expect(refused.stderr.hasPrefix("Error: Refusing to delete entire project.\nRun with --force to do this.\n"), "\(refused.stderr)")
        Self.expect(try await sandbox.pkg(["unpublish", "demo-cmds@latest"]), status: 2, stdout: "", in: sandbox)
        Self.expect(try await sandbox.pkg(["unpublish", "demo-cmds-extra@0.1.0", "--force"], as: "bob"), status: 1, stdout: "", in: sandbox)
        Self.expect(try await sandbox.pkg(["unpublish", "demo-cmds", "--force"]), stdout: "- demo-cmds\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds"]), status: 1, stdout: "", in: sandbox)
        Self.expect(try await sandbox.pkg(["unpublish", "no-such-package", "--force"]), status: 1, stdout: "", in: sandbox)
    }

    /// `pkg publish`'s report on stderr for a `demo-cmds` folder from `writePackage`.
    static func publishNotice(version: String) -> String {
        """
        notice
        notice 📦  demo-cmds@\(version)
        notice Tarball Contents
        notice 26B    index.js
        notice 186B   package.json
        notice Tarball Details
        notice name:          demo-cmds
        notice version:       \(version)
        notice filename:      demo-cmds-\(version).tgz
        notice package size:  288B
        notice unpacked size: 212B
        notice shasum:        <shasum>
        notice integrity:     <integrity>
        notice total files:   2
        notice
        notice Publishing to REGISTRY/ with tag latest and default access

        """
    }

    @Test func loginAndPublishFailuresAreExplained() async throws {
        let sandbox = try await Sandbox.start("failures-e2e")
        defer { sandbox.stop() }
        try await Self.publishDemo(sandbox)
        Self.expect(try await sandbox.pkg(["login", "--registry", sandbox.registry], input: "alice\nwrong-password\n"), status: 1, stdout: "", stderr: """
            notice Log in on REGISTRY/
            error E401: could not log in as `alice`
              incorrect user name or password

            hint: check the user name and password

            """, in: sandbox)
        let folder = try sandbox.writePackage("demo-cmds", version: "1.1.0")
        let conflict = try await sandbox.pkg(["publish", "--otp", "123456"], in: folder)
        Self.expect(conflict, status: 1, stdout: "", stderr: Self.publishNotice(version: "1.1.0") + """
            error EPUBLISHCONFLICT: cannot publish over the previously published version `demo-cmds@1.1.0`
              cannot publish over the previously published version `demo-cmds@1.1.0`; versions are immutable

            hint: bump the version with `pkg version patch` and publish again: published versions are immutable

            """, in: sandbox)
        let newer = try sandbox.writePackage("demo-cmds", version: "3.0.0")
        Self.expect(try await sandbox.pkg(["publish"], as: "bob", in: newer), status: 1, stdout: "", stderr: Self.publishNotice(version: "3.0.0") + """
            error E403: `PUT REGISTRY/demo-cmds` is forbidden
              user `bob` is not a maintainer of `demo-cmds`; ask one of `alice` to run `npm owner add bob demo-cmds`

            hint: ask a maintainer of `demo-cmds` to run `pkg owner add <you> demo-cmds`: you are logged in but may not publish or change it

            """, in: sandbox)

        // Without a token the write commands say how to log in.
        try Data("registry=\(sandbox.registry)\n".utf8).write(to: URL(fileURLWithPath: sandbox.home("alice") + "/.npmrc"))
        Self.expect(try await sandbox.pkg(["dist-tag", "add", "demo-cmds@1.0.0", "anon"]), status: 1, stdout: "", stderr: """
            error E401: `PUT REGISTRY/-/package/demo-cmds/dist-tags/anon` was refused: authentication required
              you must be logged in to do this; run `npm login`

            hint: log in first: run `pkg login --registry REGISTRY/` (the saved token is missing, expired or revoked)

            """, in: sandbox)
    }
}

/// The real npm CLI on the other side of the same registry.
extension RegistryCommandsEndToEndTests {
    @Test func npmAndPkgPrintTheSameAndSeeEachOthersChanges() async throws {
        guard let npm = RegistryTestSupport.which("npm") else {
            print("skipping: npm is not on PATH")
            return
        }
        let sandbox = try await Sandbox.start("npm-commands-e2e")
        defer { sandbox.stop() }
        try await Self.publishDemo(sandbox)

        // The read commands print what npm prints.
        for arguments in [
            ["view", "demo-cmds"], ["view", "demo-cmds@2.0.0-beta.1"], ["view", "demo-cmds@1"], ["view", "demo-cmds", "versions"],
            ["view", "demo-cmds@1", "version"], ["view", "demo-cmds@1", "version", "description"], ["view", "demo-cmds", "dist"],
            ["view", "demo-cmds", "maintainers[0].name"], ["view", "demo-cmds", "dist-tags", "--json"], ["view", "demo-cmds", "--json"],
            ["view", "demo-cmds@>=1", "--json"], ["view", "demo-cmds", "time"], ["dist-tag", "ls", "demo-cmds"], ["owner", "ls", "demo-cmds"],
            ["search", "demo-cmds"], ["search", "demo-cmds", "--json"], ["search", "demo-cmds", "--parseable"], ["search", "zzzz"],
            ["search", "zzzz", "--json"],
        ] {
            let ours = try await sandbox.pkg(arguments)
            let theirs = try await sandbox.npm(npm, arguments)
            #expect(ours.status == 0 && theirs.status == 0, "\(arguments): \(ours.output)\n\(theirs.output)")
            #expect(sandbox.normalized(ours.stdout) == sandbox.normalized(theirs.stdout), "\(arguments)")
        }

        // pkg writes, npm reads.
        Self.expect(try await sandbox.pkg(["dist-tag", "add", "demo-cmds@1.0.0", "from-pkg"]), stdout: "+from-pkg: demo-cmds@1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["dist-tag", "ls", "demo-cmds"]),
                    stdout: "beta: 2.0.0-beta.1\nfrom-pkg: 1.0.0\nlatest: 1.1.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["deprecate", "demo-cmds@1.0.0", "pkg says no"]), stdout: "", in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["view", "demo-cmds@1.0.0", "deprecated"]), stdout: "pkg says no\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["owner", "add", "bob", "demo-cmds"]), stdout: "+ bob (demo-cmds)\n", in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["owner", "ls", "demo-cmds"]), stdout: "alice <alice@example.com>\nbob <bob@example.com>\n", in: sandbox)

        // npm writes, pkg reads.
        Self.expect(try await sandbox.npm(npm, ["dist-tag", "add", "demo-cmds@1.1.0", "from-npm"]), stdout: "+from-npm: demo-cmds@1.1.0\n", in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["dist-tag", "rm", "demo-cmds", "from-pkg"]), stdout: "-from-pkg: demo-cmds@1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["dist-tag", "ls", "demo-cmds"]), stdout: "beta: 2.0.0-beta.1\nfrom-npm: 1.1.0\nlatest: 1.1.0\n", in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["deprecate", "demo-cmds@1.1.0", "npm says no"]), in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["deprecate", "demo-cmds@1.0.0", ""]), in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds@1", "deprecated"]), stdout: "npm says no\n", in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["owner", "rm", "bob", "demo-cmds"]), stdout: "- bob (demo-cmds)\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["owner", "ls", "demo-cmds"]), stdout: "alice <alice@example.com>\n", in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["unpublish", "demo-cmds@1.0.0"]), stdout: "- demo-cmds@1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["unpublish", "demo-cmds@2.0.0-beta.1"]), stdout: "- demo-cmds@2.0.0-beta.1\n", in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["view", "demo-cmds", "versions"]), stdout: "1.1.0\n", in: sandbox)
        Self.expect(try await sandbox.pkg(["view", "demo-cmds", "versions"]), stdout: "1.1.0\n", in: sandbox)

        // A login made by pkg works for npm: whoami and publish.
        Self.expect(try await sandbox.npm(npm, ["whoami"]), stdout: "alice\n", in: sandbox)
        let npmFolder = try sandbox.writePackage("published-by-npm", version: "1.0.0")
        let npmPublish = try await sandbox.npm(npm, ["publish"], in: npmFolder)
        #expect(npmPublish.status == 0, "\(npmPublish.output)")
        Self.expect(try await sandbox.pkg(["view", "published-by-npm", "_npmUser"]), stdout: "alice <alice@example.com>\n", in: sandbox)

        // A login made by npm works for pkg: whoami and publish.
        try FileManager.default.removeItem(atPath: sandbox.home("bob") + "/.npmrc")
        guard let login = try await RegistryTestSupport.runInteractive(
            [npm, "login", "--auth-type=legacy", "--registry", sandbox.registry], in: sandbox.home("bob"),
            environment: sandbox.environment("bob"), lines: ["bob", "bob-password-1"])
        else {
            print("skipping the npm-login half: `script` is not installed to give npm a terminal")
            return
        }
        #expect(login.status == 0, "\(login.output)")
        let npmrc = try String(contentsOfFile: sandbox.home("bob") + "/.npmrc", encoding: .utf8)
        #expect(npmrc.contains(":_authToken="), "\(npmrc)")
        Self.expect(try await sandbox.pkg(["whoami", "--registry", sandbox.registry], as: "bob"), stdout: "bob\n", in: sandbox)
        let bobFolder = try sandbox.writePackage("published-by-bob", version: "1.0.0")
        Self.expect(try await sandbox.pkg(["publish", "--registry", sandbox.registry], as: "bob", in: bobFolder), stdout: "+ published-by-bob@1.0.0\n", in: sandbox)
        Self.expect(try await sandbox.npm(npm, ["owner", "ls", "published-by-bob"]), stdout: "bob <bob@example.com>\n", in: sandbox)
    }
}
