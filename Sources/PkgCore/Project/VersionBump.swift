// `pkg version <major|minor|patch|premajor|preminor|prepatch|prerelease|X.Y.Z>`: libnpmversion's
// steps, in its order.
//
// 1. The new version: a valid (loose) version is taken as written, cleaned (`v1.2.3` → `1.2.3`);
//    anything else is a release type for node-semver's `inc` on the current version (`0.0.0` when
//    package.json has none), with `--preid`. Nothing usable is `Invalid version: <arg>`; the same
//    version is `Version not changed`.
// 2. Git applies when the folder has a `.git` entry, `git` runs, and `--no-git-tag-version` was
//    not passed: tracked files must be unchanged (`git status --porcelain=v1 -uno`).
// 3. `preversion`, then package.json gets the new version (formatting kept, ManifestDocument), and
//    `package-lock.json` / `npm-shrinkwrap.json` get it at `version` and `packages[""].version`.
//    pkg.lock records no root version (docs/lockfile.md), so it does not change.
// 4. `version`, then `git add` of the changed files, `git commit -m <version>` and an annotated
//    tag `v<version>` with the version as its message, then `postversion`. Scripts see
//    `npm_old_version` and `npm_new_version`; `--ignore-scripts` skips them. The `.npmrc`
//    settings `message` (`%s` is the version), `tag-version-prefix` and `git-tag-version` apply.
import Foundation
import PkgModel
import PkgRegistryClient

/// Bumps a project's version as `npm version` does.
package struct VersionBump: Sendable {
    package struct Options: Sendable {
        /// `false` with `--no-git-tag-version`.
        package var gitTagVersion = true
        package var ignoreScripts = false
        /// `--allow-same-version`.
        package var allowSameVersion = false
        /// `--force`: tag even with uncommitted changes.
        package var force = false
        /// `--preid`.
        package var preid: String?
        /// npm's `message` config: `%s` is the version.
        package var message = "%s"
        /// npm's `tag-version-prefix`.
        package var tagPrefix = "v"

        package init() {}

        /// The defaults npm reads from `.npmrc`: `git-tag-version`, `tag-version-prefix`, `message`,
        /// `ignore-scripts`, `allow-same-version`, `force` and `preid`.
        package init(configuration: NpmConfiguration) {
            gitTagVersion = configuration.bool("git-tag-version", default: true)
            ignoreScripts = configuration.bool("ignore-scripts", default: false)
            allowSameVersion = configuration.bool("allow-same-version", default: false)
            force = configuration.bool("force", default: false)
            preid = configuration.string("preid").flatMap { $0.isEmpty ? nil : $0 }
            message = configuration.string("message") ?? "%s"
            tagPrefix = configuration.string("tag-version-prefix") ?? "v"
        }
    }

    /// The outcome: the versions and whether a commit and tag were made.
    package struct Outcome: Sendable, Hashable {
        package var oldVersion: String
        package var newVersion: String
        package var tagged: Bool
        /// The lockfiles (besides package.json) that were updated, relative to the project.
        package var updatedFiles: [String]
    }

    package var directory: String
    package var options: Options
    /// Where to find `git`; `nil` when it is not installed (then no tag is made, as npm does).
    package var git: String?
    package var environment: [String: String]

    package init(directory: String, options: Options, git: String? = VersionBump.findGit(), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.directory = directory
        self.options = options
        self.git = git
        self.environment = environment
    }

    /// The version `request` names for a package at `current` (`nil` when package.json has none).
    /// - Throws: `VersionError.invalidVersion` when neither a version nor an applicable release type,
    ///   `.versionNotChanged` when it equals the current version (unless `allowSameVersion`).
    package static func newVersion(current: String?, request: String, preid: String?, allowSameVersion: Bool = false) throws(VersionError) -> String {
        let currentText = current ?? "0.0.0"
        let currentClean = clean(currentText)
        let result: String
        if let version = Version.parse(request.trimmingCharacters(in: .whitespaces), loose: true) {
            result = clean(request) ?? version.description
        } else if let release = ReleaseType(rawValue: request), let base = currentClean.flatMap({ Version.parse($0, loose: true) }),
                  let bumped = try? base.incremented(release, identifier: preid) {
            result = bumped.description
        } else {
            throw .invalidVersion(requested: request, current: currentText)
        }
        if result == currentClean && !allowSameVersion { throw .versionNotChanged(version: result) }
        return result
    }

    /// node-semver's `clean`: trimmed, leading `=`/`v` dropped, parsed loosely.
    static func clean(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).drop { $0 == "=" || $0 == "v" }
        return Version.parse(String(trimmed), loose: true)?.description
    }

    /// Runs every step; `announce` receives the script banners.
    /// - Throws: ``VersionError``.
    package func run(_ request: String, announce: (String) -> Void = { _ in }) throws(VersionError) -> Outcome {
        let manifestPath = directory + "/package.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else { throw .missingManifest(path: directory) }
        var document: ManifestDocument
        let manifest: PackageManifest
        do {
            document = try ManifestDocument(parsing: [UInt8](data), file: manifestPath)
            manifest = try document.manifest()
        } catch {
            throw .invalidFile(path: manifestPath, reason: error.message)
        }
        let oldVersion = manifest.version ?? "0.0.0"
        let newVersion = try Self.newVersion(current: manifest.version, request: request, preid: options.preid, allowSameVersion: options.allowSameVersion)
        var useGit = false
        if options.gitTagVersion && FileManager.default.fileExists(atPath: directory + "/.git") {
            useGit = try enforceClean()
        }

        let versions = ["npm_old_version": oldVersion, "npm_new_version": newVersion]
        try runScript("preversion", manifest: manifest, version: manifest.version, extra: versions, announce: announce)

        document.setVersion(newVersion)
        try write(Data(document.serialized()), to: manifestPath)
        var updated: [String] = []
        for lockName in ["package-lock.json", "npm-shrinkwrap.json"] {
            let path = directory + "/" + lockName
            guard let bytes = FileManager.default.contents(atPath: path),
                  var lock = try? ManifestDocument(parsing: [UInt8](bytes), file: path)
            else { continue }
            lock.setVersion(newVersion)
            if lock.value(at: ["packages", ""])?.objectValue != nil {
                try? lock.setValue(.string(newVersion), at: ["packages", "", "version"])
            }
            try write(Data(lock.serialized()), to: path)
            updated.append(lockName)
        }

        try runScript("version", manifest: manifest, version: newVersion, extra: versions, announce: announce)
        if useGit, let git {
            try self.git(git, ["add", manifestPath])
            for lockName in updated { _ = try? self.git(git, ["add", directory + "/" + lockName]) }
            let message = options.message.replacingOccurrences(of: "%s", with: newVersion)
            try self.git(git, ["commit", "-m", message])
            try self.git(git, ["tag", "-m", message, options.tagPrefix + newVersion])
        }
        try runScript("postversion", manifest: manifest, version: newVersion, extra: versions, announce: announce)
        return Outcome(oldVersion: oldVersion, newVersion: newVersion, tagged: useGit && git != nil, updatedFiles: updated)
    }

    /// Whether git can be used: `false` without git; throws when tracked files changed (unless `force`).
    private func enforceClean() throws(VersionError) -> Bool {
        guard let git else { return false }
        let status = try self.git(git, ["status", "--porcelain=v1", "-uno"])
        let dirty = status.split(whereSeparator: \.isNewline).contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if dirty && !options.force { throw .gitNotClean }
        return true
    }

    @discardableResult
    private func git(_ executable: String, _ arguments: [String]) throws(VersionError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .gitFailed(command: arguments.first ?? "", status: -1, output: error.localizedDescription)
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .gitFailed(command: arguments.joined(separator: " "), status: process.terminationStatus, output: output)
        }
        return output
    }

    private func runScript(_ event: String, manifest: PackageManifest, version: String?, extra: [String: String], announce: (String) -> Void) throws(VersionError) {
        guard !options.ignoreScripts, let script = manifest.scripts[event] else { return }
        var runner = ScriptRunner(projectDirectory: directory, environment: environment, command: "version")
        runner.environment.merge(extra) { _, new in new }
        announce("\n> \(manifest.name ?? "")@\(version ?? "") \(event)\n> \(script)\n")
        let outcome: ScriptRunner.Outcome
        do {
            outcome = try runner.run(event: event, script: script, packageDirectory: directory, name: manifest.name, version: version, output: .inherit)
        } catch {
            throw .scriptFailed(event: event, status: -1)
        }
        if outcome.status != 0 { throw .scriptFailed(event: event, status: outcome.status) }
    }

    private func write(_ data: Data, to path: String) throws(VersionError) {
        do { try FileOperations.writeAtomically(data, to: path) } catch {
            throw .fileSystem(path: path, reason: error.message)
        }
    }

    /// The first `git` on PATH.
    package static func findGit(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let paths = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { $0 + "/git" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
