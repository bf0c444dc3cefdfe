import Foundation
import PkgTestSupport

/// An installed tree written by hand: hoisted and nested copies, an alias, a dev dependency with a
/// peer, an extraneous, a missing, an invalid and a missing optional dependency.
enum InspectFixture {
    static let files: [String: String] = [
        "package.json": #"{"name":"app","version":"1.0.0","dependencies":{"a":"^1.0.0","b":"^1.0.0","missing":"^1.0.0","wrong":"^2.0.0","alias":"npm:c@^1.0.0"},"devDependencies":{"d":"^1.0.0"},"optionalDependencies":{"opt":"^1.0.0"}}"#,
        "node_modules/a/package.json": #"{"name":"a","version":"1.0.0","dependencies":{"c":"^1.0.0","b":"^1.0.0"}}"#,
        "node_modules/b/package.json": #"{"name":"b","version":"1.1.0","dependencies":{"c":"^2.0.0"}}"#,
        "node_modules/b/node_modules/c/package.json": #"{"name":"c","version":"2.0.0"}"#,
        "node_modules/c/package.json": #"{"name":"c","version":"1.2.0"}"#,
        "node_modules/alias/package.json": #"{"name":"c","version":"1.0.0"}"#,
        "node_modules/d/package.json": #"{"name":"d","version":"1.0.0","dependencies":{"c":"^1.0.0"},"peerDependencies":{"a":"^1.0.0"}}"#,
        "node_modules/wrong/package.json": #"{"name":"wrong","version":"1.0.0"}"#,
        "node_modules/extra/package.json": #"{"name":"extra","version":"1.0.0"}"#,
    ]

    /// Writes the fixture into a new folder named `app` and returns the folder.
    static func write(_ files: [String: String] = files) -> (TestDirectory, String) {
        let directory = TestDirectory()
        for (path, content) in files { directory.write("app/" + path, content) }
        let resolved = URL(fileURLWithPath: directory.path + "/app").resolvingSymlinksInPath().path
        return (directory, resolved)
    }
}

/// Runs the real npm CLI in a folder with an isolated HOME and cache; `nil` when npm is absent.
struct NpmCommandOracle {
    var npmPath: String

    static func find() -> NpmCommandOracle? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(directory)/npm") {
            return NpmCommandOracle(npmPath: "\(directory)/npm")
        }
        return nil
    }

    /// npm's stdout and exit status.
    func run(_ arguments: [String], in folder: String) async throws -> (stdout: String, status: Int32) {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-npm-home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        environment["npm_config_cache"] = home + "/cache"
        environment["npm_config_userconfig"] = home + "/.npmrc"
        environment["npm_config_update_notifier"] = "false"
        environment["NO_COLOR"] = "1"
        let npm = try await ChildProcess.run(npmPath, arguments, in: folder, environment: environment)
        return (npm.stdout, npm.status)
    }
}
