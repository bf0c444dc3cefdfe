// `node_modules/.pkg-state.json`: what the last install put where, so an unchanged install only
// checks, and a changed one touches only what differs (npm's hidden lockfile plays this role).
import Foundation
import PkgModel

/// The record of the last completed link.
package struct InstallState: Sendable, Hashable, Codable {
    package static let formatVersion = 1
    package static let fileName = ".pkg-state.json"

    package var formatVersion: Int
    /// Fingerprint of the whole plan (every folder and the integrity installed there).
    package var fingerprint: String
    /// Folder (`node_modules/a/node_modules/b`) → what is installed there.
    package var packages: [String: InstalledPackage]
    /// Every `.bin` link made, relative to the project root.
    package var binLinks: [String]
    /// The package.json, pkg.lock and settings this layout was made from; when they are unchanged
    /// a repeated install stops after comparing them (see `InstallInputs`).
    package var inputs: InstallInputs?
    /// Sync markers (`StoreSyncJournal`) of store writes not yet on disk when this layout was
    /// linked; if a crash interrupts one of them, the next install links every folder again.
    package var pendingSyncs: [String]?

    package init(
        fingerprint: String, packages: [String: InstalledPackage], binLinks: [String], inputs: InstallInputs? = nil,
        pendingSyncs: [String]? = nil
    ) {
        self.formatVersion = Self.formatVersion
        self.fingerprint = fingerprint
        self.packages = packages
        self.binLinks = binLinks
        self.inputs = inputs
        self.pendingSyncs = pendingSyncs
    }

    /// Reads the record; `nil` when absent, unreadable or of another format (then everything is
    /// checked against the disk as if nothing had been installed).
    package static func load(nodeModules: String) -> InstallState? {
        guard let data = FileManager.default.contents(atPath: nodeModules + "/" + fileName),
              let state = try? JSONDecoder().decode(InstallState.self, from: data),
              state.formatVersion == formatVersion
        else { return nil }
        return state
    }

    package func save(nodeModules: String) throws(InstallError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(self) else {
            throw .fileSystem(operation: "encode", path: nodeModules + "/" + Self.fileName, reason: "JSON encoding failed")
        }
        try FileOperations.writeAtomically(data, to: nodeModules + "/" + Self.fileName)
    }
}

/// One installed folder.
package struct InstalledPackage: Sendable, Hashable, Codable {
    package var id: String
    package var integrity: String

    package init(id: String, integrity: String) {
        self.id = id
        self.integrity = integrity
    }
}

/// The parts of `.pkg-state.json` the no-op check needs: the inputs, the folder paths and the bin
/// links. Read with PkgModel's JSON reader, not `JSONDecoder`: on the 2,494-package
/// saleor-dashboard corpus the state file is 650 KB, and decoding it was a sixth of a no-op
/// install's time.
package struct InstallStateOutline: Sendable {
    package var formatVersion: Int
    package var inputs: InstallInputs?
    package var folders: [String]
    package var binLinks: [String]
    package var pendingSyncs: [String]

    /// The outline of the record in `nodeModules`; `nil` when absent, unreadable or of another format.
    package static func load(nodeModules: String) -> InstallStateOutline? {
        guard let data = FileManager.default.contents(atPath: nodeModules + "/" + InstallState.fileName),
              let json = try? JSONValue(parsing: data),
              let formatVersion = json["formatVersion"]?.intValue, formatVersion == InstallState.formatVersion,
              let packages = json["packages"]?.objectValue,
              let binLinkValues = json["binLinks"]?.arrayValue
        else { return nil }
        var binLinks: [String] = []
        binLinks.reserveCapacity(binLinkValues.count)
        for value in binLinkValues {
            guard let link = value.stringValue else { return nil }
            binLinks.append(link)
        }
        var pendingSyncs: [String] = []
        for value in json["pendingSyncs"]?.arrayValue ?? [] {
            guard let marker = value.stringValue else { return nil }
            pendingSyncs.append(marker)
        }
        let inputs: InstallInputs?
        switch json["inputs"] {
        case nil, .null?: inputs = nil
        case let value?:
            guard let decoded = InstallInputs(json: value) else { return nil }
            inputs = decoded
        }
        return InstallStateOutline(
            formatVersion: formatVersion, inputs: inputs, folders: packages.keys, binLinks: binLinks, pendingSyncs: pendingSyncs)
    }
}

extension InstallInputs {
    /// The inputs as `JSONEncoder` wrote them into the state file.
    init?(json: JSONValue) {
        guard let manifest = json["manifest"].flatMap(FileStamp.init(json:)),
              let lockfile = json["lockfile"].flatMap(FileStamp.init(json:)),
              let settings = json["settings"]?.stringValue
        else { return nil }
        self.init(manifest: manifest, lockfile: lockfile, settings: settings)
    }
}

extension FileStamp {
    init?(json: JSONValue) {
        guard let size = json["size"]?.intValue, let modified = json["modified"]?.intValue else { return nil }
        let hash: String?
        switch json["hash"] {
        case nil, .null?: hash = nil
        case let value?:
            guard let text = value.stringValue else { return nil }
            hash = text
        }
        self.init(size: size, modified: Int64(modified), hash: hash)
    }
}
