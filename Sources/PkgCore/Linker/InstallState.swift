// `node_modules/.pkg-state.json`: what the last install put where, so an unchanged install only
// checks, and a changed one touches only what differs (npm's hidden lockfile plays this role).
import Foundation

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

    package init(fingerprint: String, packages: [String: InstalledPackage], binLinks: [String], inputs: InstallInputs? = nil) {
        self.formatVersion = Self.formatVersion
        self.fingerprint = fingerprint
        self.packages = packages
        self.binLinks = binLinks
        self.inputs = inputs
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
/// links. Decoding skips each folder's details, which were most of a no-op install's CPU time on a
/// 3,000-package project.
package struct InstallStateOutline: Sendable, Decodable {
    package var formatVersion: Int
    package var inputs: InstallInputs?
    package var folders: [String]
    package var binLinks: [String]

    private enum CodingKeys: String, CodingKey {
        case formatVersion, inputs, packages, binLinks
    }

    /// Decodes nothing: stands for a folder's details the outline does not read.
    private struct Skipped: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        inputs = try container.decodeIfPresent(InstallInputs.self, forKey: .inputs)
        folders = Array(try container.decode([String: Skipped].self, forKey: .packages).keys)
        binLinks = try container.decode([String].self, forKey: .binLinks)
    }

    /// The outline of the record in `nodeModules`; `nil` when absent, unreadable or of another format.
    package static func load(nodeModules: String) -> InstallStateOutline? {
        guard let data = FileManager.default.contents(atPath: nodeModules + "/" + InstallState.fileName),
              let outline = try? JSONDecoder().decode(InstallStateOutline.self, from: data),
              outline.formatVersion == InstallState.formatVersion
        else { return nil }
        return outline
    }
}
