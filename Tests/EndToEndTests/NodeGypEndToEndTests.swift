import Foundation
import PkgTestSupport
import Testing

/// npm's implicit `node-gyp rebuild` through a real `pkg install` from a live `pkg-registry`: it
/// runs for an allow-listed package with a `binding.gyp` and no install script, with the
/// `node-gyp` on PATH (a fake here), and not for a package the allow-list does not name.
@Suite(.serialized) struct NodeGypEndToEndTests {
    @Test func allowListedAddonIsRebuiltWithNodeGypOnPath() async throws {
        guard let pkg = PkgBinary.find() else { return }
        let root = RegistryTestSupport.temporaryDirectory("node-gyp")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let registry = try await LiveRegistry.start(root: root)
        defer { registry.stop() }
        let gyp = "{ 'targets': [ { 'target_name': 'addon', 'sources': [] } ] }\n"
        try await registry.publish("addon", "1.0.0", files: ["binding.gyp": gyp])
        try await registry.publish("other-addon", "1.0.0", files: ["binding.gyp": gyp])
        try await registry.publish("opted-out", "1.0.0", manifest: ["gypfile": false], files: ["binding.gyp": gyp])

        let bin = root + "/fake-bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"node-gyp $* in $(basename \"$PWD\") for $npm_lifecycle_event\" > gyp-ran.txt\n"
            .write(toFile: bin + "/node-gyp", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/node-gyp")
        let manifest: [String: Any] = [
            "name": "app", "version": "1.0.0",
            "dependencies": ["addon": "^1.0.0", "other-addon": "^1.0.0", "opted-out": "^1.0.0"],
            "pkg": ["allowScripts": ["addon", "opted-out"]],
        ]
        try ProjectFiles.writeJSON(manifest, to: root + "/app/package.json")
        let home = root + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let install = try await pkg.run(["install", "--registry", registry.url], in: root + "/app", environment: [
            "HOME": home, "PKG_CACHE_DIR": root + "/pkg-cache",
            "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ])
        #expect(install.status == 0, "\(install.stderr)")
        #expect(ProjectFiles.read(root + "/app/node_modules/addon/gyp-ran.txt") == "node-gyp rebuild in addon for install\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/app/node_modules/other-addon/gyp-ran.txt"))
        #expect(!FileManager.default.fileExists(atPath: root + "/app/node_modules/opted-out/gyp-ran.txt"))
        #expect(install.stderr.contains("install scripts of `other-addon` did not run"), "\(install.stderr)")
    }
}
