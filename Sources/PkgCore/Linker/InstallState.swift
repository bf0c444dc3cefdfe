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
        try FileOperations.writeAtomically(data, to: nodeModules + "/" + Self.fileName, durable: false)
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
