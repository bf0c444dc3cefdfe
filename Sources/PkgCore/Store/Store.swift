// The global content-addressable store: every package extracted once, keyed by its tarball's
// integrity, shared by every project on the machine (docs/store.md describes the layout).
//
//   <cache>/store-v1/packages/<algorithm>/<hex[0..2]>/<hex[2...]>/{package/, index.json}
//   <cache>/store-v1/tmp/<random>/                     staging, on the same file system
//
// An entry is built in `tmp/` with its `index.json` written last, then the whole folder is renamed
// into `packages/` in one step: a reader sees a complete entry or none, and an interrupted install
// leaves only a staging folder that the next `clean`/`verify` removes. Durability comes from one
// `sync(2)` per install (`flushInBackground`), not an `fsync` per file.
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
    package static let layoutVersion = "store-v1"

    /// `<cache>/store-v1`.
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

    /// A fresh staging folder with an empty `package/` inside, to extract a tarball into.
    package func makeStagingArea() throws(InstallError) -> StagingArea {
        let directory = stagingRoot + "/" + UUID().uuidString.lowercased()
        try FileOperations.makeDirectory(directory + "/package")
        return StagingArea(directory: directory)
    }

    /// Turns a staging folder whose tarball was verified against `integrity` into the entry for
    /// `key`: indexes its files (`files` when the extractor recorded what it wrote, else by
    /// reading the folder), marks bin targets executable, writes `index.json`, then renames
    /// it into place. Nothing is fsynced here (one `fsync` per file cost an install of 333
    /// packages ~14 s); `flushInBackground()` makes everything an install committed durable in one
    /// call. When another process committed the same key first, its entry wins and the staging
    /// folder is discarded.
    package func commit(
        _ staging: StagingArea, key: StoreKey, integrity: String, files written: [StoreFile]? = nil
    ) throws(InstallError) -> StoreEntry {
        let packageDirectory = staging.packageDirectory
        let manifest = (FileManager.default.contents(atPath: packageDirectory + "/package.json"))
            .flatMap { try? PackageManifest(parsing: [UInt8]($0)) }
        // The extractor's own record when it kept one; otherwise the folder is read.
        var files: [StoreFile]
        if let written {
            files = written.sorted { $0.path < $1.path }
        } else {
            files = try StoreFiles.index(packageDirectory)
        }
        let regular = Set(files.map(\.path))
        // Bins are made executable here, once, so hard links in every project share the mode.
        var bin: [String: String] = [:]
        for (name, target) in manifest?.bin ?? [:] where BinLinks.isSafeName(name) && regular.contains(target) {
            bin[name] = target
            try FileOperations.makeExecutable(packageDirectory + "/" + target)
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
        try FileOperations.writeAtomically(Data(index.encoded()), to: staging.directory + "/index.json")
        let destination = directory(for: key)
        try FileOperations.makeDirectory((destination as NSString).deletingLastPathComponent)
        if rename(staging.directory, destination) != 0 {
            let failure = FileOperations.error("rename into the store", destination)
            staging.discard()
            // A concurrent install committed the same bytes first: use its entry.
            if let existing = entry(for: key) { return existing }
            throw failure
        }
        return StoreEntry(key: key, directory: destination, index: index)
    }

    /// Writes everything committed so far to disk, started once an install's commits are done:
    /// one `sync(2)` (Glibc does not export `syncfs` to Swift), which the kernel batches, instead
    /// of an `fsync` per file. It runs on a thread of its own, so the install links
    /// `node_modules` while the disk catches up (the `sync` took ~70 ms after a 333-package
    /// install here); the install awaits the task before it reports success.
    package func flushInBackground() -> Task<Void, Never> {
        Task {
            await withCheckedContinuation { (flushed: CheckedContinuation<Void, Never>) in
                Thread {
                    sync()
                    flushed.resume()
                }.start()
            }
        }
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

    /// Removes the whole store.
    package func clean() throws(InstallError) {
        try FileOperations.remove(root)
    }
}

/// A complete store entry.
package struct StoreEntry: Sendable, Hashable {
    package var key: StoreKey
    /// The entry folder, holding `package/` and `index.json`.
    package var directory: String
    package var index: StoreIndex

    /// The extracted package's root folder.
    package var packageDirectory: String { directory + "/package" }
}

/// A folder inside the store where a tarball is extracted before it is committed.
package struct StagingArea: Sendable, Hashable {
    package var directory: String
    /// Extract the tarball here (first path component already stripped).
    package var packageDirectory: String { directory + "/package" }

    /// Deletes the staging folder, e.g. after `EINTEGRITY`, so nothing of the tarball is kept.
    package func discard() {
        try? FileOperations.remove(directory)
    }
}
