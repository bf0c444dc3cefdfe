// Install-time scripts of dependencies: run only for allow-listed packages that this install
// added or changed, after every package is linked, in npm's phases (every preinstall, then every
// install, then every postinstall), each phase in `(depth, path)` order. Output is captured and
// shown only when a script fails, which fails the install.
//
// As npm does (`@npmcli/node-gyp`), a package with a `binding.gyp` file, no `install` or
// `preinstall` script and `gypfile` not `false` gets the implicit install script
// `node-gyp rebuild`; like every dependency script it runs only when the allow-list names the
// package, with whatever `node-gyp` is on the script's PATH.
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
        for (placed, entry) in packages.sorted(by: { $0.placed < $1.placed }) {
            let hasBindingGyp = entry.index.files.contains { $0.path == Self.bindingGyp }
            guard entry.index.hasInstallScript || hasBindingGyp else { continue }
            let folder = runner.projectDirectory + "/" + placed.relativePath
            var manifest: PackageManifest?
            if let data = FileManager.default.contents(atPath: folder + "/package.json") {
                manifest = try? PackageManifest(parsing: [UInt8](data))
            }
            if var found = manifest, Self.needsImplicitGypRebuild(found, packageDirectory: folder) {
                found.scripts["install"] = Self.gypRebuild
                manifest = found
            } else if !entry.index.hasInstallScript {
                continue
            }
            let name = entry.index.name ?? placed.folderName
            guard policy.allows(name) else {
                if !report.skipped.contains(name) { report.skipped.append(name) }
                continue
            }
            guard let manifest else { continue }
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

    static let bindingGyp = "binding.gyp"
    /// npm's implicit install script for native addons.
    package static let gypRebuild = "node-gyp rebuild"

    /// Whether npm would run `node-gyp rebuild` for the package: `binding.gyp` is a regular file,
    /// there is no `install` or `preinstall` script, and `gypfile` is not `false`.
    package static func needsImplicitGypRebuild(_ manifest: PackageManifest, packageDirectory: String) -> Bool {
        guard manifest.scripts["install"] == nil, manifest.scripts["preinstall"] == nil,
            manifest.raw["gypfile"]?.boolValue != false
        else { return false }
        var isDirectory: ObjCBool = false
        let path = packageDirectory + "/" + bindingGyp
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
