// How an install makes the store entries it commits durable (docs/store.md, "Durability").
//
// Before its first commit the install writes a sync marker (`StoreSyncJournal`), so a crash before
// the data reaches the disk is noticed and repaired by the next install. Then either:
// - `waitForDisk`: `StoreFlusher` calls `sync(2)` while entries are committed, and the install
//   returns once the last `sync` has returned and the marker is gone (the library's default, and
//   the fallback wherever boots cannot be told apart); or
// - `detached`: the install returns at once and a detached process (`pkg internal-store-sync`)
//   calls `sync(2)` and removes the marker. npm, pnpm and bun never wait for the disk; this keeps
//   that speed without their risk: writes that a crash interrupts are found by the marker.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes an install's store writes durable, now or in the background.
package final class StoreDurability: @unchecked Sendable {
    package enum Mode: Sendable, Equatable {
        /// Wait for `sync(2)` before the install returns.
        case waitForDisk
        /// Run `command` plus the marker's path, detached; it must `sync(2)` and then remove the marker.
        case detached(command: [String])
    }

    private let journal: StoreSyncJournal?
    private let mode: Mode
    private let flusher = StoreFlusher()
    private let lock = NSLock()
    // Guarded by `lock`.
    private var marker: String?
    private var beginError: InstallError?
    private var committedAny = false

    package init(journal: StoreSyncJournal?, mode: Mode) {
        self.journal = journal
        // Without a journal nothing would reveal a crash: wait for the disk instead.
        self.mode = journal == nil ? .waitForDisk : mode
    }

    /// Called before each commit; the first call writes the durable marker (a few milliseconds).
    /// - Throws: when the marker cannot be written (the entry is then not committed).
    package func willCommit() throws(InstallError) {
        lock.lock()
        defer { lock.unlock() }
        if let beginError { throw beginError }
        guard marker == nil, let journal else { return }
        do {
            marker = try journal.begin()
        } catch {
            beginError = error
            throw error
        }
    }

    /// Called after each commit.
    package func committed() {
        lock.lock()
        committedAny = true
        lock.unlock()
        if mode == .waitForDisk { flusher.committed() }
    }

    /// The marker covering this install's writes, once it wrote one; projects linked now record it.
    package var pendingMarker: String? {
        lock.lock()
        defer { lock.unlock() }
        return marker
    }

    /// Makes everything committed durable (`waitForDisk`) or hands that to a detached process.
    package func finish() async {
        let (marker, committedAny) = lock.withLock { (self.marker, self.committedAny) }
        switch mode {
        case .waitForDisk:
            await flusher.finish()
            if let marker { StoreSyncJournal.end(marker: marker) }
        case .detached(let command):
            guard let marker else { return }
            guard committedAny, Self.spawnDetached(command + [marker]) else {
                if committedAny { sync() }
                StoreSyncJournal.end(marker: marker)
                return
            }
        }
    }

    /// Starts `arguments` in a session of its own with no standard streams, without waiting for it.
    static func spawnDetached(_ arguments: [String]) -> Bool {
        guard let executable = arguments.first else { return false }
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        // glibc's POSIX_SPAWN_SETSID (0x80, glibc 2.26), which Swift does not import.
        posix_spawnattr_setflags(&attributes, 0x80)
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        return posix_spawn(&pid, executable, &actions, &attributes, &argv, environ) == 0
    }
}
