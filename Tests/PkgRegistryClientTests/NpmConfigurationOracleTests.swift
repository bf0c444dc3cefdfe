import Foundation
import PkgTestSupport
import PkgRegistryClient
import Testing

/// Where the real npm CLI is, when it is installed.
enum NpmOracle {
    static let path: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .map { String($0) + "/npm" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The real `npm config get` reading the same files is the oracle for parsing and layering.
@Suite(.enabled(if: NpmOracle.path != nil, "npm is not on PATH"))
struct NpmConfigurationOracleTests {
    static let keys = [
        "registry", "@internal:registry", "strict-ssl", "fetch-retries", "save-prefix", "escaped", "literal",
        "doubled", "quad", "unset", "quoted", "bare-flag", "tag", "legacy-peer-deps", "engine-strict",
    ]

    @Test func trickyFileAgreesWithNpm() async throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/npmrc/tricky.npmrc")
        try sandbox.write(try String(contentsOf: fixture, encoding: .utf8), to: sandbox.project + "/.npmrc")
        try sandbox.write("legacy-peer-deps=true\ntag=from-user\n", to: sandbox.home + "/.npmrc")
        try sandbox.write("engine-strict = true\n", to: sandbox.root + "/global/etc/npmrc")
        let environment = [
            "HOME": sandbox.home,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "TEST_TOKEN": "secret-token",
            "npm_config_globalconfig": sandbox.root + "/global/etc/npmrc",
            "npm_config_update_notifier": "false",
        ]
        let configuration = try sandbox.load(environment: environment)

        let npm = try await ChildProcess.run(
            try #require(NpmOracle.path), ["config", "get"] + Self.keys, in: sandbox.project + "/src/deep", environment: environment
        )
        #expect(npm.status == 0, "\(npm.stderr)")

        var npmValues: [String: String] = [:]
        for line in npm.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            npmValues[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        for key in Self.keys {
            #expect(configuration.string(key) == npmValues[key], "\(key)")
        }
    }
}
