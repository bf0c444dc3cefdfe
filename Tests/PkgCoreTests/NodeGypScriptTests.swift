import Foundation
import PkgModel
import Testing
@testable import PkgCore

/// npm's implicit `install: node-gyp rebuild` for packages with a `binding.gyp`, run (like every
/// dependency script) only for allow-listed packages, with a fake `node-gyp` on PATH.
@Suite struct NodeGypScriptTests {
    private static let gyp = "{ 'targets': [] }\n"

    private func fixture() throws -> (TestDirectory, [(placed: PlacedPackage, entry: StoreEntry)], ScriptRunner) {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path + "/cache")
        let project = directory.path + "/project"
        let specs: [(String, [String: String], String)] = [
            ("addon", ["binding.gyp": Self.gyp], ""),
            ("own-install", ["binding.gyp": Self.gyp], #","scripts":{"install":"echo own > own.txt"}"#),
            ("has-preinstall", ["binding.gyp": Self.gyp], #","scripts":{"preinstall":"echo pre > pre.txt"}"#),
            ("gypfile-false", ["binding.gyp": Self.gyp], #","gypfile":false"#),
            ("gyp-folder", ["binding.gyp/readme": "not a file"], ""),
            ("denied-addon", ["binding.gyp": Self.gyp], ""),
        ]
        var packages: [(placed: PlacedPackage, entry: StoreEntry)] = []
        var targets: [LinkTarget] = []
        var entries: [String: StoreEntry] = [:]
        for (name, files, extra) in specs {
            let entry = try StoreFixtures.entry(store, name: name, version: "1.0.0", files: files, extra: extra)
            let placed = PlacedPackage(path: [name], nodeID: name)
            targets.append(LinkTarget(placed: placed, integrity: entry.index.integrity))
            entries[name] = entry
            packages.append((placed, entry))
        }
        _ = try Linker(projectDirectory: project).link(targets, entries: entries)
        // A fake node-gyp that records where it ran and with what.
        let bin = directory.path + "/fake-bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"$npm_lifecycle_event $*\" > gyp-ran.txt\n".write(toFile: bin + "/node-gyp", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/node-gyp")
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return (directory, packages, ScriptRunner(projectDirectory: project, environment: environment, command: "install"))
    }

    @Test func bindingGypWithoutInstallScriptRunsNodeGypRebuildForAllowedPackagesOnly() throws {
        let (directory, packages, runner) = try fixture()
        let policy = ScriptPolicy(allowed: ["addon", "own-install", "has-preinstall", "gypfile-false", "gyp-folder"])
        let report = try DependencyScripts.run(packages: packages, policy: policy, runner: runner)
        #expect(directory.read("project/node_modules/addon/gyp-ran.txt") == "install rebuild\n")
        // An own install or preinstall script replaces the implicit one, as in npm.
        #expect(directory.read("project/node_modules/own-install/own.txt") == "own\n")
        #expect(!directory.exists("project/node_modules/own-install/gyp-ran.txt"))
        #expect(directory.read("project/node_modules/has-preinstall/pre.txt") == "pre\n")
        #expect(!directory.exists("project/node_modules/has-preinstall/gyp-ran.txt"))
        // `gypfile: false` and a `binding.gyp` folder opt out.
        #expect(!directory.exists("project/node_modules/gypfile-false/gyp-ran.txt"))
        #expect(!directory.exists("project/node_modules/gyp-folder/gyp-ran.txt"))
        #expect(report.ran == ["node_modules/addon", "node_modules/has-preinstall", "node_modules/own-install"])
        // Not allow-listed: nothing runs, and the package is named in the warning.
        #expect(report.skipped == ["denied-addon"])
        #expect(!directory.exists("project/node_modules/denied-addon/gyp-ran.txt"))
    }

    @Test func ignoredWithoutBindingGyp() throws {
        let manifest = try PackageManifest(parsing: Array(#"{"name":"a","version":"1.0.0"}"#.utf8))
        let directory = TestDirectory()
        #expect(!DependencyScripts.needsImplicitGypRebuild(manifest, packageDirectory: directory.path))
        try Self.gyp.write(toFile: directory.path + "/binding.gyp", atomically: true, encoding: .utf8)
        #expect(DependencyScripts.needsImplicitGypRebuild(manifest, packageDirectory: directory.path))
    }
}

/// The node version `engines.node` is checked against.
@Suite struct NodeRuntimeTests {
    @Test func asksTheNodeOnPath() throws {
        let directory = TestDirectory()
        try "#!/bin/sh\necho v99.1.2\n".write(toFile: directory.path + "/node", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path + "/node")
        #expect(NodeRuntime.version(environment: ["PATH": "/nonexistent:" + directory.path]) == "v99.1.2")
    }

    @Test func npmConfigNodeVersionOverrides() {
        #expect(NodeRuntime.version(environment: ["PATH": "", "npm_config_node_version": "18.0.0"]) == "18.0.0")
    }

    @Test func noNodeMeansUnknown() {
        #expect(NodeRuntime.version(environment: ["PATH": "/nonexistent"]) == nil)
    }
}
