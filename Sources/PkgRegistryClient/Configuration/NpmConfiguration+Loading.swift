import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NpmConfiguration {
    /// Loads every layer the way npm 10 does (NPM-SEMANTICS §10.1).
    ///
    /// Files are read project → user → global, so a project file may move `userconfig` and a user
    /// file may move `globalconfig`. A missing file is an empty layer; an unreadable one is an error.
    /// - Parameters:
    ///   - cli: settings from flags (`--registry` becomes `"registry"`).
    ///   - environment: the process environment (`npm_config_*`, `HOME`, `PKG_CACHE_DIR`, `${VAR}`).
    ///   - workingDirectory: where the project's `.npmrc` search starts.
    ///   - home: overrides `HOME` for `~/.npmrc` and `~/` expansion.
    ///   - globalPrefix: npm's prefix for `<prefix>/etc/npmrc`; found from `node` on `PATH` when `nil`.
    /// - Throws: `ConfigurationError.unreadableFile`.
    public static func load(
        cli: [String: IniValue] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        home: String? = nil,
        globalPrefix: String? = nil
    ) throws(ConfigurationError) -> NpmConfiguration {
        let home = home ?? environment["HOME"] ?? NSHomeDirectory()
        var configuration = NpmConfiguration(home: home, environment: environment)
        configuration.layers[.cli] = expand(cli, environment: environment)
        configuration.layers[.env] = expand(environmentSettings(environment), environment: environment)

        let global = configuration.bool("global", default: false) || configuration.string("location") == "global"
        let projectRoot = configuration.path("prefix") ?? localPrefix(startingAt: workingDirectory)
        let userFileBeforeProject = configuration.path("userconfig") ?? (home as NSString).appendingPathComponent(".npmrc")
        let projectFile = (projectRoot as NSString).appendingPathComponent(".npmrc")
        if !global && projectFile != userFileBeforeProject {
            try configuration.loadFile(projectFile, into: .project)
            if configuration.layers[.project]?["prefix"] != nil {
                configuration.warnings.append("prefix cannot be changed from project config: \(projectFile).")
            }
        }

        let userFile = configuration.path("userconfig") ?? (home as NSString).appendingPathComponent(".npmrc")
        try configuration.loadFile(userFile, into: .user)

        let globalFile = configuration.path("globalconfig")
            ?? ((globalPrefix ?? defaultGlobalPrefix(environment: environment)) as NSString).appendingPathComponent("etc/npmrc")
        try configuration.loadFile(globalFile, into: .global)
        return configuration
    }

    /// Checks credentials the way npm 9+ validates config files before registry commands.
    /// - Throws: `ConfigurationError.invalidAuth` for an un-nerfed `_authToken`, `_auth`,
    ///   `username` or `_password` (or `_authtoken`/`-authtoken`) in a project, user or global file.
    public func validateCredentials() throws(ConfigurationError) {
        let nerfDart = NerfDart.of(registry) ?? "//registry.npmjs.org/"
        for layer in ConfigurationLayer.allCases where layer.isFile {
            guard let settings = layers[layer] else { continue }
            for key in ["_authToken", "_auth", "username", "_password", "_authtoken", "-authtoken"] where settings[key] != nil {
                let replacement: String
                switch key {
                case "_authtoken", "-authtoken": replacement = nerfDart + ":_authToken"
                default: replacement = nerfDart + ":" + key
                }
                throw .invalidAuth(key: key, replacement: replacement, layer: layer, file: files[layer])
            }
        }
    }

    // MARK: Helpers

    private mutating func loadFile(_ path: String, into layer: ConfigurationLayer) throws(ConfigurationError) {
        files[layer] = path
        let contents: String
        do {
            contents = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            if !FileManager.default.fileExists(atPath: path) { return }
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
        var settings: [String: IniValue] = [:]
        // Keys inside `[sections]` become nested objects in npm and are never read as settings.
        for entry in IniParser.parse(contents) where entry.section == nil {
            settings[entry.key] = entry.value
        }
        layers[layer] = Self.expand(settings, environment: environment)
    }

    /// `npm_config_*` variables as settings: prefix matched case-insensitively, `_` after the first
    /// character becomes `-`, lowercased, nerf-darted keys (`//…`) kept verbatim, empty values ignored.
    static func environmentSettings(_ environment: [String: String]) -> [String: IniValue] {
        var settings: [String: IniValue] = [:]
        let prefix = "npm_config_"
        // Sorted so that, as in node, a duplicate spelling resolves the same way on every run.
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            guard name.count > prefix.count, name.lowercased().hasPrefix(prefix), !value.isEmpty else { continue }
            var key = String(name.dropFirst(prefix.count))
            if !key.hasPrefix("//") {
                let first = key.prefix(1)
                key = (first + key.dropFirst().replacingOccurrences(of: "_", with: "-")).lowercased()
            }
            settings[key] = .string(value)
        }
        return settings
    }

    private static func expand(_ settings: [String: IniValue], environment: [String: String]) -> [String: IniValue] {
        var expanded: [String: IniValue] = [:]
        for (key, value) in settings {
            let newKey = EnvironmentReplacement.expand(key, environment: environment)
            switch value {
            case .string(let text):
                expanded[newKey] = .string(EnvironmentReplacement.expand(text, environment: environment))
            case .list(let values):
                expanded[newKey] = .list(values.map { EnvironmentReplacement.expand($0, environment: environment) })
            case .bool, .null:
                expanded[newKey] = value
            }
        }
        return expanded
    }

    /// npm's localPrefix: the nearest ancestor with `package.json` or `node_modules`, moved up to a
    /// workspace root whose `workspaces` patterns match it; the start directory when none is found.
    static func localPrefix(startingAt start: String) -> String {
        let fileManager = FileManager.default
        var directory = (start as NSString).standardizingPath
        var found: String?
        while true {
            let hasPackageJSON = fileManager.fileExists(atPath: (directory as NSString).appendingPathComponent("package.json"))
            if found == nil {
                if hasPackageJSON || fileManager.fileExists(atPath: (directory as NSString).appendingPathComponent("node_modules")) {
                    found = directory
                }
            } else if hasPackageJSON, let current = found, workspaceRoot(directory, contains: current) {
                found = directory
            }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory || parent.isEmpty { break }
            directory = parent
        }
        return found ?? (start as NSString).standardizingPath
    }

    /// Whether `root/package.json` lists a `workspaces` pattern matching `member`.
    private static func workspaceRoot(_ root: String, contains member: String) -> Bool {
        let manifest = (root as NSString).appendingPathComponent("package.json")
        guard let data = FileManager.default.contents(atPath: manifest),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        let patterns: [String]
        if let list = object["workspaces"] as? [String] {
            patterns = list
        } else if let nested = (object["workspaces"] as? [String: Any])?["packages"] as? [String] {
            patterns = nested
        } else {
            return false
        }
        guard member.hasPrefix(root + "/") else { return false }
        let relative = String(member.dropFirst(root.count + 1))
        return patterns.contains { pattern in
            var cleaned = pattern.hasPrefix("./") ? String(pattern.dropFirst(2)) : pattern
            while cleaned.hasSuffix("/") { cleaned.removeLast() }
            return fnmatch(cleaned, relative, FNM_PATHNAME) == 0
        }
    }

    /// npm's default global prefix: the directory above the one holding `node` (`/usr/local` for
    /// `/usr/local/bin/node`), or `PREFIX`/`/usr/local` when node is not on `PATH`.
    static func defaultGlobalPrefix(environment: [String: String]) -> String {
        if let prefix = environment["npm_config_prefix"] ?? environment["NPM_CONFIG_PREFIX"], !prefix.isEmpty {
            return prefix
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = (String(directory) as NSString).appendingPathComponent("node")
            if FileManager.default.isExecutableFile(atPath: candidate) {
                let resolved = (candidate as NSString).resolvingSymlinksInPath
                return ((resolved as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            }
        }
        return environment["PREFIX"] ?? "/usr/local"
    }
}
