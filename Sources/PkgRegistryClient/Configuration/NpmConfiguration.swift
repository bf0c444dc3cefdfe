import Foundation
import PkgHTTP

/// npm's configuration as npm itself resolves it: layered `.npmrc` files, `npm_config_*`
/// variables and flags, with typed accessors for the keys pkg honours.
///
/// Values are stored per layer after `${VAR}` expansion; the highest layer holding a key wins
/// (`value(for:)`). Keys pkg does not know are kept, so nerf-darted credentials and scoped
/// registries work whatever their spelling.
public struct NpmConfiguration: Sendable {
    /// The default registry npm uses.
    public static let defaultRegistry = "https://registry.npmjs.org/"

    /// Settings per layer, after `${VAR}` expansion of keys and values.
    public internal(set) var layers: [ConfigurationLayer: [String: IniValue]]
    /// The file each file layer was read from (present even when the file does not exist).
    public internal(set) var files: [ConfigurationLayer: String]
    /// The home directory used to expand `~/` in path settings.
    public var home: String
    /// Environment variables, for `PKG_CACHE_DIR` and `${VAR}` expansion.
    public var environment: [String: String]
    /// Problems that do not stop pkg (unparseable numbers, ignored settings), as npm logs them.
    public internal(set) var warnings: [String]

    /// A configuration from explicit layers, for tests and embedders; `load` builds the real one.
    public init(
        layers: [ConfigurationLayer: [String: IniValue]] = [:],
        files: [ConfigurationLayer: String] = [:],
        home: String = NSHomeDirectory(),
        environment: [String: String] = [:],
        warnings: [String] = []
    ) {
        self.layers = layers
        self.files = files
        self.home = home
        self.environment = environment
        self.warnings = warnings
    }

    // MARK: Raw access

    /// The winning value for `key` and the layer it came from.
    public func entry(for key: String) -> (value: IniValue, layer: ConfigurationLayer)? {
        for layer in ConfigurationLayer.allCases {
            if let value = layers[layer]?[key] { return (value, layer) }
        }
        return nil
    }

    /// The winning value for `key`.
    public func value(for key: String) -> IniValue? {
        entry(for: key)?.value
    }

    /// The winning value as text; `nil` when unset or `null`.
    public func string(_ key: String) -> String? {
        value(for: key)?.text
    }

    /// Sets `key` in one layer (flags parsed by the command line go to `.cli`).
    public mutating func set(_ key: String, _ value: IniValue, in layer: ConfigurationLayer = .cli) {
        layers[layer, default: [:]][key] = value
    }

    /// A boolean setting as npm coerces it: `true`/`false`, a bare flag, or the default.
    public func bool(_ key: String, default defaultValue: Bool) -> Bool {
        switch value(for: key) {
        case .bool(let value): return value
        case .string(let text):
            switch text.lowercased() {
            case "true", "": return true
            case "false": return false
            default: return defaultValue
            }
        case .null, .list, nil: return defaultValue
        }
    }

    /// A numeric setting; an unparseable value falls back to the default (npm warns and does the same).
    public func number(_ key: String, default defaultValue: Double) -> Double {
        guard let text = string(key)?.trimmingCharacters(in: .whitespaces), let number = Double(text), number.isFinite else {
            return defaultValue
        }
        return number
    }

    /// A path setting with `~/` expanded to the home directory and relative paths made absolute.
    public func path(_ key: String) -> String? {
        guard let text = string(key), !text.isEmpty else { return nil }
        return expandPath(text)
    }

    func expandPath(_ text: String) -> String {
        if text.hasPrefix("~/") {
            return (home as NSString).appendingPathComponent(String(text.dropFirst(2)))
        }
        if text.hasPrefix("/") { return (text as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(text) as NSString).standardizingPath
    }

    /// A list setting: `key[]=` lines, or one value split on blank lines (npm's list encoding in env).
    public func list(_ key: String) -> [String] {
        switch value(for: key) {
        case .list(let values): values.flatMap { $0.components(separatedBy: "\n\n") }
        case .string(let text): text.components(separatedBy: "\n\n")
        case .bool, .null, nil: []
        }
    }

    // MARK: Typed settings

    /// `registry`, as configured (npm's default when unset).
    public var registry: String {
        string("registry").flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultRegistry
    }

    /// The registry for packages in `scope` (`@scope:registry`), else `registry`.
    /// - Parameter scope: `@scope` (with or without the `@`), or `nil` for unscoped packages.
    public func registry(forScope scope: String?) -> String {
        guard let scope, !scope.isEmpty else { return registry }
        let normalized = scope.hasPrefix("@") ? scope : "@" + scope
        return string("\(normalized):registry").flatMap { $0.isEmpty ? nil : $0 } ?? registry
    }

    /// The registry that serves `packageName` (its scope's registry for `@scope/name`).
    public func registry(forPackage packageName: String) -> String {
        guard packageName.hasPrefix("@"), let slash = packageName.firstIndex(of: "/") else {
            return registry(forScope: nil)
        }
        return registry(forScope: String(packageName[..<slash]))
    }

    /// The cache root: `--cache`, then `PKG_CACHE_DIR`, then `.npmrc`/env `cache`, else `~/.cache/pkg`.
    public var cache: String {
        if let cli = layers[.cli]?["cache"]?.text, !cli.isEmpty { return expandPath(cli) }
        if let override = environment["PKG_CACHE_DIR"], !override.isEmpty { return expandPath(override) }
        if let configured = path("cache") { return configured }
        return (home as NSString).appendingPathComponent(".cache/pkg")
    }

    /// `strict-ssl` (default `true`).
    public var strictSSL: Bool { bool("strict-ssl", default: true) }
    /// `ca`: PEM certificates that replace the trust store.
    public var certificateAuthorities: [String] { list("ca").filter { !$0.isEmpty } }
    /// `cafile`.
    public var certificateAuthorityFile: String? { path("cafile") }
    /// `fetch-timeout` in milliseconds (default 300000; `0` means none).
    public var fetchTimeout: Duration? {
        let milliseconds = number("fetch-timeout", default: 300_000)
        return milliseconds > 0 ? .milliseconds(Int64(milliseconds)) : nil
    }
    /// `fetch-retries` (default 2).
    public var fetchRetries: Int { max(0, Int(number("fetch-retries", default: 2))) }
    /// `legacy-peer-deps` (default `false`).
    public var legacyPeerDeps: Bool { bool("legacy-peer-deps", default: false) }
    /// `strict-peer-deps` (default `false`).
    public var strictPeerDeps: Bool { bool("strict-peer-deps", default: false) }
    /// `engine-strict` (default `false`).
    public var engineStrict: Bool { bool("engine-strict", default: false) }
    /// `save-exact` (default `false`).
    public var saveExact: Bool { bool("save-exact", default: false) }
    /// `save-prefix` (default `^`).
    public var savePrefix: String { string("save-prefix") ?? "^" }
    /// `tag` (default `latest`): the dist-tag installed for a bare name.
    public var tag: String { string("tag").flatMap { $0.isEmpty ? nil : $0 } ?? "latest" }
    /// `offline`: never touch the network.
    public var offline: Bool { bool("offline", default: false) }
    /// `prefer-offline`: use cached metadata without revalidating.
    public var preferOffline: Bool { bool("prefer-offline", default: false) }
    /// `prefer-online`: revalidate even fresh metadata.
    public var preferOnline: Bool { bool("prefer-online", default: false) }

    /// `omit`: dependency kinds not installed (`dev`, `optional`, `peer`). npm's default is
    /// `dev` when `NODE_ENV=production`; `include` removes kinds again; `production` adds `dev`.
    public var omit: Set<String> {
        var kinds = Set(list("omit").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        if value(for: "omit") == nil, environment["NODE_ENV"] == "production" { kinds.insert("dev") }
        if bool("production", default: false) { kinds.insert("dev") }
        kinds.subtract(list("include"))
        return kinds
    }

    /// The file `pkg login` writes to: `userconfig`, else `~/.npmrc`.
    public var userConfigFile: String {
        files[.user] ?? (home as NSString).appendingPathComponent(".npmrc")
    }

    /// HTTP settings for `HTTPClient`: timeouts, retries, TLS.
    public var httpConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = fetchTimeout
        configuration.retryPolicy = RetryPolicy(
            retries: fetchRetries,
            factor: number("fetch-retry-factor", default: 10),
            minimumDelay: .milliseconds(Int64(max(0, number("fetch-retry-mintimeout", default: 10_000)))),
            maximumDelay: .milliseconds(Int64(max(0, number("fetch-retry-maxtimeout", default: 60_000))))
        )
        configuration.strictSSL = strictSSL
        configuration.certificateAuthorities = certificateAuthorities
        configuration.certificateAuthorityFile = certificateAuthorityFile
        if let maximumSockets = string("maxsockets").flatMap({ Int($0) }), maximumSockets > 0 {
            configuration.maximumConnectionsPerHost = maximumSockets
        }
        if let userAgent = string("user-agent"), !userAgent.isEmpty {
            configuration.userAgent = userAgent
        }
        return configuration
    }
}
