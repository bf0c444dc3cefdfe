// What an install is asked to do, gathered from flags, .npmrc and the command.
import PkgModel
import PkgResolver

/// Settings of one install run.
package struct InstallOptions: Sendable {
    /// `--omit` (and `--production`).
    package var omit: Set<OmittedKind> = []
    /// Peer-dependency and platform settings for the resolver.
    package var resolution = ResolutionOptions(platform: HostPlatform.current)
    /// `pkg ci`: never resolve; fail when pkg.lock does not match package.json.
    package var frozenLockfile = false
    /// `--lockfile-only`: write pkg.lock, leave node_modules alone.
    package var lockfileOnly = false
    /// `--offline`: take every tarball from the store or fail.
    package var offline = false
    /// `pkg update`: which locked choices to drop.
    package var update: UpdateSelection = .none
    /// `--ignore-scripts`: no dependency scripts even when allow-listed.
    package var ignoreScripts = false
    /// How many tarballs download at once.
    package var concurrency = 16
    /// `pkg add`: packages to add to package.json before resolving.
    package var additions: [DependencyRequest] = []
    /// The map additions go to; `nil` keeps an existing entry's map, else `dependencies`.
    package var saveKind: PkgModel.DependencyKind?
    /// `--save-exact`: save `1.2.3` instead of `^1.2.3`.
    package var saveExact = false
    /// `pkg remove`: names to drop from package.json.
    package var removals: [String] = []
    /// The running node's version for `engines` checks when `resolution.nodeVersion` is unset,
    /// asked only once the install has work to do: `NodeRuntime` starts `node --version`,
    /// which a no-op install must not wait for.
    package var nodeVersion: @Sendable () -> String? = { nil }
    /// Whether the install waits for its store writes to reach the disk (`StoreDurability`).
    package var storeSync: StoreDurability.Mode = .waitForDisk

    package init() {}
}

/// What an install did, for the summary line and `--json`.
package struct InstallSummary: Sendable, Hashable {
    package var added = 0
    package var removed = 0
    package var changed = 0
    package var unchanged = 0
    /// `true` when node_modules already matched and nothing was written.
    package var upToDate = false
    package var lockfileWritten = false
    package var downloaded = 0
    package var reusedFromStore = 0
    /// Warnings to print grouped at the end, rendered (`warn CODE: …`).
    package var warnings: [String] = []
    /// What only `--verbose` shows, rendered: optional dependencies left out (another platform,
    /// an unsupported engine, a failed fetch), which npm too reports only at its verbose level.
    package var notices: [String] = []
    /// Packages whose install scripts were skipped because the allow-list does not name them.
    package var skippedScripts: [String] = []
}

/// Progress events for the live display.
package enum InstallProgress: Sendable {
    case resolving
    case resolved(packages: Int)
    case downloading(done: Int, total: Int, bytes: Int)
    case linking(packages: Int)
    case runningScripts
}
