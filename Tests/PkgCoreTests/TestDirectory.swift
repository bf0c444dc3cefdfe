import Foundation
@testable import PkgCore

/// A fresh folder under the system temporary directory, removed when the test is done with it.
final class TestDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "pkgcore-" + UUID().uuidString.lowercased()
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ content: String) {
        let full = path + "/" + relative
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(content.utf8))
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool { FileOperations.exists(path + "/" + relative) }
}

enum StoreFixtures {
    /// A syntactically valid sha512 SRI derived from `seed`, for entries whose bytes do not matter.
    static func integrity(_ seed: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 64)
        for (index, byte) in seed.utf8.enumerated() { bytes[index % 64] ^= byte &+ UInt8(index % 251) }
        bytes[63] ^= UInt8(seed.utf8.count % 256)
        return "sha512-" + Data(bytes).base64EncodedString()
    }

    /// Commits a package with the given files into `store`.
    static func entry(_ store: Store, name: String, version: String, files: [String: String] = [:], extra: String = "") throws -> StoreEntry {
        let staging = try store.makeStagingArea()
        var all = files
        if all["package.json"] == nil {
            all["package.json"] = #"{"name":"\#(name)","version":"\#(version)"\#(extra)}"#
        }
        for (path, content) in all {
            let full = staging.packageDirectory + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: full, contents: Data(content.utf8), attributes: [.posixPermissions: 0o644])
        }
        let integrity = integrity("\(name)@\(version)")
        guard let key = StoreKey(integrity: integrity) else { throw InstallError.missingManifest(path: "bad key") }
        return try store.commit(staging, key: key, integrity: integrity)
    }
}
