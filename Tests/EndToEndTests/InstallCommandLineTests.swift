import Foundation
import PkgTestSupport
import Testing

/// The real `pkg` binary, run in a scratch folder. Tests skip (with a printed reason) when the
/// binary was not built next to the test bundle.
struct PkgBinary {
    let path: String

    static func find() -> PkgBinary? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/pkg").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return PkgBinary(path: candidate) }
        }
        print("skipping: no built `pkg` binary under .build (run `swift build` first)")
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) async throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["PKG_CACHE_DIR"] = directory + "/.cache"
        for (key, value) in extra { environment[key] = value }
        let pkg = try await ChildProcess.run(path, arguments, in: directory, environment: environment)
        return Result(status: pkg.status, stdout: pkg.stdout, stderr: pkg.stderr)
    }
}

/// A scratch folder removed afterwards.
final class ScratchFolder {
    let path = NSTemporaryDirectory() + "pkg-e2e-" + UUID().uuidString.lowercased()
    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String, executable: Bool = false) async throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: full) }
    }
}

@Suite struct InstallCommandLineTests {
    @Test func initWritesAnNpmStylePackageJson() async throws {
        guard let pkg = PkgBinary.find() else { return }
        let folder = ScratchFolder()
        let result = try await pkg.run(["init", "-y"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try #require(FileManager.default.contents(atPath: folder.path + "/package.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["version"] as? String == "1.0.0")
        #expect(object["license"] as? String == "ISC")
        #expect(result.stdout.isEmpty, "messages go to stderr")
    }

    @Test func runPutsNodeModulesBinOnPathAndPassesArguments() async throws {
        guard let pkg = PkgBinary.find() else { return }
        let folder = ScratchFolder()
        try await folder.write("package.json", #"{"name":"app","version":"1.0.0","scripts":{"pregreet":"echo pre","greet":"hello","postgreet":"echo post"}}"#)
        try await folder.write("node_modules/.bin/hello", "#!/bin/sh\necho \"hello $npm_lifecycle_event $*\"\n", executable: true)
        let result = try await pkg.run(["run", "greet", "--", "a b", "c"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "pre\nhello greet a b c\npost\n")
    }

    @Test func failingScriptExitStatusPropagates() async throws {
        guard let pkg = PkgBinary.find() else { return }
        let folder = ScratchFolder()
        try await folder.write("package.json", #"{"name":"app","scripts":{"test":"exit 7"}}"#)
        await #expect(try pkg.run(["test"], in: folder.path).status == 7)
        let missing = try await pkg.run(["run", "nope"], in: folder.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error EMISSINGSCRIPT: missing script: `nope`"))
    }

    @Test func usageErrorsExitWithTwo() async throws {
        guard let pkg = PkgBinary.find() else { return }
        let folder = ScratchFolder()
        #expect(try await pkg.run(["install", "--no-such-flag"], in: folder.path).status == 2)
        #expect(try await pkg.run(["add"], in: folder.path).status == 2)
        #expect(try await pkg.run(["ci", "--legacy-peer-deps", "--strict-peer-deps"], in: folder.path).status == 2)
        #expect(try await pkg.run(["--help"], in: folder.path).status == 0)
    }

    @Test func cacheDirHonoursFlagAndEnvironment() async throws {
        guard let pkg = PkgBinary.find() else { return }
        let folder = ScratchFolder()
        await #expect(try pkg.run(["cache", "dir"], in: folder.path).stdout == folder.path + "/.cache/store-v2\n")
        await #expect(try pkg.run(["cache", "dir", "--cache", "/tmp/elsewhere"], in: folder.path).stdout == "/tmp/elsewhere/store-v2\n")
        let verify = try await pkg.run(["cache", "verify"], in: folder.path)
        #expect(verify.status == 0)
        #expect(verify.stderr.contains("verified 0 packages"))
    }

    @Test func installWithoutPackageJsonExplainsWhatToDo() async throws {
        guard let pkg = PkgBinary.find() else { return }
        let folder = ScratchFolder()
        try await folder.write("package.json", "{ not json")
        let result = try await pkg.run(["ci"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error "))
    }
}
