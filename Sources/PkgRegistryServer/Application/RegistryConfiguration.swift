// Everything an operator can set, from flags or the JSON config file (`--config FILE`, format in
// docs/registry-api.md "Configuration"). Flags override the file; the file overrides defaults.
import Foundation
import PkgModel

/// The settings of one registry server.
package struct RegistryConfiguration: Sendable, Equatable {
    /// Where packages, tarballs and users live.
    package var dataDirectory = "./registry-data"
    package var host = "127.0.0.1"
    /// `0` asks the system for a free port; the chosen one is printed on start.
    package var port = 4873
    /// The base URL put in `dist.tarball`; the request's `Host` when `nil`.
    package var publicURL: String?
    /// Whether `npm adduser` may create accounts.
    package var allowSignup = false
    /// The largest tarball accepted in a publish (the body limit adds base64 and metadata room).
    package var maximumTarballSize = 50 * 1024 * 1024
    /// Per-package access rules, first match wins; a default `**` rule is appended.
    package var packageRules: [AccessRule] = []
    /// When true the default rule requires a login to read.
    package var readRequiresLogin = false
    package var loginAttempts = 5
    package var loginWindowSeconds = 60.0
    /// bcrypt cost for new password hashes.
    package var passwordCost: UInt8 = 10
    /// Whether a first publish may use a name npm allows only for old packages (capitals, core
    /// module names such as `buffer`, over 214 characters): for hosting copies of real graphs.
    package var allowLegacyNames = false

    package init() {}

    /// The largest request body: a base64 tarball plus a generous metadata allowance.
    var maximumBodySize: Int { maximumTarballSize / 3 * 4 + 8 * 1024 * 1024 }

    var accessRules: AccessRules {
        var rules = packageRules
        if readRequiresLogin { rules.append(AccessRule(pattern: "**", access: ["$authenticated"])) }
        return AccessRules(rules)
    }

    private struct File: Decodable {
        var data: String?
        var host: String?
        var port: Int?
        var publicURL: String?
        var allowSignup: Bool?
        var maxTarballSize: Int?
        var readRequiresLogin: Bool?
        var packages: [AccessRule]?
        var loginRateLimit: RateLimit?
        var passwordCost: UInt8?
        var allowLegacyNames: Bool?

        struct RateLimit: Decodable {
            var attempts: Int?
            var windowSeconds: Double?
        }
    }

    /// Applies the JSON config file at `path` over the current values.
    ///
    /// Relative `data` paths resolve against the config file's directory.
    /// - Throws: a decoding error naming the bad key.
    package mutating func apply(configFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        let file = try JSONDecoder().decode(File.self, from: data)
        if let directory = file.data {
            let base = (path as NSString).deletingLastPathComponent
            dataDirectory = directory.hasPrefix("/") || base.isEmpty ? directory : base + "/" + directory
        }
        host = file.host ?? host
        port = file.port ?? port
        publicURL = file.publicURL ?? publicURL
        allowSignup = file.allowSignup ?? allowSignup
        maximumTarballSize = file.maxTarballSize ?? maximumTarballSize
        readRequiresLogin = file.readRequiresLogin ?? readRequiresLogin
        packageRules = file.packages ?? packageRules
        loginAttempts = file.loginRateLimit?.attempts ?? loginAttempts
        loginWindowSeconds = file.loginRateLimit?.windowSeconds ?? loginWindowSeconds
        passwordCost = file.passwordCost ?? passwordCost
        allowLegacyNames = file.allowLegacyNames ?? allowLegacyNames
    }
}
