// The storage protocol every backend implements: the file system (default, `registry-data/`),
// memory (tests), and later PostgreSQL. Controllers are generic over it and never touch files.

import NIOCore

/// How a stored tarball is handed to the HTTP layer.
enum StoredTarball: Sendable {
    /// A file to stream from disk.
    case file(path: String, size: Int)
    /// Bytes held in memory (small tarballs are cached; responses share the buffer).
    case bytes(ByteBuffer)
}

/// Durable storage of package records and tarballs.
///
/// Writers of one package must hold `withWriteLock(on:)`; readers never lock and never see a
/// half-written record. Implementations write a tarball before the record that names it.
import PkgModel
protocol PackageStorage: Sendable {
    /// The stored record with its generation, or `nil` when the name was never published.
    func snapshot(for name: RegistryPackageName) async throws -> RecordSnapshot?
    /// Replaces the record atomically.
    func save(_ record: PackageRecord, for name: RegistryPackageName) async throws
    /// Stores a tarball durably; call before saving the record that lists it.
    func storeTarball(_ bytes: [UInt8], fileName: String, for name: RegistryPackageName) async throws
    /// Removes a tarball; missing files are not an error.
    func removeTarball(fileName: String, for name: RegistryPackageName) async throws
    /// The stored tarball, or `nil`.
    func tarball(fileName: String, for name: RegistryPackageName) async throws -> StoredTarball?
    /// The record as `snapshot(for:)` would return it, but only when that needs no more than a
    /// `stat` (file storage skips even that for a record it checked in the last 100 ms): the event
    /// loop's fast paths ask this and, on `nil`, leave the request to the router.
    func snapshotInMemory(for name: RegistryPackageName) -> RecordSnapshot?
    /// The tarball's bytes when they are held in memory and either hash to `shasum` (the listed
    /// `dist.shasum`; versions never change, so no `stat` is needed) or are still the file's
    /// (one `stat`, for records without a shasum); else `nil`.
    func tarballInMemory(fileName: String, for name: RegistryPackageName, shasum: String) -> ByteBuffer?
    /// Every name with a record (including tombstones), for search.
    func packageNames() async throws -> [RegistryPackageName]
    /// Runs `body` while no other writer of `name` runs; concurrent publishes of one package
    /// queue here so none is lost.
    func withWriteLock<Result: Sendable>(
        on name: RegistryPackageName, _ body: @Sendable () async throws -> Result
    ) async throws -> Result
}

extension PackageStorage {
    /// Storage without read caches answers nothing from memory: every read takes the async path.
    func snapshotInMemory(for name: RegistryPackageName) -> RecordSnapshot? { nil }
    func tarballInMemory(fileName: String, for name: RegistryPackageName, shasum: String) -> ByteBuffer? { nil }

    /// The stored record, or `nil` when the name was never published.
    func record(for name: RegistryPackageName) async throws -> PackageRecord? {
        try await snapshot(for: name)?.record
    }
}
