// Which dependencies may run install-time lifecycle scripts.
//
// Like pnpm 10 and bun, dependency scripts (preinstall, install, postinstall) do not run unless
// the root package.json names the package:
//
//     "pkg": { "allowScripts": ["esbuild", "@swc/core"] }
//
// The root project's own scripts are the user's and always run through `pkg run`.
import PkgModel

/// The allow-list of dependencies whose install scripts run.
package struct ScriptPolicy: Sendable, Hashable {
    /// The install-time events, in the order they run.
    package static let installEvents = ["preinstall", "install", "postinstall"]

    package var allowed: Set<String>

    package init(allowed: Set<String> = []) {
        self.allowed = allowed
    }

    /// Reads `pkg.allowScripts` from the root manifest; anything else in `pkg` is ignored.
    package init(manifest: PackageManifest) {
        let names = manifest.raw["pkg"]?["allowScripts"]?.arrayValue ?? []
        self.allowed = Set(names.compactMap(\.stringValue))
    }

    package func allows(_ packageName: String) -> Bool {
        allowed.contains(packageName)
    }
}
