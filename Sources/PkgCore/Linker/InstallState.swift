// `node_modules/.pkg-state.json`: what the last install put where, so an unchanged install only
// checks, and a changed one touches only what differs (npm's hidden lockfile plays this role).
import Foundation
import PkgModel

/// The record of the last completed link.
///
/// The file lists first what the no-op check reads (`InstallStateOutline`: format, inputs,
/// sync markers, bin links and the folder list) and then the fingerprint and the per-folder
/// records, so that check stops reading where its part ends: on the 2,494-package
/// saleor-dashboard corpus the file is ~700 KB, and parsing all of it was a sixth of a no-op.
/// Files without the `folders` list (written before it existed) are still read, in full.
package struct InstallState: Sendable, Hashable {
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
              let json = try? JSONValue(parsing: data),
              let outline = InstallStateOutline(json: json),
              let fingerprint = json["fingerprint"]?.stringValue,
              let records = json["packages"]?.objectValue
        else { return nil }
        var packages: [String: InstalledPackage] = [:]
        packages.reserveCapacity(records.count)
        for (folder, record) in zip(records.keys, records.values) {
            guard let id = record["id"]?.stringValue, let integrity = record["integrity"]?.stringValue else { return nil }
            packages[folder] = InstalledPackage(id: id, integrity: integrity)
        }
        var state = InstallState(
            fingerprint: fingerprint, packages: packages, binLinks: outline.binLinks, inputs: outline.inputs,
            pendingSyncs: outline.pendingSyncs.isEmpty ? nil : outline.pendingSyncs)
        state.formatVersion = outline.formatVersion
        return state
    }

    package func save(nodeModules: String) throws(InstallError) {
        var document = JSONObject()
        document["formatVersion"] = JSONValue(formatVersion)
        if let inputs { document["inputs"] = inputs.json }
        if let pendingSyncs { document["pendingSyncs"] = .array(pendingSyncs.map(JSONValue.string)) }
        document["binLinks"] = .array(binLinks.map(JSONValue.string))
        let folders = packages.keys.sorted()
        document["folders"] = .array(folders.map(JSONValue.string))
        document["fingerprint"] = .string(fingerprint)
        var records = JSONObject()
        for folder in folders {
            guard let package = packages[folder] else { continue }
            records[folder] = .object(JSONObject([("id", .string(package.id)), ("integrity", .string(package.integrity))]))
        }
        document["packages"] = .object(records)
        var data = JSONValue.object(document).serialized(.pretty)
        data.append(UInt8(ascii: "\n"))
        try FileOperations.writeAtomically(Data(data), to: nodeModules + "/" + Self.fileName)
    }
}

/// One installed folder.
package struct InstalledPackage: Sendable, Hashable {
    package var id: String
    package var integrity: String

    package init(id: String, integrity: String) {
        self.id = id
        self.integrity = integrity
    }
}

/// The parts of `.pkg-state.json` the no-op check needs: the inputs, the folder paths and the bin
/// links, read from the head of the file (`JSONObject(parsingLeadingMembersOf:through:)`) with
/// PkgModel's JSON reader.
package struct InstallStateOutline: Sendable {
    package var formatVersion: Int
    package var inputs: InstallInputs?
    package var folders: [String]
    package var binLinks: [String]
    package var pendingSyncs: [String]

    /// The outline of the record in `nodeModules`; `nil` when absent, unreadable or of another format.
    package static func load(nodeModules: String) -> InstallStateOutline? {
        guard let data = FileManager.default.contents(atPath: nodeModules + "/" + InstallState.fileName),
              let head = try? JSONObject(parsingLeadingMembersOf: data, through: "folders")
        else { return nil }
        return InstallStateOutline(json: .object(head))
    }

    /// The outline from the record's members; the folders come from `folders`, or from the keys
    /// of `packages` in files written before that list existed.
    init?(json: JSONValue) {
        guard let formatVersion = json["formatVersion"]?.intValue, formatVersion == InstallState.formatVersion,
              let binLinks = Self.strings(json["binLinks"]),
              let pendingSyncs = Self.strings(json["pendingSyncs"] ?? .array([]))
        else { return nil }
        let folders: [String]
        if let list = json["folders"] {
            guard let strings = Self.strings(list) else { return nil }
            folders = strings
        } else {
            guard let packages = json["packages"]?.objectValue else { return nil }
            folders = packages.keys
        }
        let inputs: InstallInputs?
        switch json["inputs"] {
        case nil, .null?: inputs = nil
        case let value?:
            guard let decoded = InstallInputs(json: value) else { return nil }
            inputs = decoded
        }
        self.init(formatVersion: formatVersion, inputs: inputs, folders: folders, binLinks: binLinks, pendingSyncs: pendingSyncs)
    }

    init(formatVersion: Int, inputs: InstallInputs?, folders: [String], binLinks: [String], pendingSyncs: [String]) {
        self.formatVersion = formatVersion
        self.inputs = inputs
        self.folders = folders
        self.binLinks = binLinks
        self.pendingSyncs = pendingSyncs
    }

    /// The strings of a JSON array; `nil` when it is not an array of strings.
    private static func strings(_ value: JSONValue?) -> [String]? {
        guard let values = value?.arrayValue else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(values.count)
        for value in values {
            guard let string = value.stringValue else { return nil }
            strings.append(string)
        }
        return strings
    }
}

extension InstallInputs {
    /// The inputs as the state file records them.
    init?(json: JSONValue) {
        guard let manifest = json["manifest"].flatMap(FileStamp.init(json:)),
              let lockfile = json["lockfile"].flatMap(FileStamp.init(json:)),
              let settings = json["settings"]?.stringValue
        else { return nil }
        self.init(manifest: manifest, lockfile: lockfile, settings: settings)
    }

    var json: JSONValue {
        .object(JSONObject([("lockfile", lockfile.json), ("manifest", manifest.json), ("settings", .string(settings))]))
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

    var json: JSONValue {
        var object = JSONObject()
        if let hash { object["hash"] = .string(hash) }
        object["modified"] = JSONValue(Int(modified))
        object["size"] = JSONValue(size)
        return .object(object)
    }
}
