// The file written last into every store entry: what the entry holds, so linking never walks
// directories and `pkg cache verify` can tell a damaged entry from a sound one.
//
// Bump `formatVersion` together with the `store-v2` folder name in `Store.swift` and docs/store.md.

import PkgModel

/// `index.json` of a store entry.
package struct StoreIndex: Sendable, Hashable {
    package static let formatVersion = 2

    package var formatVersion: Int
    /// The integrity the tarball was verified against when the entry was made.
    package var integrity: String
    /// `name` and `version` from the extracted package.json, for messages and `cache verify`.
    package var name: String?
    package var version: String?
    /// Every regular file, sorted by path; directories are implied by the paths (the entry keeps
    /// none: each file is stored flat under `StoreFile.storedName`).
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
package struct StoreFile: Sendable, Hashable {
    /// Relative to the package folder, `/`-separated, never `..` or absolute.
    package var path: String
    package var size: Int
    /// Permission bits as stored (npm's normalisation: 0644, or 0755 for executables and bins).
    package var mode: Int
    /// SRI of the file's bytes (`sha256-…`, `FileHasher`), re-checked by `pkg cache verify`.
    package var digest: String?
    /// The file's name in the entry folder (`0`, `1`, …); empty only while a commit is still
    /// moving a file out of an extracted tree.
    package var storedName: String

    package init(path: String, size: Int, mode: Int, digest: String?, storedName: String = "") {
        self.path = path
        self.size = size
        self.mode = mode
        self.digest = digest
        self.storedName = storedName
    }
}

// `index.json` is written for every package an install downloads and read for every package it
// links from the store, so it goes through PkgModel's JSON reader and writer: Foundation's
// `JSONEncoder`/`JSONDecoder` cost several times as much per entry. Keys are written sorted,
// optional fields only when present (the layout `JSONEncoder` with `.sortedKeys` wrote).
extension StoreIndex {
    /// The `index.json` bytes: compact JSON, written straight into one buffer (building a
    /// `JSONValue` per file first was 2.6 % of a large `pkg ci`'s samples).
    package func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + files.count * 112)
        bytes.append(contentsOf: #"{"bin":{"#.utf8)
        for (position, (command, target)) in bin.sorted(by: { $0.key < $1.key }).enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.writeString(command, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONValue.writeString(target, into: &bytes)
        }
        bytes.append(contentsOf: #"},"files":["#.utf8)
        for (position, file) in files.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            file.write(into: &bytes)
        }
        bytes.append(contentsOf: #"],"formatVersion":\#(formatVersion),"hasInstallScript":\#(hasInstallScript),"integrity":"#.utf8)
        JSONValue.writeString(integrity, into: &bytes)
        if let name {
            bytes.append(contentsOf: #","name":"#.utf8)
            JSONValue.writeString(name, into: &bytes)
        }
        if let version {
            bytes.append(contentsOf: #","version":"#.utf8)
            JSONValue.writeString(version, into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Reads `index.json`; `nil` when it is not a complete index of this format.
    package init?(decoding bytes: [UInt8]) {
        guard let json = try? JSONValue(parsing: bytes),
              let formatVersion = json["formatVersion"]?.intValue, formatVersion == Self.formatVersion,
              let integrity = json["integrity"]?.stringValue,
              let fileValues = json["files"]?.arrayValue,
              let hasInstallScript = json["hasInstallScript"]?.boolValue,
              let binObject = json["bin"]?.objectValue
        else { return nil }
        var files: [StoreFile] = []
        files.reserveCapacity(fileValues.count)
        for value in fileValues {
            guard let file = StoreFile(json: value) else { return nil }
            files.append(file)
        }
        var bin: [String: String] = [:]
        for key in binObject.keys {
            guard let target = binObject[key]?.stringValue else { return nil }
            bin[key] = target
        }
        self.init(
            integrity: integrity, name: json["name"]?.stringValue, version: json["version"]?.stringValue,
            files: files, bin: bin, hasInstallScript: hasInstallScript
        )
    }
}

extension StoreFile {
    /// `{"digest":…,"mode":…,"name":…,"path":…,"size":…}`, keys sorted, `digest` only when known.
    fileprivate func write(into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        if let digest {
            bytes.append(contentsOf: #""digest":"#.utf8)
            JSONValue.writeString(digest, into: &bytes)
            bytes.append(UInt8(ascii: ","))
        }
        bytes.append(contentsOf: #""mode":\#(mode),"name":"#.utf8)
        JSONValue.writeString(storedName, into: &bytes)
        bytes.append(contentsOf: #","path":"#.utf8)
        JSONValue.writeString(path, into: &bytes)
        bytes.append(contentsOf: #","size":\#(size)}"#.utf8)
    }

    fileprivate init?(json: JSONValue) {
        guard let path = json["path"]?.stringValue, let size = json["size"]?.intValue, let mode = json["mode"]?.intValue,
            let storedName = json["name"]?.stringValue, StoreFile.isStoredName(storedName)
        else { return nil }
        self.init(path: path, size: size, mode: mode, digest: json["digest"]?.stringValue, storedName: storedName)
    }
}

extension StoreFile {
    /// Whether `name` is one the store gives files (decimal digits): an index naming anything else
    /// (`../x`, `index.json`) is damaged, and is never used to build a path.
    static func isStoredName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 10 && name.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
