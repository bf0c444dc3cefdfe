// The fetching half of the install pipeline. Resolution hands over each chosen version as it is
// chosen (and, with a lockfile, every locked entry at once), and its tarball is fetched, verified,
// extracted and committed to the store in the background, a bounded number at a time, while the
// resolver keeps walking the graph. When resolution ends the install asks for the entries it
// actually needs: most are already in the store or on their way.
import Foundation
import PkgResolver
import Synchronization

/// Store entries fetched at most once per tarball, started early and awaited when needed.
///
/// A speculative fetch that fails is only an error if the package turns out to be needed: its
/// failure is kept and rethrown to whoever asks for it. Nothing of a failed tarball is stored
/// (`Installer.fetch` discards the staging folder), so `EINTEGRITY` keeps its meaning.
package final class TarballPipeline: Sendable {
    /// What the pipeline has done so far, for the progress display and the summary.
    package struct Counts: Sendable, Hashable {
        /// Tarballs requested (store lookups included).
        package var requested = 0
        /// Requests that finished, either way.
        package var finished = 0
        /// Tarballs actually downloaded.
        package var downloaded = 0
        /// Entries the store already held.
        package var reused = 0
    }

    private struct State {
        var tasks: [String: Task<StoreEntry, any Error>] = [:]
        var counts = Counts()
        var closed = false
    }

    private let store: Store
    private let tarballs: any TarballSource
    private let offline: Bool
    private let limiter: ConcurrencyLimiter
    private let state = Mutex(State())
    private let onChange: @Sendable (Counts) -> Void
    private let beforeCommit: @Sendable () throws(InstallError) -> Void

    /// `beforeCommit` runs before each entry is committed to the store (`StoreDurability.willCommit`).
    package init(
        store: Store, tarballs: any TarballSource, concurrency: Int, offline: Bool,
        beforeCommit: @escaping @Sendable () throws(InstallError) -> Void = {},
        onChange: @escaping @Sendable (Counts) -> Void = { _ in }
    ) {
        self.store = store
        self.beforeCommit = beforeCommit
        self.tarballs = tarballs
        self.offline = offline
        self.limiter = ConcurrencyLimiter(limit: concurrency)
        self.onChange = onChange
    }

    package var counts: Counts { state.withLock { $0.counts } }

    /// Starts fetching a chosen version's tarball unless it is already under way, for a package
    /// that may still be dropped. Versions restricted to some platform (`os`, `cpu`, `libc`) are
    /// left for after resolution, so a foreign-platform optional is never downloaded.
    package func prefetch(name: String, metadata: VersionMetadata) {
        guard metadata.os.isEmpty, metadata.cpu.isEmpty, metadata.libc.isEmpty, !metadata.tarball.isEmpty else { return }
        _ = start(name: name, label: "\(name)@\(metadata.version)", tarball: metadata.tarball, integrity: metadata.integrity)
    }

    /// The store entry of a package the install needs, fetched now unless already started.
    /// - Throws: the fetch's error (`EINTEGRITY`, `ENOTCACHED` offline, HTTP), or `CancellationError`.
    package func entry(for package: ResolvedPackage) async throws -> StoreEntry {
        let task = start(name: package.name, label: package.id.description, tarball: package.tarball, integrity: package.integrity)
        guard let task else { throw CancellationError() }
        return try await task.value
    }

    /// Starts (if needed) the entries of `packages`, so they download while others are awaited.
    package func start(_ packages: [ResolvedPackage]) {
        for package in packages {
            _ = start(name: package.name, label: package.id.description, tarball: package.tarball, integrity: package.integrity)
        }
    }

    /// Cancels everything still running (speculative fetches of dropped packages, or all of it
    /// after a failure) and waits until it has stopped, so no staging folder is written later.
    package func finish() async {
        let tasks = state.withLock { state -> [Task<StoreEntry, any Error>] in
            state.closed = true
            return Array(state.tasks.values)
        }
        for task in tasks { task.cancel() }
        for task in tasks { _ = await task.result }
    }

    private func start(name: String, label: String, tarball: String, integrity: String?) -> Task<StoreEntry, any Error>? {
        let key = integrity ?? "url:" + tarball
        let (task, isNew) = state.withLock { state -> (Task<StoreEntry, any Error>?, Bool) in
            if let existing = state.tasks[key] { return (existing, false) }
            guard !state.closed else { return (nil, false) }
            state.counts.requested += 1
            let task = Task { [self] in
                try await self.run(name: name, label: label, tarball: tarball, integrity: integrity)
            }
            state.tasks[key] = task
            return (task, true)
        }
        if isNew { onChange(counts) }
        return task
    }

    private func run(name: String, label: String, tarball: String, integrity: String?) async throws -> StoreEntry {
        var reused = false
        var downloaded = false
        defer {
            let counts = state.withLock { state in
                state.counts.finished += 1
                if reused { state.counts.reused += 1 }
                if downloaded { state.counts.downloaded += 1 }
                return state.counts
            }
            onChange(counts)
        }
        if let integrity, let key = StoreKey(integrity: integrity), let entry = store.entry(for: key) {
            reused = true
            return entry
        }
        if offline { throw InstallError.notInStoreOffline(package: label) }
        await limiter.acquire()
        do {
            try Task.checkCancellation()
            let entry = try await Installer.fetch(
                name: name, label: label, tarball: tarball, integrity: integrity, store: store, tarballs: tarballs,
                beforeCommit: beforeCommit
            )
            await limiter.release()
            downloaded = true
            return entry
        } catch {
            await limiter.release()
            throw error
        }
    }
}
