import Foundation
import Testing
@testable import PkgCore

@Suite struct StoreSyncJournalTests {
    private static let boot = "0b7e5c1a-0000-4000-8000-000000000001"
    private static let earlierBoot = "0b7e5c1a-0000-4000-8000-000000000000"

    @Test func aMarkerIsPendingUntilEndedThenSynced() throws {
        let directory = TestDirectory()
        let journal = try #require(StoreSyncJournal(store: Store(cacheDirectory: directory.path), bootID: Self.boot))
        let marker = try journal.begin()
        #expect(StoreSyncJournal.isMarkerPath(marker))
        #expect(journal.pendingMarkers() == [marker])
        #expect(journal.status(of: marker) == .pending)
        #expect(journal.staleMarkers().isEmpty)
        StoreSyncJournal.end(marker: marker)
        #expect(journal.pendingMarkers().isEmpty)
        #expect(journal.status(of: marker) == .synced)
    }

    @Test func aMarkerIsLookedUpInItsOwnStore() throws {
        let directory = TestDirectory()
        let other = Store(cacheDirectory: directory.path + "/other")
        let current = try #require(StoreSyncJournal(store: Store(cacheDirectory: directory.path + "/current"), bootID: Self.boot))
        let pending = try #require(StoreSyncJournal(store: other, bootID: Self.boot)).begin()
        let earlier = try #require(StoreSyncJournal(store: other, bootID: Self.earlierBoot)).begin()
        #expect(current.status(of: pending) == .pending)
        #expect(current.status(of: earlier) == .interrupted, "a crash in the other store is not mistaken for a sync")
        _ = try #require(StoreSyncJournal(store: other, bootID: Self.boot)).recoverIfNeeded(other)
        #expect(current.status(of: earlier) == .interrupted, "recovered in its own store")
        StoreSyncJournal.end(marker: pending)
        #expect(current.status(of: pending) == .synced)
    }

    @Test func bootsAndMarkerNamesAreCheckedBeforeUse() {
        let store = Store(cacheDirectory: "/tmp/unused")
        #expect(StoreSyncJournal(store: store, bootID: "") == nil)
        #expect(StoreSyncJournal(store: store, bootID: "../../etc") == nil)
        #expect(StoreSyncJournal.Marker(name: "\(Self.boot).1796543609.42.0a1b2c3d") != nil)
        for name in ["\(Self.boot).1796543609.42", "\(Self.boot).x.42.0a1b2c3d", "../x.1.2.0a1b2c3d", "\(Self.boot).1.2.0A1B2C3D", "recovery.lock"] {
            #expect(StoreSyncJournal.Marker(name: name) == nil, "\(name)")
        }
        // The detached syncer removes only a marker inside an `unsynced` folder.
        #expect(!StoreSyncJournal.isMarkerPath("/etc/passwd"))
        #expect(!StoreSyncJournal.isMarkerPath("/cache/store-v2/unsynced/recovery.lock"))
        #expect(!StoreSyncJournal.isMarkerPath("/cache/store-v2/elsewhere/\(Self.boot).1.2.0a1b2c3d"))
        #expect(StoreSyncJournal.isMarkerPath("/cache/store-v2/unsynced/\(Self.boot).1.2.0a1b2c3d"))
    }

    @Test func aMarkerFromAnEarlierBootMakesTheNextInstallVerifyRecentEntries() throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path)
        let sound = try StoreFixtures.entry(store, name: "sound", version: "1.0.0", files: ["index.js": "abc"])
        let zeroed = try StoreFixtures.entry(store, name: "zeroed", version: "1.0.0", files: ["index.js": "abc"])
        let noIndex = try StoreFixtures.entry(store, name: "no-index", version: "1.0.0")
        let old = try StoreFixtures.entry(store, name: "old", version: "1.0.0", files: ["index.js": "abc"])
        func stored(_ entry: StoreEntry, _ path: String) throws -> String {
            entry.path(of: try #require(entry.index.files.first { $0.path == path }))
        }
        // What a crash leaves of unsynced writes: zero-filled data, an empty index.
        _ = FileManager.default.createFile(atPath: try stored(zeroed, "index.js"), contents: Data([0, 0, 0]))
        _ = FileManager.default.createFile(atPath: noIndex.directory + "/index.json", contents: Data())
        // An entry written well before the interrupted install is not the crash's to damage.
        _ = FileManager.default.createFile(atPath: try stored(old, "index.js"), contents: Data("xyz".utf8))
        let earlier = try #require(StoreSyncJournal(store: store, bootID: Self.earlierBoot))
        let marker = try earlier.begin()
        var times = [timespec(tv_sec: time(nil) - 3600, tv_nsec: 0), timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, old.directory + "/index.json", &times, 0) == 0)

        let journal = try #require(StoreSyncJournal(store: store, bootID: Self.boot))
        #expect(journal.staleMarkers().map(\.name) == [URL(fileURLWithPath: marker).lastPathComponent])
        #expect(journal.status(of: marker) == .interrupted)
        let recovery = try journal.recoverIfNeeded(store)
        #expect(Set(recovery.removed) == [zeroed.key, noIndex.key])
        #expect(recovery.checked == 3)
        #expect(store.entry(for: sound.key) != nil && store.entry(for: old.key) != nil)
        #expect(journal.staleMarkers().isEmpty && journal.pendingMarkers().isEmpty)
        // Projects linked while that install ran still learn of it.
        #expect(journal.status(of: marker) == .interrupted)
        #expect(try journal.recoverIfNeeded(store) == StoreSyncJournal.Recovery())
    }
}

@Suite struct StoreDurabilityTests {
    private static let boot = "0b7e5c1a-0000-4000-8000-000000000001"

    @Test func waitingForTheDiskRemovesTheMarkerBeforeReturning() async throws {
        let directory = TestDirectory()
        let journal = try #require(StoreSyncJournal(store: Store(cacheDirectory: directory.path), bootID: Self.boot))
        let durability = StoreDurability(journal: journal, mode: .waitForDisk)
        #expect(durability.pendingMarker == nil)
        try durability.willCommit()
        try durability.willCommit()
        durability.committed()
        let marker = try #require(durability.pendingMarker)
        #expect(journal.pendingMarkers() == [marker], "one marker per install")
        await durability.finish()
        #expect(journal.status(of: marker) == .synced)
    }

    @Test func aDetachedSyncerRemovesTheMarkerAfterTheInstallReturned() async throws {
        let directory = TestDirectory()
        let journal = try #require(StoreSyncJournal(store: Store(cacheDirectory: directory.path), bootID: Self.boot))
        // Stands in for `pkg internal-store-sync MARKER`: waits for a go-ahead file, then syncs and removes.
        let go = directory.path + "/go"
        let durability = StoreDurability(journal: journal, mode: .detached(command: [
            "/bin/sh", "-c", "while [ ! -e \"$0\" ]; do sleep 0.01; done; sync; rm -- \"$1\"", go,
        ]))
        try durability.willCommit()
        durability.committed()
        let marker = try #require(durability.pendingMarker)
        await durability.finish()
        #expect(journal.status(of: marker) == .pending, "finish did not wait for the syncer")
        _ = FileManager.default.createFile(atPath: go, contents: Data())
        for _ in 0..<500 where journal.status(of: marker) != .synced { try await Task.sleep(for: .milliseconds(10)) }
        #expect(journal.status(of: marker) == .synced)
    }

    @Test func whenTheSyncerCannotStartTheInstallSyncsItself() async throws {
        let directory = TestDirectory()
        let journal = try #require(StoreSyncJournal(store: Store(cacheDirectory: directory.path), bootID: Self.boot))
        let durability = StoreDurability(journal: journal, mode: .detached(command: [directory.path + "/missing-syncer"]))
        try durability.willCommit()
        durability.committed()
        let marker = try #require(durability.pendingMarker)
        await durability.finish()
        #expect(journal.status(of: marker) == .synced)
    }

    @Test func aMarkerThatCannotBeWrittenStopsEveryCommit() throws {
        let directory = TestDirectory()
        directory.write("cache/store-v2/unsynced", "a file where the folder goes")
        let journal = try #require(StoreSyncJournal(store: Store(cacheDirectory: directory.path + "/cache"), bootID: Self.boot))
        let durability = StoreDurability(journal: journal, mode: .detached(command: ["/bin/true"]))
        #expect(throws: InstallError.self) { try durability.willCommit() }
        #expect(throws: InstallError.self) { try durability.willCommit() }
    }

    @Test func withoutAJournalTheInstallWaitsForTheDisk() async throws {
        let durability = StoreDurability(journal: nil, mode: .detached(command: ["/bin/false"]))
        try durability.willCommit()
        durability.committed()
        #expect(durability.pendingMarker == nil)
        await durability.finish()
    }
}
