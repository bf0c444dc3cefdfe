import Foundation
import PkgModel
import Testing

@Suite struct DependencySpecifierTests {
    func parse(_ spec: String) throws -> DependencySpecifier {
        try DependencySpecifier(parsing: spec)
    }

    @Test(arguments: [
        ("1.2.3", DependencySpecifier.version("1.2.3")),
        ("v1.2.3", .version("v1.2.3")),
        ("=1.2.3-beta.1+build", .version("=1.2.3-beta.1+build")),
        (" ^1.0.0 ", .range("^1.0.0")),
        ("", .range("")),
        ("*", .range("*")),
        ("1.x || >=2.5.0 <3", .range("1.x || >=2.5.0 <3")),
        ("1.2 - 2.0", .range("1.2 - 2.0")),
        ("~1", .range("~1")),
        (">= 1.2.3", .range(">= 1.2.3")),
        ("latest", .tag("latest")),
        ("next-2", .tag("next-2")),
        ("1.2.3.4", .tag("1.2.3.4")),
        ("file:../x", .directory(path: "../x")),
        ("../x", .directory(path: "../x")),
        ("./x.tgz", .file(path: "./x.tgz")),
        ("file:x.tar.gz", .file(path: "x.tar.gz")),
        ("x.tgz", .file(path: "x.tgz")),
        ("~/dev/x", .directory(path: "~/dev/x")),
        ("file:///abs/dir", .directory(path: "/abs/dir")),
        ("file:/../up", .directory(path: "../up")),
        ("a/b/c", .directory(path: "a/b/c")),
        ("link:../lib", .link(path: "../lib")),
        ("workspace:^", .workspace("^")),
        ("https://example.com/x-1.0.0.tgz", .remote(url: "https://example.com/x-1.0.0.tgz")),
        ("https://github.com/a/b/archive/x.tar.gz", .remote(url: "https://github.com/a/b/archive/x.tar.gz")),
    ])
    func classifiesLikeNpmPackageArg(spec: String, expected: DependencySpecifier) throws {
        #expect(try parse(spec) == expected)
    }

    @Test func aliasesPointAtRegistryPackages() throws {
        let alias = try parse("npm:@scope/real@^1.0.0")
        #expect(alias == .alias(name: try PackageName("@scope/real"), target: .range("^1.0.0")))
        #expect(alias.isRegistry)
        #expect(alias.registrySpec == "^1.0.0")
        #expect(alias.description == "npm:@scope/real@^1.0.0")
        #expect(try parse("npm:real") == .alias(name: try PackageName("real"), target: .range("*")))
        #expect(throws: SpecifierError.nestedAlias(raw: "npm:npm:x@1")) { try parse("npm:npm:x@1") }
        #expect(throws: SpecifierError.aliasTargetNotRegistry(raw: "npm:github:a/b")) { try parse("npm:github:a/b") }
    }

    @Test func gitShorthandsAndURLs() throws {
        guard case .git(let shorthand) = try parse("user/repo#semver:^1.2.0") else {
            Issue.record("not git")
            return
        }
        #expect(shorthand.hosted == GitSpecifier.HostedRepository(host: .github, user: "user", project: "repo"))
        #expect(shorthand.semverRange == "^1.2.0")
        #expect(shorthand.committish == nil)
        #expect(shorthand.url == "https://github.com/user/repo.git")
        #expect(shorthand.hosted?.sshURL == "git+ssh://git@github.com/user/repo.git")
        #expect(DependencySpecifier.git(shorthand).description == "user/repo#semver:^1.2.0")

        guard case .git(let withPath) = try parse("github:a/b#v1.0.0::path:packages/x") else { return }
        #expect(withPath.committish == "v1.0.0")
        #expect(withPath.subdirectory == "/packages/x")

        guard case .git(let gitlab) = try parse("gitlab:group/sub/proj") else { return }
        #expect(gitlab.hosted == GitSpecifier.HostedRepository(host: .gitlab, user: "group/sub", project: "proj"))

        guard case .git(let scp) = try parse("git@github.com:a/b.git#main") else { return }
        #expect(scp.hosted?.project == "b")
        #expect(scp.committish == "main")

        guard case .git(let plain) = try parse("git+https://example.com/team/repo.git#dev") else { return }
        #expect(plain.hosted == nil)
        #expect(plain.url == "https://example.com/team/repo.git")
        #expect(plain.committish == "dev")

        guard case .git(let scpLike) = try parse("git+ssh://git@example.com:team/repo.git") else { return }
        #expect(scpLike.url == "git@example.com:team/repo.git")

        #expect(throws: SpecifierError.self) { try parse("github:a/b#v1::semver:^1") }
    }

    @Test func refusesWhatNpmRefuses() {
        #expect(throws: SpecifierError.invalidTag("bar baz", raw: "bar baz")) { try parse("bar baz") }
        #expect(throws: SpecifierError.unsupportedProtocol("ftp:", raw: "ftp://x/y")) { try parse("ftp://x/y") }
        let error = #expect(throws: SpecifierError.self) { try PackageSpec(parsing: "Foo Bar@1") }
        #expect(error?.code == "EINVALIDPACKAGENAME")
    }

    @Test(arguments: [
        ("foo", "foo", DependencySpecifier.range("*")),
        ("foo@^1", "foo", .range("^1")),
        ("foo@", "foo", .range("*")),
        ("@s/x", "@s/x", .range("*")),
        ("@s/x@latest", "@s/x", .tag("latest")),
        ("Foo@1.0.0", "Foo", .version("1.0.0")),
    ] as [(String, String, DependencySpecifier)])
    func packageArguments(argument: String, name: String, specifier: DependencySpecifier) throws {
        let parsed = try PackageSpec(parsing: argument)
        #expect(parsed.name?.rawValue == name)
        #expect(parsed.specifier == specifier)
    }

    @Test func packageArgumentsWithoutNames() throws {
        let alias = try PackageSpec(parsing: "x@npm:foo@1")
        #expect(alias.name?.rawValue == "x")
        #expect(alias.specifier == .alias(name: try PackageName("foo"), target: .version("1")) || alias.specifier == .alias(name: try PackageName("foo"), target: .range("1")))
        #expect(try PackageSpec(parsing: "npm:foo@1").name == nil)
        #expect(try PackageSpec(parsing: "./dir").specifier == .directory(path: "./dir"))
        #expect(try PackageSpec(parsing: "a/b").name == nil)
        if case .git(let git) = try PackageSpec(parsing: "git@github.com:a/b.git").specifier {
            #expect(git.hosted?.user == "a")
        } else {
            Issue.record("scp-like argument is git")
        }
        #expect(try PackageSpec(name: "@s/x", spec: "^2").description == "@s/x@^2")
    }

    /// Runs npm's own npm-package-arg on a table of specs and compares the classification.
    @Test func agreesWithNpmPackageArg() async throws {
        var specs = [
            "1.2.3", "v1.2.3", "=1.2.3", " 1.2.3 ", "1.2.3-rc.1", "1.2.3-rc.1+b.2", "1.2.3+b", "1.2", "1", "^1.2.3", "~1.2", "~>1.2",
            ">=1.0.0 <2", ">= 1", "1.x", "1.X.x", "*", "x", "", "1.2.3 - 2.3.4", "1 - 2", "^1 || ^2", "||", "<1.0.0-0", ">1.2.3-alpha",
            "1.2.3beta", "latest", "next", "beta-1", "1.2.3.4", "a b", "v", "=", "^", "~", ">", "foo@1", "@s/x", "1.2.3-",
            "npm:foo@1", "npm:@s/x@^2", "npm:foo", "npm:npm:foo@1", "npm:github:a/b", "npm:./x",
            "file:../x", "file:x.tgz", "./x", "../x", "/abs", "~/x", "x.tgz", "X.TAR.GZ", "a/b/c", "a.tar",
            "user/repo", "user/repo#dev", "user/repo#semver:^1", "user/repo#path:sub", "github:a/b", "github:a/b#v1::path:p",
            "gitlab:g/s/p", "bitbucket:a/b#x", "gist:1234abcd", "gist:u/1234abcd",
            "git+https://github.com/a/b.git#main", "git://github.com/a/b.git", "https://github.com/a/b",
            "https://github.com/a/b/tree/dev", "git@github.com:a/b.git", "git+ssh://git@github.com:a/b.git#v1",
            "git+ssh://git@example.com:team/repo.git", "git+ssh://git@example.com:22/repo.git", "git+https://example.com/r.git#semver:1.x",
            "git+file:///repo", "https://example.com/x.tgz", "http://example.com/x", "https://gitlab.com/g/p", "https://bitbucket.org/a/b",
            "ftp://x/y", "a/b#v1::semver:1", "a/b#semver:1::semver:2",
        ]
        var random = JSONTestRandom(seed: 555)
        let pieces = ["1", "2", ".", "x", "*", "^", "~", ">=", "<", " ", "-", "||", "v", "=", "beta", "+b"]
        for _ in 0..<400 {
            specs.append((0..<Int.random(in: 1...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
        }
        let script = """
            const fs = require('fs');
            const npa = require('npm-package-arg');
            const specs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            fs.writeFileSync(process.argv[3], JSON.stringify(specs.map(s => {
              try {
                const r = npa.resolve('dep', s, '/project');
                return { type: r.type, fetchSpec: r.fetchSpec, committish: r.gitCommittish || null, range: r.gitRange || null,
                  subdir: r.gitSubdir || null, hosted: r.hosted ? [r.hosted.type, r.hosted.user, r.hosted.project] : null,
                  sub: r.subSpec ? [r.subSpec.name, r.subSpec.type] : null };
              } catch (e) { return { error: e.message }; }
            })));
            """
        guard let output = try await JSONNodeOracle.run(script: script, input: JSONValue.array(specs.map { .string($0) }).serialized()) else { return }
        let expected = try #require(try JSONValue(parsing: output).arrayValue)
        try #require(expected.count == specs.count)
        for (spec, node) in zip(specs, expected) {
            let ours = Result { () throws(SpecifierError) -> DependencySpecifier in try DependencySpecifier(parsing: spec) }
            if let message = node["error"]?.stringValue {
                #expect(throws: SpecifierError.self, "npm refuses `\(spec)`: \(message)") { try ours.get() }
                continue
            }
            guard case .success(let specifier) = ours else {
                Issue.record("npm accepts `\(spec)` as \(node["type"]?.stringValue ?? "?"), we refuse it")
                continue
            }
            #expect(Self.typeName(specifier) == node["type"]?.stringValue, "type of `\(spec)`")
            switch specifier {
            case .version(let text), .range(let text), .tag(let text):
                #expect(text == node["fetchSpec"]?.stringValue, "fetchSpec of `\(spec)`")
            case .alias(let name, let target):
                #expect(node["sub"] == [.string(name.rawValue), .string(Self.typeName(target))], "alias `\(spec)`")
            case .git(let git):
                #expect(git.committish == node["committish"]?.stringValue, "committish of `\(spec)`")
                #expect(git.semverRange == node["range"]?.stringValue, "semver range of `\(spec)`")
                #expect(git.subdirectory == node["subdir"]?.stringValue, "subdirectory of `\(spec)`")
                let hosted: JSONValue = git.hosted.map { [.string($0.host.rawValue), $0.user.map { .string($0) } ?? .null, .string($0.project)] } ?? .null
                #expect(hosted == node["hosted"], "hosted repository of `\(spec)`")
            default:
                break
            }
        }
    }

    static func typeName(_ specifier: DependencySpecifier) -> String {
        switch specifier {
        case .version: "version"
        case .range: "range"
        case .tag: "tag"
        case .alias: "alias"
        case .file: "file"
        case .directory: "directory"
        case .link: "link"
        case .workspace: "workspace"
        case .git: "git"
        case .remote: "remote"
        }
    }
}
