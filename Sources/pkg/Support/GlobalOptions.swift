import ArgumentParser
import Foundation
import PkgCore

/// Flags every command accepts, named as npm names them.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The registry URL (overrides .npmrc `registry`).")
    var registry: String?

    @Option(help: "The cache folder holding the package store (default ~/.cache/pkg).")
    var cache: String?

    @Flag(help: "Install from the store only; never touch the network.")
    var offline = false

    @Flag(name: .customLong("prefer-offline"), help: "Use cached metadata without revalidating it.")
    var preferOffline = false

    @Flag(help: "Print machine-readable JSON on stdout.")
    var json = false

    @Flag(help: "Print nothing but errors.")
    var silent = false

    @Flag(help: "Print more detail about each step.")
    var verbose = false

    @Flag(name: .customLong("legacy-peer-deps"), help: "Ignore peer dependencies, as npm 6 did.")
    var legacyPeerDeps = false

    @Flag(name: .customLong("strict-peer-deps"), help: "Fail on any peer dependency conflict.")
    var strictPeerDeps = false

    @Option(help: ArgumentHelp("Dependency types to leave out: dev, optional or peer.", valueName: "type"))
    var omit: [OmitType] = []

    @Flag(name: .customLong("production"), help: "Same as --omit=dev.")
    var production = false

    @Flag(name: .customLong("lockfile-only"), help: "Update pkg.lock without touching node_modules.")
    var lockfileOnly = false

    var console: Console { Console(silent: silent, verbose: verbose) }

    var omitted: Set<OmitType> { Set(omit + (production ? [.dev] : [])) }

    func validate() throws {
        if legacyPeerDeps && strictPeerDeps {
            throw ValidationError("`--legacy-peer-deps` and `--strict-peer-deps` cannot be combined.")
        }
        if offline && preferOffline {
            throw ValidationError("`--offline` already implies `--prefer-offline`; pass one of them.")
        }
    }

    /// The cache folder: this flag, then `PKG_CACHE_DIR`, then npmrc `cache`, then the default.
    func cacheDirectory(npmrcCache: String? = nil) -> String {
        Store.cacheDirectory(flag: cache, environment: ProcessInfo.processInfo.environment, npmrcCache: npmrcCache)
    }
}

/// `--omit` values.
enum OmitType: String, ExpressibleByArgument, CaseIterable, Sendable {
    case dev, optional, peer
}
