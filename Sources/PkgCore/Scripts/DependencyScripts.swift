// Install-time scripts of dependencies: run only for allow-listed packages that this install
// added or changed, after every package is linked, in npm's phases (every preinstall, then every
// install, then every postinstall), each phase in `(depth, path)` order. Output is captured and
// shown only when a script fails, which fails the install.
import Foundation
import PkgModel

/// The outcome of running dependency scripts.
package struct DependencyScriptsReport: Sendable, Hashable {
    /// Folders whose scripts ran.
    package var ran: [String] = []
    /// Package names with install scripts that the allow-list did not name (a warning).
    package var skipped: [String] = []
}

package enum DependencyScripts {
    /// Runs the allowed install scripts of `packages` (folder relative path → package name).
    /// - Throws: `InstallError.scriptFailed` with the script's output for the first failure.
    package static func run(
        packages: [(placed: PlacedPackage, entry: StoreEntry)], policy: ScriptPolicy, runner: ScriptRunner
    ) throws(InstallError) -> DependencyScriptsReport {
        var report = DependencyScriptsReport()
        var allowed: [(placed: PlacedPackage, manifest: PackageManifest)] = []
        for (placed, entry) in packages.sorted(by: { $0.placed < $1.placed }) where entry.index.hasInstallScript {
            let name = entry.index.name ?? placed.folderName
            guard policy.allows(name) else {
                if !report.skipped.contains(name) { report.skipped.append(name) }
                continue
            }
            let path = runner.projectDirectory + "/" + placed.relativePath + "/package.json"
            guard let data = FileManager.default.contents(atPath: path),
                  let manifest = try? PackageManifest(parsing: [UInt8](data))
            else { continue }
            allowed.append((placed, manifest))
        }
        for event in ScriptPolicy.installEvents {
            for (placed, manifest) in allowed {
                guard let script = manifest.scripts[event] else { continue }
                let outcome = try runner.run(
                    event: event, script: script, packageDirectory: runner.projectDirectory + "/" + placed.relativePath,
                    name: manifest.name, version: manifest.version, output: .capture
                )
                guard outcome.status == 0 else {
                    throw .scriptFailed(
                        package: "\(manifest.name ?? placed.folderName)@\(manifest.version ?? "")",
                        event: event, status: outcome.status, output: outcome.output
                    )
                }
            }
        }
        report.ran = allowed.map(\.placed.relativePath)
        report.skipped.sort()
        return report
    }
}
