// What a completed install was made from, recorded in `.pkg-state.json` so that a repeated
// install with nothing changed is recognised from two file stamps, without resolving, hoisting
// or reading the store (the no-op target: well under 50 ms on a 2,500-package project).
import Foundation
import PkgModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inputs of one install: package.json, pkg.lock and the settings that shape node_modules.
package struct InstallInputs: Sendable, Hashable {
    package var manifest: FileStamp
    package var lockfile: FileStamp
    /// `--omit`, peer settings and the platform, as one string.
    package var settings: String

    package init(manifest: FileStamp, lockfile: FileStamp, settings: String) {
        self.manifest = manifest
        self.lockfile = lockfile
        self.settings = settings
    }

    /// The stamps of the project's files now; `nil` when either file is missing.
    package static func current(manifestPath: String, lockfilePath: String, settings: String) -> InstallInputs? {
        guard let manifest = FileStamp(path: manifestPath), let lockfile = FileStamp(path: lockfilePath) else { return nil }
        return InstallInputs(manifest: manifest, lockfile: lockfile, settings: settings)
    }

    /// Whether the files now are the ones `recorded` describes: equal size and modification time,
    /// or, when only the time differs (a `touch`, a fresh checkout), equal content hash.
    package func matches(_ recorded: InstallInputs, manifestPath: String, lockfilePath: String) -> Bool {
        settings == recorded.settings
            && manifest.matches(recorded.manifest, path: manifestPath)
            && lockfile.matches(recorded.lockfile, path: lockfilePath)
    }
}

/// Size, modification time and SHA-256 of one file.
package struct FileStamp: Sendable, Hashable {
    package var size: Int
    /// Nanoseconds since the epoch.
    package var modified: Int64
    /// `sha256-<base64>`, computed only when the stamp is recorded.
    package var hash: String?

    package init(size: Int, modified: Int64, hash: String?) {
        self.size = size
        self.modified = modified
        self.hash = hash
    }

    /// The size and time of `path` (no hash); `nil` when it cannot be read.
    package init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int(info.st_size)
        #if canImport(Darwin)
        modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        hash = nil
    }

    /// The stamp with its content hash, for recording.
    package func hashed(path: String) -> FileStamp {
        var stamp = self
        stamp.hash = Self.hash(path: path)
        return stamp
    }

    func matches(_ recorded: FileStamp, path: String) -> Bool {
        guard size == recorded.size else { return false }
        if modified == recorded.modified { return true }
        guard let hash = recorded.hash else { return false }
        return Self.hash(path: path) == hash
    }

    static func hash(path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var hasher = FileHasher()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.finalize()
    }
}
