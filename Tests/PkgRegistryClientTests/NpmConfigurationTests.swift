import Foundation
import PkgHTTP
import PkgModel
import PkgRegistryClient
import Testing

/// A throwaway directory tree with a home, a project and optional `.npmrc` files.
struct ConfigurationSandbox {
    let root: String
    var home: String { root + "/home" }
    var project: String { root + "/work/project" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/work/project/src/deep", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/global/etc", withIntermediateDirectories: true)
        try write("{}", to: project + "/package.json")
    }

    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func load(cli: [String: IniValue] = [:], environment: [String: String] = [:], from directory: String? = nil) throws -> NpmConfiguration {
        try NpmConfiguration.load(
            cli: cli,
            environment: environment,
            workingDirectory: directory ?? project + "/src/deep",
            home: home,
            globalPrefix: root + "/global"
        )
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

@Suite struct NpmConfigurationTests {
    @Test func defaultsWithoutFiles() throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        let configuration = try sandbox.load()
        #expect(configuration.registry == "https://registry.npmjs.org/")
        #expect(configuration.strictSSL)
        #expect(configuration.fetchRetries == 2)
        #expect(configuration.fetchTimeout == .milliseconds(300_000))
        #expect(configuration.tag == "latest")
        #expect(configuration.savePrefix == "^")
        #expect(configuration.cache == sandbox.home + "/.cache/pkg")
        #expect(configuration.omit.isEmpty)
        #expect(configuration.userConfigFile == sandbox.home + "/.npmrc")
    }

    @Test func layersWinInNpmOrder() throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        try sandbox.write("tag=global\nsave-prefix=global\nfetch-retries=1\nengine-strict=true\n", to: sandbox.root + "/global/etc/npmrc")
        try sandbox.write("tag=user\nsave-prefix=user\nfetch-retries=3\n", to: sandbox.home + "/.npmrc")
        try sandbox.write("tag=project\nsave-prefix=project\n", to: sandbox.project + "/.npmrc")
        let configuration = try sandbox.load(
            cli: ["tag": .string("cli")],
            environment: ["npm_config_save_prefix": "~", "NPM_CONFIG_LEGACY_PEER_DEPS": "true", "npm_config_omit": ""]
        )
        #expect(configuration.tag == "cli")
        #expect(configuration.entry(for: "tag")?.layer == .cli)
        #expect(configuration.savePrefix == "~")
        #expect(configuration.entry(for: "save-prefix")?.layer == .env)
        #expect(configuration.fetchRetries == 3)
        #expect(configuration.engineStrict)
        #expect(configuration.legacyPeerDeps)
        #expect(configuration.value(for: "omit") == nil)
        #expect(configuration.files[.project] == sandbox.project + "/.npmrc")
    }

    @Test func trickyFileParsesLikeNpm() throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/npmrc/tricky.npmrc")
        try sandbox.write(try String(contentsOf: fixture, encoding: .utf8), to: sandbox.project + "/.npmrc")
        let configuration = try sandbox.load(environment: ["TEST_TOKEN": "secret-token"])
        #expect(configuration.registry == "https://registry.example.test/npm/")
        #expect(configuration.string("//registry.example.test/npm/:_authToken") == "secret-token")
        #expect(configuration.strictSSL == false)
        #expect(configuration.fetchRetries == 5)
        #expect(configuration.savePrefix == "~")
        #expect(configuration.string("escaped") == "a;b#c")
        #expect(configuration.string("literal") == "${TEST_TOKEN}")
        // ini turns `\\` into `\` first, so the expansion sees one backslash (verified with npm 10.8.2).
        #expect(configuration.string("doubled") == "${TEST_TOKEN}")
        #expect(configuration.string("quad") == "\\secret-token")
        #expect(configuration.string("unset") == "${NOT_SET_ANYWHERE}")
        #expect(configuration.certificateAuthorities == ["cert one", "cert two"])
        #expect(configuration.bool("bare-flag", default: false))
        #expect(configuration.string("quoted") == "with \"escapes\" and A")
        #expect(configuration.tag == "latest")
        #expect(configuration.registry(forPackage: "@internal/lib") == "https://internal.example.test/")
        #expect(configuration.registry(forPackage: "@other/lib") == "https://registry.example.test/npm/")
        #expect(configuration.registry(forPackage: "plain") == "https://registry.example.test/npm/")
    }

    @Test func environmentKeysAreNormalised() throws {
        let settings = try ConfigurationSandbox()
        defer { settings.remove() }
        let configuration = try settings.load(environment: [
            "npm_config_fetch_retry_mintimeout": "5",
            "npm_config__auth": "abc",
            "npm_config_//host.test/:_authToken": "tok",
            "npm_config_registry": "",
        ])
        #expect(configuration.string("fetch-retry-mintimeout") == "5")
        #expect(configuration.string("_auth") == "abc")
        #expect(configuration.string("//host.test/:_authToken") == "tok")
        #expect(configuration.registry == NpmConfiguration.defaultRegistry)
    }

    @Test func projectIsNearestAncestorWithPackageJSONAndUserconfigCanMove() throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        try sandbox.write("userconfig=\(sandbox.root)/elsewhere.npmrc\n", to: sandbox.project + "/.npmrc")
        try sandbox.write("tag=moved\n", to: sandbox.root + "/elsewhere.npmrc")
        try sandbox.write("tag=home\n", to: sandbox.home + "/.npmrc")
        let configuration = try sandbox.load()
        #expect(configuration.tag == "moved")
        #expect(configuration.userConfigFile == sandbox.root + "/elsewhere.npmrc")
    }

    @Test func workspaceMemberUsesTheWorkspaceRootConfig() throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        try sandbox.write(#"{"workspaces": ["packages/*"]}"#, to: sandbox.project + "/package.json")
        try sandbox.write("{}", to: sandbox.project + "/packages/a/package.json")
        try sandbox.write("tag=root\n", to: sandbox.project + "/.npmrc")
        let configuration = try sandbox.load(from: sandbox.project + "/packages/a")
        #expect(configuration.tag == "root")
    }

    @Test func cacheFollowsFlagThenPkgCacheDirThenNpmrc() throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        try sandbox.write("cache=~/npmrc-cache\n", to: sandbox.home + "/.npmrc")
        #expect(try sandbox.load().cache == sandbox.home + "/npmrc-cache")
        #expect(try sandbox.load(environment: ["PKG_CACHE_DIR": "/tmp/pkg-env"]).cache == "/tmp/pkg-env")
        #expect(try sandbox.load(cli: ["cache": .string("/tmp/pkg-cli")], environment: ["PKG_CACHE_DIR": "/tmp/pkg-env"]).cache == "/tmp/pkg-cli")
    }

    @Test func omitHonoursNodeEnvAndInclude() throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        #expect(try sandbox.load(environment: ["NODE_ENV": "production"]).omit == ["dev"])
        #expect(try sandbox.load(cli: ["omit": .list(["dev", "optional"]), "include": .list(["optional"])]).omit == ["dev"])
    }

    @Test func httpConfigurationCarriesFetchSettings() throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        try sandbox.write("fetch-timeout=1500\nfetch-retries=0\nstrict-ssl=false\ncafile=~/ca.pem\n", to: sandbox.home + "/.npmrc")
        let http = try sandbox.load().httpConfiguration
        #expect(http.timeout == .milliseconds(1500))
        #expect(http.retryPolicy.retries == 0)
        #expect(http.strictSSL == false)
        #expect(http.certificateAuthorityFile == sandbox.home + "/ca.pem")
    }

    @Test func unNerfedCredentialsInFilesAreRefused() throws {
        let sandbox = try ConfigurationSandbox()
        defer { sandbox.remove() }
        try sandbox.write("registry=http://localhost:4873/\n_authToken=abc\n", to: sandbox.project + "/.npmrc")
        let configuration = try sandbox.load()
        #expect(throws: ConfigurationError.invalidAuth(key: "_authToken", replacement: "//localhost:4873/:_authToken", layer: .project, file: sandbox.project + "/.npmrc")) {
            try configuration.validateCredentials()
        }
        do {
            try configuration.validateCredentials()
        } catch {
            #expect(error.message == "Invalid auth configuration found: `_authToken` must be renamed to `//localhost:4873/:_authToken` in project config")
        }
        // The same key in the environment is accepted, as npm accepts it.
        let fromEnvironment = try ConfigurationSandbox()
        defer { fromEnvironment.remove() }
        try fromEnvironment.load(environment: ["npm_config__authToken": "abc"]).validateCredentials()
    }
}
