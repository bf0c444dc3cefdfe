// The file written last into every store entry: what the entry holds, so linking never walks
// directories and `pkg cache verify` can tell a damaged entry from a sound one.
//
// Bump `formatVersion` together with the `store-v1` folder name in `Store.swift` and docs/store.md.

/// `index.json` of a store entry.
package struct StoreIndex: Sendable, Hashable, Codable {
    package static let formatVersion = 1

    package var formatVersion: Int
    /// The integrity the tarball was verified against when the entry was made.
    package var integrity: String
    /// `name` and `version` from the extracted package.json, for messages and `cache verify`.
    package var name: String?
    package var version: String?
    /// Every regular file, sorted by path; directories are implied by the paths.
    package var files: [StoreFile]
    /// The normalised `bin` map of the extracted package.json, with targets confined to the package.
    package var bin: [String: String]
    /// Whether the package.json declares preinstall, install or postinstall.
    package var hasInstallScript: Bool

    package init(
        integrity: String, name: String?, version: String?, files: [StoreFile], bin: [String: String], hasInstallScript: Bool
    ) {
        self.formatVersion = Self.formatVersion
        self.integrity = integrity
        self.name = name
        self.version = version
        self.files = files
        self.bin = bin
        self.hasInstallScript = hasInstallScript
    }
}

/// One regular file of a store entry.
package struct StoreFile: Sendable, Hashable, Codable {
    /// Relative to the package folder, `/`-separated, never `..` or absolute.
    package var path: String
    package var size: Int
    /// Permission bits as stored (npm's normalisation: 0644, or 0755 for executables and bins).
    package var mode: Int
    /// SRI of the file's bytes (`sha256-…`, `FileHasher`), re-checked by `pkg cache verify`.
    package var digest: String?

    package init(path: String, size: Int, mode: Int, digest: String?) {
        self.path = path
        self.size = size
        self.mode = mode
        self.digest = digest
    }
}
