// `pkg init`: a package.json like `npm init -y` writes.
import Foundation
import PkgModel

package enum ProjectInitializer {
    /// A default package.json for a folder, named after it (lowercased, invalid characters
    /// replaced, as npm's init does).
    package static func defaultManifest(folderName: String) -> String {
        var name = folderName.lowercased().map { character -> Character in
            character.isLetter || character.isNumber || "-._~".contains(character) ? character : "-"
        }
        while name.first == "." || name.first == "_" { name.removeFirst() }
        let packageName = name.isEmpty ? "project" : String(name)
        let escaped = packageName.replacingOccurrences(of: "\"", with: "")
        return """
        {
          "name": "\(escaped)",
          "version": "1.0.0",
          "description": "",
          "main": "index.js",
          "scripts": {
            "test": "echo \\"Error: no test specified\\" && exit 1"
          },
          "keywords": [],
          "author": "",
          "license": "ISC"
        }

        """
    }

    /// Writes package.json into `directory` unless one exists; returns its path and whether it was created.
    package static func initialize(directory: String) throws(InstallError) -> (path: String, created: Bool) {
        let path = directory + "/package.json"
        if FileManager.default.fileExists(atPath: path) { return (path, false) }
        let folderName = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        try FileOperations.writeAtomically(Data(defaultManifest(folderName: folderName).utf8), to: path)
        return (path, true)
    }
}
