// Knowing, after an operating system crash, which store entries may be damaged — so that an
// install need not wait for the disk before it says it is done.
//
// Store entries are renamed into place complete, but their files may still be only in the page
// cache. While the machine stays up that makes no difference: every process reads the page cache.
// Only a crash (power loss, kernel panic) can leave an entry that looks whole with files that are
// empty or zero-filled, and every project links from it. So before an install commits its first
// entry it writes a marker, and fsyncs it:
//
//   <cache>/store-v2/unsynced/<boot id>.<seconds since 1970>.<pid>.<random>
//
// and removes the marker once `sync(2)` has returned after its last commit. A marker left from an
// earlier boot (`/proc/sys/kernel/random/boot_id` differs) means the machine went down before that
// sync: the next install verifies every entry written since the oldest such marker against the
// SHA-256 of each file in its `index.json`, removes the damaged ones (they are fetched again), and
// moves the markers into `unsynced/recovered/`, where projects linked during that install find
// them (`InstallState.pendingSyncs`) and relink every folder.
import Foundation
import PkgModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The markers of installs whose store writes may not be on disk yet.
package struct StoreSyncJournal: Sendable {
    /// `<store>/unsynced`.
    package let directory: String
    /// This boot's identity; markers naming another boot outlived a crash or a reboot.
    package let bootID: String

    /// Entries written up to this long before a stale marker are verified too (clock steps).
    static let clockSlack: Int64 = 60

    /// What became of the writes a marker covered.
    package enum Status: Sendable, Equatable {
        /// Synced: the marker was removed after `sync(2)` returned.
        case synced
        /// Written during this boot and not synced yet; readers see the page cache, so it is whole.
        case pending
        /// The machine went down before the sync: linked files may be damaged.
        case interrupted
    }

    /// `nil` when the system does not tell boots apart (no `/proc`): the install then waits for
    /// the disk instead (`StoreDurability`).
    package init?(store: Store, bootID: String? = StoreSyncJournal.currentBootID()) {
        guard let bootID, Self.isValidBootID(bootID) else { return nil }
        self.directory = store.root + "/unsynced"
        self.bootID = bootID
    }

    var recoveredDirectory: String { directory + "/recovered" }

    /// The kernel's random identity of this boot.
    package static func currentBootID() -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/sys/kernel/random/boot_id") else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return isValidBootID(text) ? text : nil
    }

    static func isValidBootID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
                || byte == UInt8(ascii: "-")
        }
    }

    /// A marker's file name, split: `<boot>.<created>.<pid>.<random>`.
    package struct Marker: Sendable, Hashable {
        package var bootID: String
        /// Seconds since 1970 when the marker was written.
        package var created: Int64
        package var name: String

        package init?(name: String) {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4, StoreSyncJournal.isValidBootID(String(parts[0])), let created = Int64(parts[1]),
                  UInt32(parts[2]) != nil, parts[3].count == 8, parts[3].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 || $0 >= 0x61 && $0 <= 0x66 })
            else { return nil }
            self.bootID = String(parts[0])
            self.created = created
            self.name = name
        }
    }

    /// Writes a new marker and makes it durable (the marker itself must survive the crash it
    /// is there to reveal); returns its path.
    package func begin() throws(InstallError) -> String {
        try FileOperations.makeDirectory(directory)
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let name = "\(bootID).\(Int64(Date().timeIntervalSince1970)).\(getpid()).\(String(repeating: "0", count: 8 - random.count) + random)"
        let path = directory + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileOperations.error("create the sync marker", path) }
        let fileSynced = fsync(descriptor) == 0
        close(descriptor)
        guard fileSynced, Self.syncDirectory(directory) else {
            unlink(path)
            throw FileOperations.error("sync the sync marker", path)
        }
        return path
    }

    /// Removes a marker once everything it covered is on disk.
    package static func end(marker path: String) {
        unlink(path)
    }

    /// Whether `path` names a marker file inside an `unsynced` folder, so the detached syncer
    /// (`pkg internal-store-sync`) removes nothing else.
    package static func isMarkerPath(_ path: String) -> Bool {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().lastPathComponent == "unsynced" && Marker(name: url.lastPathComponent) != nil
    }

    /// Paths of the markers of installs that have not synced yet (this boot's and stale ones).
    package func pendingMarkers() -> [String] {
        FileOperations.entries(of: directory).filter { Marker(name: $0) != nil }.sorted().map { directory + "/" + $0 }
    }

    /// Markers left by an earlier boot: their installs' writes may not have reached the disk.
    package func staleMarkers() -> [Marker] {
        FileOperations.entries(of: directory).compactMap(Marker.init(name:)).filter { $0.bootID != bootID }.sorted { $0.name < $1.name }
    }

    /// What became of the writes the marker at `path` (from `pendingMarkers`) covered, looked
    /// up in the marker's own store (a project may have been linked from another cache folder).
    package func status(of path: String) -> Status {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard let marker = Marker(name: name) else { return .interrupted }
        if FileOperations.exists(url.deletingLastPathComponent().path + "/recovered/" + name) { return .interrupted }
        guard FileOperations.exists(path) else { return .synced }
        return marker.bootID == bootID ? .pending : .interrupted
    }

    /// What a recovery found.
    package struct Recovery: Sendable, Equatable {
        /// Markers of interrupted installs that were handled.
        package var markers: [String] = []
        /// Entries re-hashed.
        package var checked = 0
        /// Entries removed because a file did not match its index (or the index was unreadable).
        package var removed: [StoreKey] = []
    }

    /// When markers of an earlier boot exist: verifies every entry written since the oldest of
    /// them, removes the damaged ones, and moves the markers to `recovered/`. One process at a
    /// time (an advisory lock); a second one waits and then finds nothing left to do.
    package func recoverIfNeeded(_ store: Store) throws(InstallError) -> Recovery {
        guard !staleMarkers().isEmpty else { return Recovery() }
        try FileOperations.makeDirectory(recoveredDirectory)
        let lockPath = directory + "/recovery.lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw FileOperations.error("open", lockPath) }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw FileOperations.error("lock", lockPath) }
        defer { flock(lock, LOCK_UN) }
        let stale = staleMarkers()
        guard let oldest = stale.map(\.created).min() else { return Recovery() }
        var recovery = Recovery()
        let since = oldest - Self.clockSlack
        for key in store.keys() {
            let directory = store.directory(for: key)
            // `index.json` is written just before the entry is renamed into place.
            var info = stat()
            if stat(directory + "/index.json", &info) == 0, Int64(info.st_mtim.tv_sec) < since { continue }
            recovery.checked += 1
            guard let entry = store.entry(for: key), StoreFiles.problems(of: entry).isEmpty else {
                try store.remove(key)
                recovery.removed.append(key)
                continue
            }
        }
        // Removals first reach the disk, then the markers move: a crash in between repeats the recovery.
        sync()
        for marker in stale {
            let from = directory + "/" + marker.name
            guard rename(from, recoveredDirectory + "/" + marker.name) == 0 else { throw FileOperations.error("move", from) }
            recovery.markers.append(marker.name)
        }
        _ = Self.syncDirectory(directory)
        return recovery
    }

    static func syncDirectory(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return fsync(descriptor) == 0
    }
}
