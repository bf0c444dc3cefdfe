// `pkg pack`, `pkg publish`, `pkg login`/`adduser`, `pkg logout`, `pkg whoami`: npm's flags and
// outputs. The other registry commands (view, dist-tag, deprecate, unpublish, owner, search) live
// in their own files and share `RegistryCommandSupport`. stdout carries the data (the tarball
// name, `+ name@version`, the user name, `--json`); notices and errors go to stderr.

import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PkgArchive
import PkgCore
import PkgModel
import PkgRegistryClient

/// `pkg pack [dir]`: writes `name-version.tgz` exactly as `npm pack` would.
struct PackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Create a tarball from a package folder, as npm pack does."
    )

    @Argument(help: "The package folder.")
    var directory: String = "."

    @Flag(name: .customLong("dry-run"), help: "List what would be packed without writing the tarball.")
    var dryRun = false

    @Option(name: .customLong("pack-destination"), help: "The folder to write the tarball to.")
    var packDestination: String = "."

    @Flag(help: "Print the pack report as JSON on stdout.")
    var json = false

    @Flag(name: .customLong("ignore-scripts"), help: "Skip the prepack, prepare and postpack scripts.")
    var ignoreScripts = false

    func run() async throws {
        let lifecycle = PackLifecycle(directory: directory, ignoreScripts: ignoreScripts, command: "pack")
        RegistryCommandSupport.attempt { () throws(PublishError) in try lifecycle.run(PackLifecycle.beforePack, announce: RegistryCommandSupport.log) }
        let packed = RegistryCommandSupport.attempt { () throws(PublishError) in try Packer.pack(directory: directory) }
        if !dryRun {
            let destination = (packDestination as NSString).appendingPathComponent(packed.filename)
            guard FileManager.default.createFile(atPath: destination, contents: Data(packed.tarball.bytes)) else {
                RegistryCommandSupport.fail(PublishError.fileSystem(path: destination, reason: "cannot write the tarball"))
            }
        }
        RegistryCommandSupport.attempt { () throws(PublishError) in
            try lifecycle.run(PackLifecycle.afterPack, extraEnvironment: ["npm_package_integrity": packed.sha512], announce: RegistryCommandSupport.log)
        }
        if json {
            RegistryCommandSupport.output(JSONValue.array([packed.reportJSON]).serializedString(.pretty))
        } else {
            RegistryCommandSupport.notice(packed, dryRun: dryRun)
            RegistryCommandSupport.output(packed.filename)
        }
    }
}

/// `pkg publish [dir]`: packs the folder and sends npm's publish document.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a package folder to the registry."
    )

    @Argument(help: "The package folder.")
    var directory: String = "."

    @Option(help: "The dist-tag to point at the published version.")
    var tag: String = "latest"

    @Option(help: "`public` or `restricted`.")
    var access: String?

    @Flag(name: .customLong("dry-run"), help: "Do everything except send the package.")
    var dryRun = false

    @Option(help: "The registry to publish to.")
    var registry: String?

    @Flag(name: .customLong("ignore-scripts"), help: "Skip the prepublishOnly, prepack, prepare, postpack, publish and postpublish scripts.")
    var ignoreScripts = false

    @Option(help: "A one-time password from your authenticator, sent as `npm-otp`.")
    var otp: String?

    func validate() throws {
        if let access, access != "public" && access != "restricted" {
            throw ValidationError("--access must be `public` or `restricted`")
        }
    }

    func run() async throws {
        let client = try RegistryCommandSupport.client(registry: registry, command: "publish")
        let publisher = Publisher(tag: tag, access: access)
        let target = client.registry(forPackage: RegistryCommandSupport.packageName(in: directory) ?? "")
        let lifecycle = PackLifecycle(directory: directory, ignoreScripts: ignoreScripts, command: "publish")
        RegistryCommandSupport.attempt { () throws(PublishError) in
            try lifecycle.run(PackLifecycle.beforePublish + PackLifecycle.beforePack, announce: RegistryCommandSupport.log)
        }
        let (packed, document) = RegistryCommandSupport.attempt { () throws(PublishError) in
            try publisher.prepare(directory: directory, registry: target)
        }
        RegistryCommandSupport.attempt { () throws(PublishError) in
            try lifecycle.run(PackLifecycle.afterPack, extraEnvironment: ["npm_package_integrity": packed.sha512], announce: RegistryCommandSupport.log)
        }
        RegistryCommandSupport.notice(packed, dryRun: dryRun)
        RegistryCommandSupport.log("notice Publishing to \(target) with tag \(tag) and \(access ?? "default") access\(dryRun ? " (dry-run)" : "")")
        if !dryRun {
            do {
                try await client.publish(document, oneTimePassword: otp)
            } catch {
                RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: packed.name, registry: target))
            }
        }
        RegistryCommandSupport.attempt { () throws(PublishError) in
            try lifecycle.run(PackLifecycle.afterPublish, announce: RegistryCommandSupport.log)
        }
        RegistryCommandSupport.output("+ \(packed.name)@\(packed.version)")
    }
}

/// `pkg login` (alias `adduser`): exchanges a user name and password for a token and saves it
/// in the user `.npmrc` as `//host/:_authToken`, where `npm login` saves it.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a registry and save the token in the user .npmrc.",
        aliases: ["adduser"]
    )

    @Option(help: "The registry to log in to.")
    var registry: String?

    func run() async throws {
        let client = try RegistryCommandSupport.client(registry: registry, command: "login")
        let target = registry ?? client.configuration.registry
        RegistryCommandSupport.log("notice Log in on \(target)")
        let interactive = isatty(STDIN_FILENO) == 1
        guard let username = RegistryCommandSupport.prompt("Username: ", interactive: interactive, secret: false),
              let password = RegistryCommandSupport.prompt("Password: ", interactive: interactive, secret: true)
        else {
            throw ValidationError("a user name and a password are needed: type them, or pass them as two lines on stdin")
        }
        let result: LoginResult
        do {
            result = try await client.login(username: username, password: password, registry: target)
        } catch {
            RegistryCommandSupport.fail(error)
        }
        RegistryCommandSupport.editUserNpmrc(of: client) { $0.setToken(result.token, forRegistry: target) }
        RegistryCommandSupport.output("Logged in as \(result.username) on \(target).")
    }
}

/// `pkg logout`: revokes the saved token on the registry and removes it from the user `.npmrc`.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Revoke the registry token and remove it from the user .npmrc."
    )

    @Option(help: "The registry to log out of.")
    var registry: String?

    func run() async throws {
        let client = try RegistryCommandSupport.client(registry: registry, command: "logout")
        let target = registry ?? client.configuration.registry
        guard case .token(let token)? = client.configuration.credentials(for: target, registry: target) else {
            RegistryCommandSupport.fail(NotLoggedIn(registry: target))
        }
        do {
            try await client.logout(token: token, registry: target)
        } catch {
            RegistryCommandSupport.fail(error)
        }
        RegistryCommandSupport.editUserNpmrc(of: client) { $0.clearCredentials(forRegistry: target, defaultRegistry: client.configuration.registry) }
        RegistryCommandSupport.log("notice Logged out of \(target)")
    }
}

/// `pkg whoami`: the user name the registry associates with the saved token.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Print the user name the registry knows the saved token as."
    )

    @Option(help: "The registry to ask.")
    var registry: String?

    func run() async throws {
        let client = try RegistryCommandSupport.client(registry: registry, command: "whoami")
        do {
            let username = try await client.whoami(registry: registry)
            RegistryCommandSupport.output(username)
        } catch {
            RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: nil, registry: registry ?? client.configuration.registry))
        }
    }
}

/// `ENEEDAUTH`: there is no token to use or revoke.
struct NotLoggedIn: Diagnostic {
    var registry: String
    var code: String { "ENEEDAUTH" }
    var message: String { "not logged in to `\(registry)`" }
    var hint: String? { "run `pkg login --registry \(registry)` first" }
}

/// A registry failure with the sentence npm users need: what 401, 403 and 409 mean here.
struct ExplainedRegistryError: Diagnostic {
    var underlying: RegistryError
    var explanation: String
    var code: String { underlying.code }
    var message: String { underlying.message }
    var detail: [String] { underlying.detail }
    var hint: String? { explanation }
}

/// Small output and error helpers private to these commands (kept here until a shared Console lands).
enum RegistryCommandSupport {
    static func output(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints the error (a diagnostic when it is one) to stderr and exits 1 (a failure the user can act on).
    static func fail(_ error: any Error) -> Never {
        if let diagnostic = error as? any Diagnostic {
            log(diagnostic.rendered())
        } else {
            log("error: \(error)")
        }
        exit(1)
    }

    static func attempt<Value>(_ body: () throws(PublishError) -> Value) -> Value {
        do { return try body() } catch { fail(error) }
    }

    static func client(registry: String?, command: String) throws -> RegistryClient {
        var cli: [String: IniValue] = [:]
        if let registry { cli["registry"] = .string(registry) }
        do {
            let configuration = try NpmConfiguration.load(cli: cli)
            return RegistryClient(configuration: configuration, command: command)
        } catch {
            fail(error)
        }
    }

    static func packageName(in directory: String) -> String? {
        manifestField("name", in: directory)
    }

    static func packageVersion(in directory: String) -> String? {
        manifestField("version", in: directory)
    }

    private static func manifestField(_ field: String, in directory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: directory + "/package.json"),
              let manifest = try? JSONValue(parsing: [UInt8](data))
        else { return nil }
        return manifest[field]?.stringValue
    }

    /// Loads the user `.npmrc`, applies `edit` and writes it back (login saves a token, logout clears it).
    static func editUserNpmrc(of client: RegistryClient, _ edit: (inout NpmrcEditor) -> Void) {
        let file = client.configuration.userConfigFile
        do {
            var editor = try NpmrcEditor.load(path: file)
            edit(&editor)
            try editor.write(to: file)
        } catch {
            fail(error)
        }
    }

    static func explained(_ error: RegistryError, name: String?, registry: String) -> ExplainedRegistryError {
        let explanation: String
        switch error {
        case .unauthorized:
            explanation = "log in first: run `pkg login --registry \(registry)` (the saved token is missing, expired or revoked)"
        case .forbidden:
            explanation = "ask a maintainer of `\(name ?? "the package")` to run `pkg owner add <you> \(name ?? "<package>")`: you are logged in but may not publish or change it"
        case .publishConflict:
            explanation = "bump the version with `pkg version patch` and publish again: published versions are immutable"
        default:
            explanation = error.hint ?? "check the registry URL and try again"
        }
        return ExplainedRegistryError(underlying: error, explanation: explanation)
    }

    /// Reads one answer: prompting on stderr for a terminal, else one line of stdin.
    static func prompt(_ question: String, interactive: Bool, secret: Bool) -> String? {
        if interactive {
            if secret, let pointer = getpass(question) {
                let answer = String(cString: pointer)
                return answer.isEmpty ? nil : answer
            }
            FileHandle.standardError.write(Data(question.utf8))
        }
        guard let line = readLine(strippingNewline: true) else { return nil }
        let answer = line.trimmingCharacters(in: .whitespaces)
        return answer.isEmpty ? nil : answer
    }

    /// npm's `npm notice` report: the files, sizes, shasum and integrity.
    static func notice(_ packed: PackedPackage, dryRun: Bool) {
        log("notice")
        log("notice 📦  \(packed.name)@\(packed.version)")
        log("notice Tarball Contents")
        for entry in packed.tarball.entries where !entry.path.hasPrefix("node_modules/") {
            log("notice \(formatSize(entry.size).padding(toLength: 6, withPad: " ", startingAt: 0)) \(entry.path)")
        }
        let bundled = packed.bundled
        if !bundled.isEmpty {
            log("notice Bundled Dependencies")
            for name in bundled { log("notice \(name)") }
        }
        log("notice Tarball Details")
        log("notice name:          \(packed.name)")
        log("notice version:       \(packed.version)")
        log("notice filename:      \(packed.filename)")
        log("notice package size:  \(formatSize(Int64(packed.tarball.bytes.count)))")
        log("notice unpacked size: \(formatSize(packed.tarball.unpackedSize))")
        log("notice shasum:        \(packed.shasum)")
        log("notice integrity:     \(abbreviated(packed.sha512))")
        if !bundled.isEmpty {
            let own = packed.tarball.entries.filter { !$0.path.hasPrefix("node_modules/") }.count
            log("notice bundled deps:   \(bundled.count)")
            log("notice bundled files:  \(packed.tarball.fileCount - own)")
            log("notice own files:      \(own)")
        }
        log("notice total files:   \(packed.tarball.fileCount)")
        log("notice")
        if dryRun { log("notice (dry-run: nothing was written or sent)") }
    }

    static func formatSize(_ bytes: Int64) -> String {
        if bytes < 1000 { return "\(bytes)B" }
        if bytes < 1_000_000 { return String(format: "%.1fkB", Double(bytes) / 1000) }
        return String(format: "%.1fMB", Double(bytes) / 1_000_000)
    }

    /// npm prints the sha512 shortened: the first 20 and last 15 characters.
    static func abbreviated(_ integrity: String) -> String {
        guard integrity.count > 40 else { return integrity }
        return String(integrity.prefix(20)) + "[...]" + String(integrity.suffix(15))
    }
}
