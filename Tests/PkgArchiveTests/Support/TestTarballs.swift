import Foundation
import PkgTestSupport
@testable import PkgArchive

/// Builds tarballs for tests, hostile ones included, with the module's own node-tar-compatible
/// writer (libarchive, not this writer, parses them, so the writer is not testing itself).
enum TestTarballs {
    struct Entry {
        var path: String
        var type: TarWriter.TypeFlag = .file
        var mode: UInt32 = 0o644
        var data: [UInt8] = []
        var linkTarget: String?

        static func file(_ path: String, _ text: String = "x", mode: UInt32 = 0o644) -> Entry {
            Entry(path: path, mode: mode, data: Array(text.utf8))
        }

        static func directory(_ path: String) -> Entry {
            Entry(path: path, type: .directory, mode: 0o755)
        }

        static func symbolicLink(_ path: String, to target: String) -> Entry {
            Entry(path: path, type: .symbolicLink, mode: 0o777, linkTarget: target)
        }

        static func hardLink(_ path: String, to target: String) -> Entry {
            Entry(path: path, type: .hardLink, mode: 0o644, linkTarget: target)
        }

        static let manifest = Entry.file("package/package.json", #"{"name":"demo","version":"1.0.0"}"#)
    }

    /// Uncompressed tar bytes, ended with two zero blocks unless `finished` is false.
    static func tar(_ entries: [Entry], finished: Bool = true) -> [UInt8] {
        var writer = TarWriter()
        for entry in entries {
            writer.append(
                path: entry.path, type: entry.type, mode: entry.mode, data: entry.data, linkTarget: entry.linkTarget)
        }
        if finished { writer.finish() }
        return writer.bytes
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        try GzipCompressor.compress(bytes, level: 6)
    }

    static func tarball(_ entries: [Entry]) throws -> [UInt8] {
        try gzip(tar(entries))
    }
}

/// A temporary folder holding the extraction destination and nothing else, so a test can prove
/// that nothing was written beside it.
final class Sandbox {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("pkg-archive-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var destination: String { root.appendingPathComponent("dest").path }

    /// Every path under the sandbox except the destination folder and what is inside it.
    func strayPaths() throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var stray: [String] = []
        while let next = enumerator?.nextObject() as? String {
            // Bytes, not Characters: `dest/` followed by a combining mark is still inside.
            if next != "dest" && !next.utf8.starts(with: "dest/".utf8) { stray.append(next) }
        }
        return stray
    }

    /// Every path under the destination, sorted.
    func extractedPaths() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: destination)
        var paths: [String] = []
        while let next = enumerator?.nextObject() as? String { paths.append(next) }
        return paths.sorted()
    }

    func mode(of relativePath: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: destination + "/" + relativePath)
        return (attributes[.posixPermissions] as? Int) ?? -1
    }
}

/// Runs the real npm, when there is one.
enum NPM {
    static var executable: String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/npm"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static var isAvailable: Bool {
        if executable == nil {
            print("skipping: npm is not on PATH, so there is no oracle to compare with")
            return false
        }
        return true
    }

    /// Runs `npm pack --json` in `folder` and returns the tarball bytes and npm's summary.
    static func pack(folder: URL, into destination: URL) async throws -> (bytes: [UInt8], summary: [String: Any]) {
        var environment = ProcessInfo.processInfo.environment
        environment["npm_config_cache"] = destination.appendingPathComponent(".npm-cache").path
        environment["npm_config_update_notifier"] = "false"
        environment["npm_config_fund"] = "false"
        environment["npm_config_audit"] = "false"
        let npm = try await ChildProcess.run(
            executable ?? "/usr/bin/npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination.path],
            in: folder.path, environment: environment
        )
        let data = npm.standardOutput
        guard npm.status == 0,
              let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]],
              let summary = list.first, let filename = summary["filename"] as? String
        else {
            throw NPMError.failed(String(decoding: data, as: UTF8.self))
        }
        let bytes = try Data(contentsOf: destination.appendingPathComponent(filename))
        return ([UInt8](bytes), summary)
    }

    enum NPMError: Error {
        case failed(String)
    }
}

/// A small package folder on disk: package.json with a root bin and a nested bin, sources,
/// a README, an executable script, a long path that needs the ustar prefix, and a non-ASCII name
/// that needs a pax header.
enum SamplePackage {
    static let longFolder = String(repeating: "deeply-nested-folder/", count: 6)

    static func write(to folder: URL) throws {
        let files: [(String, String, Int)] = [
            ("package.json", #"{"name":"sample","version":"1.2.3","bin":{"sample":"cli.js","other":"bin/other.js"},"main":"lib/index.js"}"# + "\n", 0o644),
            ("cli.js", "#!/usr/bin/env node\nconsole.log('hi')\n", 0o644),
            ("bin/other.js", "#!/usr/bin/env node\n", 0o644),
            ("lib/index.js", "module.exports = 42\n", 0o664),
            ("lib/z.JS", String(repeating: "z", count: 1500), 0o600),
            ("scripts/run.sh", "#!/bin/sh\necho run\n", 0o755),
            ("README.md", "# sample\n", 0o644),
            ("docs/a.md", "", 0o644),
            (longFolder + "file-with-a-long-name.txt", "long\n", 0o644),
            ("docs/caf\u{e9}.md", "non-ascii\n", 0o644),
            ("docs/" + String(repeating: "a", count: 120) + ".txt", "a basename too long for ustar\n", 0o644),
        ]
        for (path, text, mode) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        }
    }
}
