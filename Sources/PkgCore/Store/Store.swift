// The global content-addressable store: every package extracted once, keyed by its tarball's
// integrity, shared by every project on the machine (docs/store.md describes the layout).
//
//   <cache>/store-v2/packages/<algorithm>/<hex[0..2]>/<hex[2...]>/{index.json, 0, 1, 2, …}
//   <cache>/store-v2/tmp/<random>/                     staging, on the same file system
//
// An entry is flat: its files sit directly in the entry folder under generated names, and
// `index.json` maps each package path to one (`SafeExtractor`'s `flat` layout). The linker only
// hard-links files into `node_modules` by those paths, so the package's own folders are never
// created in the store: on ext4 a folder costs more than a file, and skipping them was most of
// what an install into an empty store could save.
//
// An entry is built in `tmp/` with its `index.json` written last, then the whole folder is renamed
// into `packages/` in one step: a reader sees a complete entry or none, and an interrupted install
// leaves only a staging folder that the next `clean`/`verify` removes. Durability comes from
// `sync(2)` after an install commits, with a sync marker that reveals a crash before it
// (`StoreDurability`, `StoreSyncJournal`), not an `fsync` per file.
// Bump `layoutVersion` (and the folder name) with `StoreIndex.formatVersion` and docs/store.md.
import Foundation
import PkgModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content-addressable package store.
package struct Store: Sendable {
    package static let layoutVersion = "store-v2"

    /// `<cache>/store-v2`.
    package let root: String

    /// - Parameter cacheDirectory: the pkg cache folder (`--cache`, `PKG_CACHE_DIR`, npmrc `cache`,
    ///   default `~/.cache/pkg`).
    package init(cacheDirectory: String) {
        self.root = (cacheDirectory as NSString).appendingPathComponent(Self.layoutVersion)
    }

    /// The cache folder chosen by flag, then `PKG_CACHE_DIR`, then npmrc `cache`, then
    /// `$XDG_CACHE_HOME/pkg`, then `~/.cache/pkg`.
    package static func cacheDirectory(flag: String?, environment: [String: String], npmrcCache: String?) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let value = environment["PKG_CACHE_DIR"], !value.isEmpty { return value }
        if let npmrcCache, !npmrcCache.isEmpty { return npmrcCache }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/pkg" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/pkg"
    }

    var packagesDirectory: String { root + "/packages" }
    var stagingRoot: String { root + "/tmp" }

    /// The folder of the entry for `key` (present or not).
    package func directory(for key: StoreKey) -> String {
        packagesDirectory + "/" + key.relativePath
    }

    /// The complete entry for `key`, or `nil` when the store does not hold it (absence is a value).
    package func entry(for key: StoreKey) -> StoreEntry? {
        let directory = directory(for: key)
        guard let data = FileManager.default.contents(atPath: directory + "/index.json"),
              let index = StoreIndex(decoding: [UInt8](data))
        else { return nil }
        return StoreEntry(key: key, directory: directory, index: index)
    }

    /// A fresh, empty staging folder to extract a tarball into.
    package func makeStagingArea() throws(InstallError) -> StagingArea {
        let directory = stagingRoot + "/" + UUID().uuidString.lowercased()
        try FileOperations.makeDirectory(directory)
        return StagingArea(directory: directory)
    }

    /// Turns a staging folder whose tarball was verified against `integrity` into the entry for
    /// `key`: takes `files` as the extractor recorded them (flat, with stored names) or, for a
    /// source that wrote a tree into `staging.packageDirectory`, indexes that tree and moves its
    /// files flat; marks bin targets executable, writes `index.json`, then renames the folder
    /// into place. Nothing is fsynced here (one `fsync` per file cost an install of 333
    /// packages ~14 s); the install's `StoreDurability` makes what it committed durable with
    /// `sync(2)`. When another process committed the same key first, its entry wins and the
    /// staging folder is discarded.
    package func commit(
        _ staging: StagingArea, key: StoreKey, integrity: String, files written: [StoreFile]? = nil
    ) throws(InstallError) -> StoreEntry {
        var files: [StoreFile]
        if let written, written.allSatisfy({ StoreFile.isStoredName($0.storedName) }) {
            files = written.sorted { $0.path < $1.path }
        } else {
            files = try Self.flatten(staging, recorded: written)
        }
        let storedPaths = Dictionary(files.map { ($0.path, staging.directory + "/" + $0.storedName) }) { _, last in last }
        let manifest = storedPaths["package.json"].flatMap { FileManager.default.contents(atPath: $0) }
            .flatMap { try? PackageManifest(parsing: [UInt8]($0)) }
        // Bins are made executable here, once, so hard links in every project share the mode.
        var bin: [String: String] = [:]
        for (name, target) in manifest?.bin ?? [:] where BinLinks.isSafeName(name) {
            guard let stored = storedPaths[target] else { continue }
            bin[name] = target
            try FileOperations.makeExecutable(stored)
        }
        files = files.map { file in
            var file = file
            if bin.values.contains(file.path) { file.mode |= 0o111 & ((file.mode & 0o444) >> 2) | 0o100 }
            return file
        }
        let index = StoreIndex(
            integrity: integrity, name: manifest?.name, version: manifest?.version, files: files,
            bin: bin, hasInstallScript: manifest?.hasInstallScript ?? false
        )
        // The staging folder moves into place whole, so index.json needs no rename of its own.
        try FileOperations.writeNewFile(Data(index.encoded()), at: staging.directory + "/index.json")
        let destination = directory(for: key)
        // The shard folder exists for all but an install's first entries in it: it is made only
        // when the rename says it is missing (a `mkdir` per entry was 2,000 `EEXIST`s per large install).
        var moved = rename(staging.directory, destination) == 0
        if !moved && errno == ENOENT {
            try FileOperations.makeDirectory((destination as NSString).deletingLastPathComponent)
            moved = rename(staging.directory, destination) == 0
        }
        if !moved {
            let failure = FileOperations.error("rename into the store", destination)
            staging.discard()
            // A concurrent install committed the same bytes first: use its entry.
            if let existing = entry(for: key) { return existing }
            throw failure
        }
        return StoreEntry(key: key, directory: destination, index: index)
    }

    /// Moves the files of a tree written into `staging.packageDirectory` into the flat layout,
    /// named in path order, and removes the tree. `recorded` (without stored names) replaces
    /// what reading the tree finds, digests and all, when the source kept it.
    private static func flatten(_ staging: StagingArea, recorded: [StoreFile]?) throws(InstallError) -> [StoreFile] {
        let tree = staging.packageDirectory
        var files: [StoreFile]
        if let recorded {
            files = recorded
        } else {
            files = try StoreFiles.index(tree)
        }
        files.sort { $0.path < $1.path }
        for index in files.indices {
            files[index].storedName = String(index)
            let source = tree + "/" + files[index].path
            guard rename(source, staging.directory + "/" + files[index].storedName) == 0 else {
                throw FileOperations.error("move into the store", source)
            }
        }
        try FileOperations.remove(tree)
        return files
    }

    /// Every key the store holds a complete entry for.
    package func keys() -> [StoreKey] {
        var keys: [StoreKey] = []
        for algorithm in FileOperations.entries(of: packagesDirectory) {
            for prefix in FileOperations.entries(of: packagesDirectory + "/" + algorithm) {
                for rest in FileOperations.entries(of: packagesDirectory + "/\(algorithm)/\(prefix)") {
                    if let key = StoreKey(algorithm: algorithm, hexDigest: prefix + rest) { keys.append(key) }
                }
            }
        }
        return keys.sorted()
    }

    /// Removes an entry (used by `cache verify` for damaged entries).
    package func remove(_ key: StoreKey) throws(InstallError) {
        try FileOperations.remove(directory(for: key))
    }

    /// Removes leftovers of interrupted installs.
    package func removeStaging() throws(InstallError) {
        try FileOperations.remove(stagingRoot)
    }

    /// Store folders of earlier layouts, which this version never reads.
    static let earlierLayouts = ["store-v1"]

    /// Removes the whole store, and the folders of earlier store layouts beside it.
    package func clean() throws(InstallError) {
        try FileOperations.remove(root)
        let cacheDirectory = (root as NSString).deletingLastPathComponent
        for layout in Self.earlierLayouts {
            try FileOperations.remove(cacheDirectory + "/" + layout)
        }
    }
}

/// A complete store entry.
package struct StoreEntry: Sendable, Hashable {
    package var key: StoreKey
    /// The entry folder, holding `index.json` and the files under their stored names.
    package var directory: String
    package var index: StoreIndex

    /// Where the store keeps `file` of this entry.
    package func path(of file: StoreFile) -> String { directory + "/" + file.storedName }
}

/// A folder inside the store where a tarball is extracted before it is committed.
package struct StagingArea: Sendable, Hashable {
    /// Extract the tarball here with `SafeExtractor`'s `flat` layout (first path component
    /// stripped), and hand the recorded files to `Store.commit`.
    package var directory: String
    /// Or write it here as a folder tree; `Store.commit` then moves the files flat.
    package var packageDirectory: String { directory + "/package" }

    /// Deletes the staging folder, e.g. after `EINTEGRITY`, so nothing of the tarball is kept.
    package func discard() {
        try? FileOperations.remove(directory)
    }
}
