import Foundation
import PkgTestSupport
import Testing

/// A fresh `pkg-registry` child process with a signed-up publisher, filled over HTTP with the same
/// publish documents `npm publish` sends (fast: no npm process per version).
struct LiveRegistry {
    let root: String
    let server: RegistryProcess
    let token: String
    /// `http://127.0.0.1:PORT/`.
    var url: String { server.baseURL + "/" }

    /// Starts a registry under `root/data` and signs up `loader`.
    static func start(root: String) async throws -> LiveRegistry {
        // Real graphs hold names npm allows only for old packages (`buffer`, `punycode`).
        let server = try await RegistryProcess.start(dataDirectory: root + "/data", arguments: ["--allow-signup", "--allow-legacy-names"])
        let signup: [String: Any] = ["name": "loader", "password": "loader-password-1", "email": "loader@example.com", "type": "user", "roles": [String]()]
        let response = try await RegistryTestSupport.request(
            "PUT", server.baseURL + "/-/user/org.couchdb.user:loader", body: Array(try JSONSerialization.data(withJSONObject: signup)))
        guard let token = RegistryTestSupport.json(response.body)?["token"] as? String else {
            server.stop()
            throw Failure("signup failed with \(response.status)")
        }
        return LiveRegistry(root: root, server: server, token: token)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Publishes `name@version` whose package.json is `manifest` plus name and version (so
    /// `deprecated`, `engines`, `bin` and dependencies are whatever the caller puts there), with
    /// `files` beside it, under dist-tag `tag`.
    func publish(
        _ name: String, _ version: String, manifest: [String: Any] = [:], files: [String: String] = [:], tag: String = "latest"
    ) async throws {
        var packageJSON = manifest
        packageJSON["name"] = name
        packageJSON["version"] = version
        if packageJSON["main"] == nil { packageJSON["main"] = "index.js" }
        let manifestText = String(decoding: try JSONSerialization.data(withJSONObject: packageJSON, options: [.sortedKeys]), as: UTF8.self)
        var allFiles = files
        if allFiles["index.js"] == nil { allFiles["index.js"] = "module.exports = \(Self.quoted(name + "@" + version));\n" }
        let tarball = TestTarball.package(name: name, version: version, files: allFiles, packageJSON: manifestText)
        var versionManifest = packageJSON
        versionManifest["_id"] = "\(name)@\(version)"
        versionManifest["_nodeVersion"] = "20.0.0"
        versionManifest["_npmVersion"] = "10.8.2"
        let bareName = name.split(separator: "/").last.map(String.init) ?? name
        versionManifest["dist"] = ["tarball": "http://registry.invalid/\(name)/-/\(bareName)-\(version).tgz"]
        let document: [String: Any] = [
            "_id": name, "name": name, "dist-tags": [tag: version], "versions": [version: versionManifest], "access": NSNull(),
            "_attachments": [
                "\(name)-\(version).tgz": [
                    "content_type": "application/octet-stream", "data": Data(tarball).base64EncodedString(), "length": tarball.count,
                ] as [String: Any]
            ],
        ]
        let path = name.replacingOccurrences(of: "/", with: "%2f")
        let response = try await RegistryTestSupport.request(
            "PUT", server.baseURL + "/" + path, token: token, body: Array(try JSONSerialization.data(withJSONObject: document)))
        guard response.status == 200 || response.status == 201 else {
            throw Failure("publishing \(name)@\(version) failed with \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
    }

    /// `npm dist-tag add name@version tag`, over HTTP.
    func tag(_ name: String, _ version: String, as tag: String) async throws {
        let path = name.replacingOccurrences(of: "/", with: "%2f")
        let response = try await RegistryTestSupport.request(
            "PUT", server.baseURL + "/-/package/\(path)/dist-tags/\(tag)", token: token, body: Array(Self.quoted(version).utf8))
        guard response.status == 200 || response.status == 201 else {
            throw Failure("tagging \(name)@\(version) as \(tag) failed with \(response.status)")
        }
    }

    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [text])) ?? Data(), as: UTF8.self).dropFirst().dropLast().description
    }

    func stop() { server.stop() }
}

/// The real npm with an isolated HOME and cache against one registry, for oracle comparisons.
struct NpmOracle {
    let executable: String
    let registry: String
    let home: String

    static func find(registry: String, root: String) -> NpmOracle? {
        guard let npm = RegistryTestSupport.which("npm") else {
            print("skipping: npm is not on PATH")
            return nil
        }
        let home = root + "/npm-home"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: home + "/.npmrc", contents: Data())
        return NpmOracle(executable: npm, registry: registry, home: home)
    }

    /// Runs `npm arguments` in `directory` with npm's usual quiet flags.
    func run(_ arguments: [String], in directory: String) async throws -> CommandResult {
        try await RegistryTestSupport.run(
            executable,
            arguments + [
                "--registry", registry, "--cache", home + "/.npm-cache", "--userconfig", home + "/.npmrc",
                "--no-audit", "--no-fund", "--update-notifier=false", "--ignore-scripts",
            ],
            in: directory, environment: ["HOME": home, "NO_COLOR": "1", "npm_config_color": "false"])
    }
}

/// Small file helpers for project folders.
enum ProjectFiles {
    static func writeJSON(_ object: [String: Any], to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        try data.write(to: URL(fileURLWithPath: path))
    }

    static func readJSON(_ path: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `version` of `folder/package.json`.
    static func installedVersion(_ folder: String) -> String? {
        readJSON(folder + "/package.json")?["version"] as? String
    }
}
