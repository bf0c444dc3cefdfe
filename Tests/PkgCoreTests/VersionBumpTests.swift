import Foundation
import PkgTestSupport
@testable import PkgCore
import PkgModel
import PkgRegistryClient
import Testing

@Suite("VersionBump")
struct VersionBumpTests {
    @Test("release types and versions as npm version computes them", arguments: [
        ("1.2.3", "patch", nil, "1.2.4"), ("1.2.3", "minor", nil, "1.3.0"), ("1.2.3", "major", nil, "2.0.0"),
        ("1.2.3", "prerelease", nil, "1.2.4-0"), ("1.2.3", "prepatch", "beta", "1.2.4-beta.0"),
        ("1.2.3", "preminor", "rc", "1.3.0-rc.0"), ("1.2.3", "premajor", nil, "2.0.0-0"),
        ("1.2.4-beta.0", "prerelease", "beta", "1.2.4-beta.1"), ("1.2.0-5", "patch", nil, "1.2.0"),
        ("1.2.3", "v2.0.0", nil, "2.0.0"), ("1.2.3", " =3.1.4 ", nil, "3.1.4"), ("1.2.3", "1.2.3-alpha", nil, "1.2.3-alpha"),
    ] as [(String, String, String?, String)])
    func newVersion(current: String, request: String, preid: String?, expected: String) throws {
        #expect(try VersionBump.newVersion(current: current, request: request, preid: preid) == expected)
    }

    @Test("an invalid argument or the same version is refused with npm's messages")
    func refusals() throws {
        #expect(throws: VersionError.invalidVersion(requested: "bogus", current: "1.2.3")) {
            try VersionBump.newVersion(current: "1.2.3", request: "bogus", preid: nil)
        }
        #expect(throws: VersionError.invalidVersion(requested: "patch", current: "not-a-version")) {
            try VersionBump.newVersion(current: "not-a-version", request: "patch", preid: nil)
        }
        #expect(throws: VersionError.versionNotChanged(version: "1.2.3")) {
            try VersionBump.newVersion(current: "1.2.3", request: "v1.2.3", preid: nil)
        }
        #expect(VersionError.invalidVersion(requested: "bogus", current: "1.2.3").rendered() .hasPrefix("error EINVALIDVERSION: Invalid version: bogus"))
        #expect(VersionError.versionNotChanged(version: "1.2.3").message == "Version not changed")
        #expect(try VersionBump.newVersion(current: nil, request: "minor", preid: nil) == "0.1.0")
    }

    @Test("package.json keeps its formatting; package-lock.json's root entries follow; scripts see both versions")
    func files() throws {
        let directory = TestDirectory()
        directory.write("package.json", "{\n    \"name\": \"v\",\n    \"version\": \"1.0.0\",\n    \"scripts\": {\n        \"preversion\": \"echo pre $npm_old_version $npm_new_version $npm_package_version >> log\",\n        \"version\": \"echo ver $npm_package_version >> log\",\n        \"postversion\": \"echo post >> log\"\n    }\n}\n")
        directory.write("package-lock.json", "{\n\t\"name\": \"v\",\n\t\"version\": \"1.0.0\",\n\t\"lockfileVersion\": 3,\n\t\"packages\": {\n\t\t\"\": {\n\t\t\t\"name\": \"v\",\n\t\t\t\"version\": \"1.0.0\"\n\t\t}\n\t}\n}\n")
        var options = VersionBump.Options()
        options.gitTagVersion = false
        var banners: [String] = []
        let outcome = try VersionBump(directory: directory.path, options: options).run("minor") { banners.append($0) }
        #expect(outcome == .init(oldVersion: "1.0.0", newVersion: "1.1.0", tagged: false, updatedFiles: ["package-lock.json"]))
        #expect(directory.read("package.json")?.contains("\n    \"version\": \"1.1.0\",\n") == true)
        #expect(directory.read("package-lock.json") == "{\n\t\"name\": \"v\",\n\t\"version\": \"1.1.0\",\n\t\"lockfileVersion\": 3,\n\t\"packages\": {\n\t\t\"\": {\n\t\t\t\"name\": \"v\",\n\t\t\t\"version\": \"1.1.0\"\n\t\t}\n\t}\n}\n")
        #expect(directory.read("log") == "pre 1.0.0 1.1.0 1.0.0\nver 1.1.0\npost\n")
        #expect(banners.first == "\n> v@1.0.0 preversion\n> echo pre $npm_old_version $npm_new_version $npm_package_version >> log\n")

        options.ignoreScripts = true
        _ = try VersionBump(directory: directory.path, options: options).run("2.0.0")
        #expect(directory.read("log") == "pre 1.0.0 1.1.0 1.0.0\nver 1.1.0\npost\n")
    }

    @Test(".npmrc settings npm reads for npm version become the defaults")
    func configuration() throws {
        let directory = TestDirectory()
        directory.write(".npmrc", "tag-version-prefix=release-\nmessage=Release %s\ngit-tag-version=false\npreid=rc\n")
        let emptyHome = TestDirectory()
        let configuration = try NpmConfiguration.load(environment: ["HOME": emptyHome.path], workingDirectory: directory.path)
        let options = VersionBump.Options(configuration: configuration)
        #expect(options.tagPrefix == "release-")
        #expect(options.message == "Release %s")
        #expect(!options.gitTagVersion)
        #expect(options.preid == "rc")
        let home = TestDirectory()
        let defaults = VersionBump.Options(configuration: try NpmConfiguration.load(environment: ["HOME": home.path], workingDirectory: home.path))
        #expect(defaults.tagPrefix == "v" && defaults.message == "%s" && defaults.gitTagVersion && defaults.preid == nil)
    }

    @Test("a failing preversion script stops before anything is written")
    func failingScript() {
        let directory = TestDirectory()
        directory.write("package.json", #"{"name":"v","version":"1.0.0","scripts":{"preversion":"exit 3"}}"#)
        var options = VersionBump.Options()
        options.gitTagVersion = false
        #expect(throws: VersionError.scriptFailed(event: "preversion", status: 3)) {
            try VersionBump(directory: directory.path, options: options).run("patch")
        }
        #expect(directory.read("package.json")?.contains("1.0.0") == true)
    }

    @Test("in a git repository: commit and annotated tag as npm makes them; refused when dirty")
    func git() async throws {
        guard let git = VersionBump.findGit() else {
            print("skipping: git is not on PATH")
            return
        }
        let directory = TestDirectory()
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "t"
        environment["GIT_AUTHOR_EMAIL"] = "t@example.com"
        environment["GIT_COMMITTER_NAME"] = "t"
        environment["GIT_COMMITTER_EMAIL"] = "t@example.com"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["HOME"] = directory.path
        func run(_ arguments: [String]) async throws -> String {
            try await ChildProcess.run(git, arguments, in: directory.path, environment: environment, mergeStandardError: true).stdout
        }
        directory.write("package.json", "{\n  \"name\": \"g\",\n  \"version\": \"0.1.0\"\n}\n")
        _ = try await run(["init", "-q"])
        _ = try await run(["add", "package.json"])
        _ = try await run(["commit", "-q", "-m", "init"])
        let bump = VersionBump(directory: directory.path, options: VersionBump.Options(), git: git, environment: environment)
        let outcome = try bump.run("patch")
        #expect(outcome.tagged)
        #expect(try await run(["log", "-1", "--format=%s"]) == "0.1.1\n")
        #expect(try await run(["tag", "-l", "-n1"]) == "v0.1.1          0.1.1\n")
        #expect(try await run(["cat-file", "-t", "v0.1.1"]) == "tag\n")
        #expect(try await run(["status", "--porcelain"]) == "")

        directory.write("package.json", "{\n  \"name\": \"g\",\n  \"version\": \"0.1.1\",\n  \"x\": 1\n}\n")
        #expect(throws: VersionError.gitNotClean) { try bump.run("patch") }
        var skip = VersionBump.Options()
        skip.gitTagVersion = false
        let untagged = try VersionBump(directory: directory.path, options: skip, git: git, environment: environment).run("patch")
        #expect(!untagged.tagged)
        #expect(try await run(["tag", "-l"]) == "v0.1.1\n")
    }
}
