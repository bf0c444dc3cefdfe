// The default storage: plain files under the data directory, laid out as
// docs/registry-storage.md describes (change both together).
//
//   <data>/packages-v1/<name>/record.json        the PackageRecord (packument + history)
//   <data>/packages-v1/<name>/<file>.tgz         tarballs, immutable once listed
//   <data>/tmp/                                  staging for atomic writes; emptied at start
//
// Scoped names nest: `packages-v1/@scope/name/`. Names are validated before they reach a path,
// so they can never contain `..` or a separator beyond the scope's.
//
// Reads are served from memory while the file on disk is unchanged (one `stat` per read checks
// it): parsed records, and the bytes of small tarballs, which never change once listed.
import Foundation
import NIOCore
import PkgModel
import Synchronization

/// Package records and tarballs as files, written atomically and durably.
final class FileSystemPackageStorage: PackageStorage {
    /// Default memory budgets of the read caches, in bytes of file content.
    static let defaultRecordCacheCapacity = 128 << 20
    static let defaultTarballCacheCapacity = 256 << 20
    /// Tarballs larger than this are streamed from disk on every request instead of cached.
    static let defaultLargestCachedTarball = 4 << 20

    let root: String
    private var packagesDirectory: String { root + "/packages-v1" }
    private var temporaryDirectory: String { root + "/tmp" }
    private let locks = KeyedLock<RegistryPackageName>()
    private let records: BoundedCache<RegistryPackageName, CachedRecord>
    private let tarballs: BoundedCache<String, CachedTarball>
    private let largestCachedTarball: Int

    private struct CachedRecord: Sendable {
        let identity: FileIdentity
        let snapshot: RecordSnapshot
        /// When a `stat` last found the file unchanged (`DispatchTime` nanoseconds), shared by
        /// every copy of this entry.
        let checked: CheckTime

        init(identity: FileIdentity, snapshot: RecordSnapshot) {
            self.identity = identity
            self.snapshot = snapshot
            self.checked = CheckTime(DispatchTime.now().uptimeNanoseconds)
        }
    }

    private final class CheckTime: Sendable {
        let nanoseconds: Atomic<UInt64>
        init(_ value: UInt64) { nanoseconds = Atomic(value) }
    }

    /// How long `snapshotInMemory` trusts a record it found unchanged on disk without a new `stat`.
    static let defaultRecordRecheckInterval: Duration = .milliseconds(100)
    private let recordRecheckNanoseconds: UInt64

    private struct CachedTarball: Sendable {
        let identity: FileIdentity
        let bytes: ByteBuffer
        /// Hex SHA-1 of `bytes`, computed when they were cached (`dist.shasum`'s form).
        let shasum: String

        init(identity: FileIdentity, bytes: [UInt8]) {
            self.identity = identity
            self.bytes = ByteBuffer(bytes: bytes)
            self.shasum = Integrity.compute(bytes, algorithms: [.sha1]).sha1Hex ?? ""
        }
    }

    /// Opens (creating if needed) the data directory and removes temp files a crash left behind.
    init(
        root: String, recordCacheCapacity: Int = defaultRecordCacheCapacity,
        tarballCacheCapacity: Int = defaultTarballCacheCapacity, largestCachedTarball: Int = defaultLargestCachedTarball,
        recordRecheckInterval: Duration = defaultRecordRecheckInterval
    ) throws {
        self.root = root
        let (seconds, attoseconds) = recordRecheckInterval.components
        self.recordRecheckNanoseconds = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        self.largestCachedTarball = largestCachedTarball
        self.records = BoundedCache(capacity: recordCacheCapacity)
        self.tarballs = BoundedCache(capacity: tarballCacheCapacity)
        try AtomicFile.createDirectory(root + "/packages-v1")
        try AtomicFile.createDirectory(root + "/tmp")
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: root + "/tmp")) ?? [] {
            try? FileManager.default.removeItem(atPath: root + "/tmp/" + leftover)
        }
    }

    private func directory(for name: RegistryPackageName) -> String { packagesDirectory + "/" + name.rawValue }

    func snapshotInMemory(for name: RegistryPackageName) -> RecordSnapshot? {
        guard let cached = records.value(for: name) else { return nil }
        // A hot package is asked for thousands of times a second: one `stat` per interval is
        // enough to notice a file replaced behind the server's back (this server's own writes
        // update the cache at once).
        let now = DispatchTime.now().uptimeNanoseconds
        if now &- cached.checked.nanoseconds.load(ordering: .relaxed) < recordRecheckNanoseconds { return cached.snapshot }
        guard let identity = FileIdentity(path: directory(for: name) + "/record.json"), cached.identity == identity else { return nil }
        cached.checked.nanoseconds.store(now, ordering: .relaxed)
        return cached.snapshot
    }

    func snapshot(for name: RegistryPackageName) async throws -> RecordSnapshot? {
        let path = directory(for: name) + "/record.json"
        guard let identity = FileIdentity(path: path) else {
            records.remove(name)
            return nil
        }
        if let cached = records.value(for: name), cached.identity == identity { return cached.snapshot }
        let loaded: PackageRecord? = try await BlockingWork.run {
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            let json: JSONValue
            do {
                json = try JSONValue.parseStrict(data)
            } catch {
                throw StorageError.corrupt(path)
            }
            return try PackageRecord(json: json, location: path)
        }
        guard let loaded else { return nil }
        let snapshot = RecordSnapshot(record: loaded)
        // If the file was replaced between the stat and the read, the next read sees a new
        // identity and reads again: the cache can lag a write by one read, never keep a stale copy.
        records.store(CachedRecord(identity: identity, snapshot: snapshot), cost: identity.size, for: name)
        return snapshot
    }

    func save(_ record: PackageRecord, for name: RegistryPackageName) async throws {
        let path = directory(for: name) + "/record.json"
        let bytes = record.json.serializedBytes
        let (directory, temporaryDirectory) = (directory(for: name), temporaryDirectory)
        records.remove(name)
        let identity = try await BlockingWork.run {
            try AtomicFile.createDirectory(directory)
            return try AtomicFile.write(bytes, to: path, temporaryDirectory: temporaryDirectory)
        }
        if let identity {
            records.store(CachedRecord(identity: identity, snapshot: RecordSnapshot(record: record)), cost: bytes.count, for: name)
        }
    }

    func storeTarball(_ bytes: [UInt8], fileName: String, for name: RegistryPackageName) async throws {
        let (directory, temporaryDirectory) = (directory(for: name), temporaryDirectory)
        let path = directory + "/" + fileName
        let identity = try await BlockingWork.run {
            try AtomicFile.createDirectory(directory)
            return try AtomicFile.write(bytes, to: path, temporaryDirectory: temporaryDirectory)
        }
        // A new version is usually installed right after it is published: keep the bytes, so
        // even the first download is answered from memory. The identity is the written file's
        // own, so a file another process puts there later never matches these bytes.
        if bytes.count <= largestCachedTarball, let identity {
            tarballs.store(CachedTarball(identity: identity, bytes: bytes), cost: identity.size, for: path)
        }
    }

    func removeTarball(fileName: String, for name: RegistryPackageName) async throws {
        let path = directory(for: name) + "/" + fileName
        tarballs.remove(path)
        try await BlockingWork.run { try AtomicFile.remove(path) }
    }

    func tarballInMemory(fileName: String, for name: RegistryPackageName, shasum: String) -> ByteBuffer? {
        let path = directory(for: name) + "/" + fileName
        guard let cached = tarballs.value(for: path) else { return nil }
        // Bytes whose SHA-1 is the listed one are the listed tarball, whatever the disk holds now.
        if !shasum.isEmpty, cached.shasum == shasum { return cached.bytes }
        guard let identity = FileIdentity(path: path), cached.identity == identity else { return nil }
        return cached.bytes
    }

    func tarball(fileName: String, for name: RegistryPackageName) async throws -> StoredTarball? {
        let path = directory(for: name) + "/" + fileName
        guard let identity = FileIdentity(path: path) else {
            tarballs.remove(path)
            return nil
        }
        if let cached = tarballs.value(for: path), cached.identity == identity { return .bytes(cached.bytes) }
        guard identity.size <= largestCachedTarball, let data = FileManager.default.contents(atPath: path),
            data.count == identity.size
        else { return .file(path: path, size: identity.size) }
        let cached = CachedTarball(identity: identity, bytes: [UInt8](data))
        tarballs.store(cached, cost: identity.size, for: path)
        return .bytes(cached.bytes)
    }

    func packageNames() async throws -> [RegistryPackageName] {
        let fileManager = FileManager.default
        var names: [RegistryPackageName] = []
        for entry in (try? fileManager.contentsOfDirectory(atPath: packagesDirectory)) ?? [] {
            let candidates = entry.hasPrefix("@")
                ? ((try? fileManager.contentsOfDirectory(atPath: packagesDirectory + "/" + entry)) ?? []).map { entry + "/" + $0 }
                : [entry]
            for candidate in candidates where fileManager.fileExists(atPath: packagesDirectory + "/" + candidate + "/record.json") {
                if let name = try? RegistryPackageName(candidate) { names.append(name) }
            }
        }
        return names.sorted()
    }

    func withWriteLock<Result: Sendable>(
        on name: RegistryPackageName, _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        try await locks.withLock(name, body)
    }
}
