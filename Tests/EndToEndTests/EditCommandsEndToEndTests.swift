import Foundation
import PkgTestSupport
import Testing

/// `pkg add`, `pkg remove` and `pkg update` against a live `pkg-registry`, each run beside the same
/// npm command on a copy of the project: package.json must come out byte-identical to npm's, and
/// pkg.lock and node_modules must follow (extraneous packages removed, bins linked and unlinked).
@Suite(.serialized) struct EditCommandsEndToEndTests {
    private struct World {
        let root: String
        let registry: LiveRegistry
        let npm: NpmOracle
        let pkg: PkgBinary
        var pkgApp: String { root + "/pkg-app" }
        var npmApp: String { root + "/npm-app" }

        func pkg(_ arguments: [String]) async throws -> PkgBinary.Result {
            try await pkg.run(arguments + ["--registry", registry.url], in: pkgApp, environment: [
                "HOME": root + "/pkg-home", "PKG_CACHE_DIR": root + "/pkg-cache",
            ])
        }

        /// Runs `pkg <arguments>` and `npm <npmArguments>` and records whether package.json matches.
        func both(_ arguments: [String], npm npmArguments: [String]? = nil) async throws -> [String] {
            let ours = try await pkg(arguments)
            guard ours.status == 0 else { return ["pkg \(arguments.joined(separator: " ")) failed:\n\(ours.stderr)"] }
            let theirs = try await npm.run(npmArguments ?? arguments, in: npmApp)
            guard theirs.status == 0 else { return ["npm \((npmArguments ?? arguments).joined(separator: " ")) failed:\n\(theirs.output)"] }
            let pkgJSON = ProjectFiles.read(pkgApp + "/package.json") ?? ""
            let npmJSON = ProjectFiles.read(npmApp + "/package.json") ?? ""
            return pkgJSON == npmJSON ? [] : ["after `\(arguments.joined(separator: " "))` package.json differs:\n--- pkg\n\(pkgJSON)--- npm\n\(npmJSON)"]
        }

        func installed(_ name: String) -> String? { ProjectFiles.installedVersion(pkgApp + "/node_modules/" + name) }
        func npmInstalled(_ name: String) -> String? { ProjectFiles.installedVersion(npmApp + "/node_modules/" + name) }
        var lock: String { ProjectFiles.read(pkgApp + "/pkg.lock") ?? "" }
    }

    private static func world() async throws -> World? {
        guard let pkg = PkgBinary.find() else { return nil }
        let root = RegistryTestSupport.temporaryDirectory("edit-commands")
        let registry = try await LiveRegistry.start(root: root)
        guard let npm = NpmOracle.find(registry: registry.url, root: root) else {
            registry.stop()
            return nil
        }
        for version in ["1.0.0", "1.1.0", "2.0.0"] {
            try await registry.publish("dep", version, manifest: ["dependencies": ["sub": "^1.0.0"]])
        }
        try await registry.publish("sub", "1.0.0")
        try await registry.publish("tool", "1.0.0", manifest: ["bin": ["tool": "cli.js"]], files: ["cli.js": "#!/usr/bin/env node\nconsole.log('tool');\n"])
        try await registry.publish("peer", "1.0.0")
        try await registry.publish("peer", "1.5.0")
        try await registry.publish("opt", "1.0.0")
        try await registry.publish("exact", "3.1.4")
        try await registry.publish("@scope/lib", "0.3.0")
        try FileManager.default.createDirectory(atPath: root + "/pkg-home", withIntermediateDirectories: true)
        // A hand-written package.json: npm keeps its indentation, key order and unrelated fields.
        let manifest = """
            {
              "name": "edited",
              "version": "1.0.0",
              "description": "edited by both tools",
              "scripts": {
                "test": "node -e 1"
              },
              "dependencies": {
                "opt": "^1.0.0"
              },
              "license": "MIT"
            }

            """
        for app in ["/pkg-app", "/npm-app"] {
            try FileManager.default.createDirectory(atPath: root + app, withIntermediateDirectories: true)
            try manifest.write(toFile: root + app + "/package.json", atomically: true, encoding: .utf8)
        }
        return World(root: root, registry: registry, npm: npm, pkg: pkg)
    }

    @Test func addRemoveUpdateEditLikeNpmAndKeepTheTreeInStep() async throws {
        guard let world = try await Self.world() else { return }
        defer {
            world.registry.stop()
            try? FileManager.default.removeItem(atPath: world.root)
        }
        var differences: [String] = []
        // Plain add: `^` of the latest version, dependencies sorted by name.
        differences += try await world.both(["add", "dep"], npm: ["install", "dep"])
        #expect(world.installed("dep") == "2.0.0")
        #expect(world.installed("sub") == "1.0.0")
        #expect(world.lock.contains("dep@2.0.0"), "pkg.lock names the added package:\n\(world.lock.prefix(600))")
        differences += try await world.both(["add", "-D", "tool"], npm: ["install", "-D", "tool"])
        #expect(world.installed("tool") == "1.0.0")
        #expect(FileManager.default.isExecutableFile(atPath: world.pkgApp + "/node_modules/.bin/tool"))
        differences += try await world.both(["add", "-E", "exact"], npm: ["install", "-E", "exact"])
        differences += try await world.both(["add", "--save-peer", "peer@^1.0.0"], npm: ["install", "--save-peer", "peer@^1.0.0"])
        #expect(world.installed("peer") == "1.5.0")
        differences += try await world.both(["add", "-O", "@scope/lib"], npm: ["install", "-O", "@scope/lib"])
        #expect(world.installed("@scope/lib") == "0.3.0")
        differences += try await world.both(["add", "old@npm:dep@^1.0.0"], npm: ["install", "old@npm:dep@^1.0.0"])
        #expect(world.installed("old") == "1.1.0")
        // A version moves an existing entry to that version's `^` range, in its own map.
        differences += try await world.both(["add", "dep@1.0.0"], npm: ["install", "dep@1.0.0"])
        #expect(world.installed("dep") == "1.0.0")
        #expect(world.installed("dep") == world.npmInstalled("dep"))

        // Remove: package.json, pkg.lock, node_modules and the bin link all lose it.
        differences += try await world.both(["remove", "tool"], npm: ["uninstall", "tool"])
        #expect(!FileManager.default.fileExists(atPath: world.pkgApp + "/node_modules/tool"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: world.pkgApp + "/node_modules/.bin/tool")) == nil)
        #expect(!world.lock.contains("tool@"), "pkg.lock still names tool:\n\(world.lock.prefix(600))")

        // Update: a newer version inside the range is taken; package.json is left alone, as npm 10 does.
        try await world.registry.publish("dep", "1.2.0", manifest: ["dependencies": ["sub": "^1.0.0"]])
        try await world.registry.publish("sub", "1.1.0")
        differences += try await world.both(["update", "dep"])
        #expect(world.installed("dep") == "1.2.0")
        #expect(world.installed("dep") == world.npmInstalled("dep"))
        #expect(world.installed("sub") == "1.0.0", "only the named package is updated")
        differences += try await world.both(["update"])
        #expect(world.installed("sub") == "1.1.0")
        #expect(world.installed("sub") == world.npmInstalled("sub"))
        #expect(world.lock.contains("sub@1.1.0"))

        // Removing the last dependent of `sub` removes it from node_modules (extraneous).
        differences += try await world.both(["remove", "dep", "old"], npm: ["uninstall", "dep", "old"])
        #expect(!FileManager.default.fileExists(atPath: world.pkgApp + "/node_modules/dep"))
        #expect(!FileManager.default.fileExists(atPath: world.pkgApp + "/node_modules/sub"))
        #expect(!FileManager.default.fileExists(atPath: world.npmApp + "/node_modules/sub"))
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n\n"))")
    }
}
