// The project being installed: its folder, package.json (kept as an editable document so `add`
// and `remove` preserve formatting) and the paths of pkg.lock and node_modules.
import Foundation
import PkgModel

/// A project folder with a package.json.
package struct Project: Sendable {
    package static let lockfileName = "pkg.lock"

    package let directory: String
    package var document: ManifestDocument
    package var manifest: PackageManifest

    /// Reads `<directory>/package.json`.
    /// - Throws: `InstallError.missingManifest` when there is none, `.invalidProjectFile` when it
    ///   does not parse.
    package init(directory: String) throws(InstallError) {
        self.directory = directory
        let path = directory + "/package.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw .missingManifest(path: path) }
        do {
            document = try ManifestDocument(parsing: [UInt8](data), file: path)
            manifest = try document.manifest()
        } catch {
            throw .invalidProjectFile(path: path, reason: error.message)
        }
    }

    package var manifestPath: String { directory + "/package.json" }
    package var lockfilePath: String { directory + "/" + Self.lockfileName }
    package var nodeModules: String { directory + "/node_modules" }

    /// Writes package.json back if it was edited, keeping its indent and newline style.
    package mutating func saveManifest() throws(InstallError) {
        guard document.isModified else { return }
        try FileOperations.writeAtomically(Data(document.serialized()), to: manifestPath)
        do {
            manifest = try document.manifest()
        } catch {
            throw .invalidProjectFile(path: manifestPath, reason: error.message)
        }
    }

    /// The nearest folder at or above `start` that has a package.json (npm's local prefix);
    /// `start` itself when none has.
    package static func findRoot(from start: String) -> String {
        var current = URL(fileURLWithPath: start).standardizedFileURL.path
        while true {
            if FileManager.default.fileExists(atPath: current + "/package.json") { return current }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return start }
            current = parent
        }
    }
}
