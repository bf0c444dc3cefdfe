// The default storage: plain files under the data directory, laid out as
// docs/registry-storage.md describes (change both together).
//
//   <data>/packages-v1/<name>/record.json        the PackageRecord (packument + history)
//   <data>/packages-v1/<name>/<file>.tgz         tarballs, immutable once listed
//   <data>/tmp/                                  staging for atomic writes; emptied at start
//
// Scoped names nest: `packages-v1/@scope/name/`. Names are validated before they reach a path,
// so they can never contain `..` or a separator beyond the scope's.
import Foundation
import PkgModel

/// Package records and tarballs as files, written atomically and durably.
final class FileSystemPackageStorage: PackageStorage {
    let root: String
    private var packagesDirectory: String { root + "/packages-v1" }
    private var temporaryDirectory: String { root + "/tmp" }
    private let locks = KeyedLock<RegistryPackageName>()

    /// Opens (creating if needed) the data directory and removes temp files a crash left behind.
    init(root: String) throws {
        self.root = root
        try AtomicFile.createDirectory(root + "/packages-v1")
        try AtomicFile.createDirectory(root + "/tmp")
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: root + "/tmp")) ?? [] {
            try? FileManager.default.removeItem(atPath: root + "/tmp/" + leftover)
        }
    }

    private func directory(for name: RegistryPackageName) -> String { packagesDirectory + "/" + name.rawValue }

    func record(for name: RegistryPackageName) async throws -> PackageRecord? {
        let path = directory(for: name) + "/record.json"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let json: JSONValue
        do {
            json = try JSONValue.parseStrict(data)
        } catch {
            throw StorageError.corrupt(path)
        }
        return try PackageRecord(json: json, location: path)
    }

    func save(_ record: PackageRecord, for name: RegistryPackageName) async throws {
        try AtomicFile.createDirectory(directory(for: name))
        try AtomicFile.write(record.json.serializedBytes, to: directory(for: name) + "/record.json", temporaryDirectory: temporaryDirectory)
    }

    func storeTarball(_ bytes: [UInt8], fileName: String, for name: RegistryPackageName) async throws {
        try AtomicFile.createDirectory(directory(for: name))
        try AtomicFile.write(bytes, to: directory(for: name) + "/" + fileName, temporaryDirectory: temporaryDirectory)
    }

    func removeTarball(fileName: String, for name: RegistryPackageName) async throws {
        try AtomicFile.remove(directory(for: name) + "/" + fileName)
    }

    func tarball(fileName: String, for name: RegistryPackageName) async throws -> StoredTarball? {
        let path = directory(for: name) + "/" + fileName
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else { return nil }
        return .file(path: path, size: size)
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
