/// Storage held in memory, for router tests; the same contract as the file system.
import NIOCore
import PkgModel
actor InMemoryPackageStorage: PackageStorage {
    private var records: [RegistryPackageName: RecordSnapshot] = [:]
    private var tarballs: [String: ByteBuffer] = [:]
    private let locks = KeyedLock<RegistryPackageName>()

    init() {}

    func snapshot(for name: RegistryPackageName) -> RecordSnapshot? { records[name] }

    func save(_ record: PackageRecord, for name: RegistryPackageName) { records[name] = RecordSnapshot(record: record) }

    func storeTarball(_ bytes: [UInt8], fileName: String, for name: RegistryPackageName) {
        tarballs["\(name)/\(fileName)"] = ByteBuffer(bytes: bytes)
    }

    func removeTarball(fileName: String, for name: RegistryPackageName) {
        tarballs["\(name)/\(fileName)"] = nil
    }

    func tarball(fileName: String, for name: RegistryPackageName) -> StoredTarball? {
        tarballs["\(name)/\(fileName)"].map(StoredTarball.bytes)
    }

    func packageNames() -> [RegistryPackageName] { records.keys.sorted() }

    nonisolated func withWriteLock<Result: Sendable>(
        on name: RegistryPackageName, _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        try await locks.withLock(name, body)
    }
}
