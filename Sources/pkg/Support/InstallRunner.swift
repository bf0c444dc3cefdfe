import Foundation
import PkgCore
import PkgRegistryClient
import PkgResolver

/// Shared by install, add, remove, update and ci: builds the installer from the global options,
/// runs it with a progress display, and prints the summary.
struct InstallRunner {
    var global: GlobalOptions
    /// npm's command name for messages and `npm_command`.
    var command: String

    func run(_ configure: (inout InstallOptions) -> Void = { _ in }) async throws {
        let console = global.console
        let started = ContinuousClock.now
        let directory = Project.findRoot(from: FileManager.default.currentDirectoryPath)
        var options = InstallOptions()
        options.omit = Set(global.omitted.compactMap { OmittedKind(rawValue: $0.rawValue) })
        options.resolution.legacyPeerDependencies = global.legacyPeerDeps
        options.resolution.strictPeerDependencies = global.strictPeerDeps
        options.lockfileOnly = global.lockfileOnly
        options.offline = global.offline
        configure(&options)

        _ = try Project(directory: directory)
        let services = try RegistryServices.make(
            projectDirectory: directory, registry: global.registry, cacheFlag: global.cache,
            offline: global.offline, preferOffline: global.preferOffline, command: command
        )
        let settings = services.configuration
        options.resolution.legacyPeerDependencies = options.resolution.legacyPeerDependencies || settings.legacyPeerDeps
        options.resolution.strictPeerDependencies = options.resolution.strictPeerDependencies || settings.strictPeerDeps
        options.resolution.engineStrict = settings.engineStrict
        options.nodeVersion = { NodeRuntime.current }
        options.omit.formUnion(settings.omit.compactMap { OmittedKind(rawValue: $0) })
        // The install returns before its store writes reach the disk; this process finishes that.
        options.storeSync = .detached(command: ["/proc/self/exe", "internal-store-sync"])
        let display = ProgressDisplay(console: console)
        let installer = Installer(
            projectDirectory: directory, store: services.store, source: services.source, tarballs: services.tarballs,
            progress: { display.handle($0) }
        )
        let summary: InstallSummary
        do {
            summary = try await installer.install(options)
        } catch {
            console.clearProgress()
            throw error
        }
        console.clearProgress()
        let seconds = String(format: "%.2f", Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds))
        for notice in summary.notices { console.detail(notice) }
        for warning in summary.warnings { console.renderedWarning(warning) }
        if !summary.skippedScripts.isEmpty {
            console.warning("install scripts of \(summary.skippedScripts.map { "`\($0)`" }.joined(separator: ", ")) did not run; "
                + "add them to `pkg.allowScripts` in package.json to allow them")
        }
        if global.json {
            let object: [String: Any] = [
                "added": summary.added, "removed": summary.removed, "changed": summary.changed,
                "unchanged": summary.unchanged, "upToDate": summary.upToDate, "lockfileWritten": summary.lockfileWritten,
                "downloaded": summary.downloaded, "warnings": summary.warnings,
            ]
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                console.output(String(decoding: data, as: UTF8.self))
            }
            return
        }
        console.info(Self.summaryLine(summary, seconds: seconds))
    }

    static func summaryLine(_ summary: InstallSummary, seconds: String) -> String {
        if summary.upToDate || (summary.added == 0 && summary.removed == 0 && summary.changed == 0) {
            return "up to date in \(seconds)s"
        }
        var parts: [String] = []
        if summary.added > 0 { parts.append("added \(summary.added) \(summary.added == 1 ? "package" : "packages")") }
        if summary.removed > 0 { parts.append("removed \(summary.removed) \(summary.removed == 1 ? "package" : "packages")") }
        if summary.changed > 0 { parts.append("changed \(summary.changed) \(summary.changed == 1 ? "package" : "packages")") }
        return parts.joined(separator: ", ") + " in \(seconds)s"
    }
}
