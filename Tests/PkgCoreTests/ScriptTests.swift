import Foundation
import PkgModel
import Testing
@testable import PkgCore

@Suite struct ScriptTests {
    @Test func allowListComesFromThePkgField() throws {
        let manifest = try PackageManifest(parsing: Array(#"{"name":"app","pkg":{"allowScripts":["esbuild","@swc/core",3]}}"#.utf8))
        let policy = ScriptPolicy(manifest: manifest)
        #expect(policy.allowed == ["esbuild", "@swc/core"])
        #expect(!ScriptPolicy(manifest: try PackageManifest(parsing: Array(#"{"name":"app"}"#.utf8))).allows("esbuild"))
    }

    @Test func searchPathListsEveryEnclosingBinFolderFirst() {
        let runner = ScriptRunner(projectDirectory: "/p", environment: ["PATH": "/usr/bin:/p/node_modules/.bin"], command: "install")
        #expect(runner.searchPath(for: "/p/node_modules/a") == "/p/node_modules/a/node_modules/.bin:/p/node_modules/.bin:/node_modules/.bin:/usr/bin")
    }

    @Test func shellQuoting() {
        #expect(ScriptRunner.shellQuoted("plain-arg") == "plain-arg")
        #expect(ScriptRunner.shellQuoted("it's here") == #"'it'\''s here'"#)
        #expect(ScriptRunner.shellQuoted("") == "''")
    }

    private func installedFixture(script: String) throws -> (TestDirectory, [(placed: PlacedPackage, entry: StoreEntry)]) {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path + "/cache")
        let project = directory.path + "/project"
        let good = try StoreFixtures.entry(store, name: "native", version: "1.0.0", extra: #","scripts":{"postinstall":"\#(script)","preinstall":"echo pre > pre.txt"}"#)
        let denied = try StoreFixtures.entry(store, name: "sneaky", version: "1.0.0", extra: #","scripts":{"install":"touch ../../pwned"}"#)
        let targets = [
            LinkTarget(placed: PlacedPackage(path: ["native"], nodeID: "native"), integrity: good.index.integrity),
            LinkTarget(placed: PlacedPackage(path: ["sneaky"], nodeID: "sneaky"), integrity: denied.index.integrity),
        ]
        _ = try Linker(projectDirectory: project).link(targets, entries: ["native": good, "sneaky": denied])
        return (directory, [(targets[0].placed, good), (targets[1].placed, denied)])
    }

    @Test func onlyAllowedScriptsRunInPhases() throws {
        let (directory, packages) = try installedFixture(script: "cat pre.txt > post.txt; echo $npm_lifecycle_event >> post.txt")
        let runner = ScriptRunner(projectDirectory: directory.path + "/project", command: "install")
        let report = try DependencyScripts.run(packages: packages, policy: ScriptPolicy(allowed: ["native"]), runner: runner)
        #expect(report.ran == ["node_modules/native"])
        #expect(report.skipped == ["sneaky"])
        #expect(directory.read("project/node_modules/native/post.txt") == "pre\npostinstall\n")
        #expect(!directory.exists("project/pwned"))
    }

    @Test func failingScriptReportsItsOutput() throws {
        let (directory, packages) = try installedFixture(script: "echo compiling; echo boom >&2; exit 3")
        let runner = ScriptRunner(projectDirectory: directory.path + "/project", command: "install")
        #expect(throws: InstallError.scriptFailed(package: "native@1.0.0", event: "postinstall", status: 3, output: "compiling\nboom\n")) {
            try DependencyScripts.run(packages: packages, policy: ScriptPolicy(allowed: ["native"]), runner: runner)
        }
    }
}
