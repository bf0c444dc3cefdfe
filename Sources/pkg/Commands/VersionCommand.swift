import ArgumentParser
import Foundation
import PkgCore
import PkgRegistryClient

/// `pkg version <release|X.Y.Z>`: bumps package.json (and package-lock.json), runs the version
/// scripts, and commits and tags in a git repository, printing `vX.Y.Z` as npm does.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Bump the package version, commit and tag it (npm version)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "major, minor, patch, premajor, preminor, prepatch, prerelease, or a version such as 1.2.3.")
    var release: String
    @Option(help: "The prerelease identifier for pre* releases (`beta` gives 1.2.4-beta.0).")
    var preid: String?
    @Flag(name: .customLong("git-tag-version"), inversion: .prefixedNo, help: "Commit and tag the new version in a git repository (default: yes).")
    var gitTagVersion: Bool?
    @Flag(name: .customLong("ignore-scripts"), help: "Skip the preversion, version and postversion scripts.")
    var ignoreScripts = false
    @Flag(name: .customLong("allow-same-version"), help: "Allow setting the version it already has.")
    var allowSameVersion = false
    @Flag(name: [.short, .long], help: "Commit and tag even when the working tree has changes.")
    var force = false
    @Option(name: [.short, .long], help: "The commit and tag message; `%s` is the version (default `%s`).")
    var message: String?

    func run() throws {
        let directory = Project.findRoot(from: FileManager.default.currentDirectoryPath)
        // `.npmrc` settings first (npm reads `message`, `tag-version-prefix`, `git-tag-version`…), then flags.
        var options = (try? NpmConfiguration.load(workingDirectory: directory)).map(VersionBump.Options.init(configuration:)) ?? VersionBump.Options()
        if let gitTagVersion { options.gitTagVersion = gitTagVersion }
        if ignoreScripts { options.ignoreScripts = true }
        if allowSameVersion { options.allowSameVersion = true }
        if force { options.force = true }
        if let preid { options.preid = preid }
        if let message { options.message = message }
        let console = global.console
        let outcome = try VersionBump(directory: directory, options: options).run(release) { banner in console.info(banner) }
        console.output("\(options.tagPrefix)\(outcome.newVersion)")
    }
}
