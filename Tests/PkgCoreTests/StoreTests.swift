import Foundation
import PkgArchive
import PkgModel
import PkgTestSupport
import Testing
@testable import PkgCore

@Suite struct StoreTests {
    @Test func keyUsesTheStrongestHashInHex() throws {
        let sha1 = "sha1-" + Data(repeating: 1, count: 20).base64EncodedString()
        let sha512 = "sha512-" + Data(repeating: 0xab, count: 64).base64EncodedString()
        let key = try #require(StoreKey(integrity: sha1 + " " + sha512))
        #expect(key.algorithm == "sha512")
        #expect(key.hexDigest == String(repeating: "ab", count: 64))
        #expect(key.relativePath == "sha512/ab/" + String(repeating: "ab", count: 63))
        #expect(StoreKey(integrity: sha1)?.algorithm == "sha1")
    }

    @Test(arguments: ["", "md5-AAAA", "sha512-!!!", "sha512"])
    func keyRejectsUnusableIntegrity(text: String) {
        #expect(StoreKey(integrity: text) == nil)
    }

    @Test func cacheDirectoryPrecedence() {
        let environment = ["HOME": "/home/u", "PKG_CACHE_DIR": "/env"]
        #expect(Store.cacheDirectory(flag: "/flag", environment: environment, npmrcCache: "/rc") == "/flag")
        #expect(Store.cacheDirectory(flag: nil, environment: environment, npmrcCache: "/rc") == "/env")
        #expect(Store.cacheDirectory(flag: nil, environment: ["HOME": "/home/u"], npmrcCache: "/rc") == "/rc")
        #expect(Store.cacheDirectory(flag: nil, environment: ["HOME": "/home/u"], npmrcCache: nil) == "/home/u/.cache/pkg")
        #expect(Store(cacheDirectory: "/c").root == "/c/store-v2")
    }

    @Test func commitIndexesFilesAndMakesBinsExecutable() throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path)
        let entry = try StoreFixtures.entry(
            store, name: "tool", version: "1.0.0",
            files: ["cli.js": "#!/usr/bin/env node\n", "lib/a.js": "module.exports = 1\n"],
            extra: #","bin":{"tool":"./cli.js","evil":"../../../etc/passwd"}"#
        )
        #expect(entry.index.files.map(\.path) == ["cli.js", "lib/a.js", "package.json"])
        #expect(entry.index.bin == ["tool": "cli.js"], "a bin whose target is not a file of the package is dropped")
        #expect(entry.index.name == "tool" && entry.index.version == "1.0.0")
        let cli = try #require(entry.index.files.first { $0.path == "cli.js" })
        let attributes = try FileManager.default.attributesOfItem(atPath: entry.path(of: cli))
        #expect((attributes[.posixPermissions] as? Int ?? 0) & 0o111 == 0o111)
        // Flat: the entry holds its index and the files under their stored names, no folders.
        #expect(Set(FileOperations.entries(of: entry.directory)) == Set(["index.json"] + entry.index.files.map(\.storedName)))
        #expect(entry.index.files.map(\.storedName).sorted() == ["0", "1", "2"])
        #expect(store.entry(for: entry.key) == entry)
        #expect(store.keys() == [entry.key])
        #expect(FileOperations.entries(of: store.root + "/tmp").isEmpty, "staging folder was renamed away")
    }

    /// The extractor's record of what it wrote (what installs from a registry commit with) must
    /// be the index that reading the folder gives.
    @Test func theExtractorsFileRecordIsTheIndexReadingTheFolderGives() throws {
        let tarball = TestTarball.gzip(TestTarball.tar([
            .init(path: "package/package.json", text: #"{"name":"x","version":"1.0.0","bin":{"x":"bin/x.js"}}"#),
            .init(path: "package/lib/", type: "5"),
            .init(path: "package/lib/a.js", text: "first\n"),
            .init(path: "package/bin/x.js", text: "#!/usr/bin/env node\n"),
            .init(path: "package/lib/deep/b.js", text: ""),
            .init(path: "package/lib/a.js", text: "second, longer\n"),
            .init(path: "package/link", type: "2", linkName: "lib/a.js"),
        ]))
        let integrity = Integrity.compute(tarball, algorithms: [.sha512]).description
        let key = try #require(StoreKey(integrity: integrity))
        var entries: [StoreEntry] = []
        // Extracted flat as installs do, extracted as a tree with and without a record.
        for (layout, recorded) in [(SafeExtractor.Layout.flat, true), (.tree, true), (.tree, false)] {
            let directory = TestDirectory()
            let store = Store(cacheDirectory: directory.path)
            let staging = try store.makeStagingArea()
            let summary = try SafeExtractor(fileDigest: recorded ? FileHasher.algorithm : nil, layout: layout)
                .extract(tarball, into: layout == .flat ? staging.directory : staging.packageDirectory)
            let files = summary.files.map {
                StoreFile(path: $0.path, size: Int($0.size), mode: $0.mode, digest: $0.digest, storedName: $0.storedName ?? "")
            }
            if recorded {
                #expect(files.map(\.path) == ["package.json", "lib/a.js", "bin/x.js", "lib/deep/b.js"], "archive order, last write kept once")
            } else {
                #expect(files.allSatisfy { $0.digest == nil })
            }
            let entry = try store.commit(staging, key: key, integrity: integrity, files: recorded ? files : nil)
            for file in entry.index.files {
                #expect(FileManager.default.contents(atPath: entry.path(of: file))?.count == file.size)
            }
            #expect(!FileOperations.exists(entry.directory + "/package"), "the tree was moved flat")
            entries.append(entry)
        }
        // Stored names depend on how the files arrived; everything else is the same.
        let indexes = entries.map { entry in
            var index = entry.index
            index.files = index.files.map { var file = $0; file.storedName = ""; return file }
            return index
        }
        #expect(indexes[0] == indexes[1] && indexes[1] == indexes[2])
        #expect(indexes[0].files.first { $0.path == "lib/a.js" }?.size == 15)
        #expect(indexes[0].bin == ["x": "bin/x.js"])
    }

    @Test func indexJSONRoundTripsAndReadsWhatJSONEncoderWrote() throws {
        let index = StoreIndex(
            integrity: "sha512-abc", name: "@s/x", version: "1.0.0",
            files: [
                StoreFile(path: "bin/x.js", size: 3, mode: 0o755, digest: "sha256-q", storedName: "0"),
                StoreFile(path: "a\"b", size: 0, mode: 0o644, digest: nil, storedName: "1"),
            ],
            bin: ["x": "bin/x.js", "b": "a\"b"], hasInstallScript: true
        )
        #expect(StoreIndex(decoding: index.encoded()) == index)
        // The exact bytes: compact, keys sorted, `digest`, `name` and `version` only when present.
        #expect(String(decoding: index.encoded(), as: UTF8.self) == #"{"bin":{"b":"a\"b","x":"bin/x.js"},"files":[{"digest":"sha256-q","mode":493,"name":"0","path":"bin/x.js","size":3},{"mode":420,"name":"1","path":"a\"b","size":0}],"formatVersion":2,"hasInstallScript":true,"integrity":"sha512-abc","name":"@s/x","version":"1.0.0"}"#)
        let unnamed = StoreIndex(integrity: "sha1-z", name: nil, version: nil, files: [], bin: [:], hasInstallScript: false)
        #expect(StoreIndex(decoding: unnamed.encoded()) == unnamed)
        #expect(!String(decoding: unnamed.encoded(), as: UTF8.self).contains("name"))
        // Escaped slashes, as Foundation's JSONEncoder wrote them, read the same.
        let escaped = #"{"bin":{"x":"bin\/x.js"},"files":[{"digest":"sha256-q","mode":493,"name":"0","path":"bin\/x.js","size":3}],"formatVersion":2,"hasInstallScript":false,"integrity":"sha512-abc","name":"x","version":"1.0.0"}"#
        let decoded = try #require(StoreIndex(decoding: Array(escaped.utf8)))
        #expect(decoded.files == [StoreFile(path: "bin/x.js", size: 3, mode: 0o755, digest: "sha256-q", storedName: "0")] && decoded.bin == ["x": "bin/x.js"])
        // A store-v1 index (tree entries, no stored names), a stored name that could leave the
        // entry, and damaged documents are not entries.
        let version1 = escaped.replacingOccurrences(of: #""formatVersion":2"#, with: #""formatVersion":1"#)
        let escaping = escaped.replacingOccurrences(of: #""name":"0""#, with: #""name":"..\/..\/x""#)
        let withoutName = escaped.replacingOccurrences(of: #""name":"0","#, with: "")
        for broken in ["", "{}", #"{"formatVersion":2}"#, String(escaped.dropLast()), version1, escaping, withoutName] {
            #expect(StoreIndex(decoding: Array(broken.utf8)) == nil)
        }
    }

    @Test func uncommittedStagingIsNotAnEntry() throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path)
        let staging = try store.makeStagingArea()
        FileManager.default.createFile(atPath: staging.packageDirectory + "/package.json", contents: Data("{}".utf8))
        let key = try #require(StoreKey(integrity: StoreFixtures.integrity("half")))
        // An install interrupted here leaves only tmp/, which no lookup sees.
        #expect(store.entry(for: key) == nil)
        #expect(store.keys().isEmpty)
        _ = try store.verify()
        #expect(!FileOperations.exists(staging.directory))
    }

    @Test func cleanRemovesTheStoreAndEarlierLayouts() throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path)
        _ = try StoreFixtures.entry(store, name: "a", version: "1.0.0")
        directory.write("store-v1/packages/sha512/ab/cd/package/index.js", "old layout")
        directory.write("metadata-v2/a", "not the store")
        try store.clean()
        #expect(!directory.exists("store-v2") && !directory.exists("store-v1"))
        #expect(directory.exists("metadata-v2/a"), "only store folders go")
    }

    @Test func discardRemovesEverything() throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path)
        let staging = try store.makeStagingArea()
        staging.discard()
        #expect(!FileOperations.exists(staging.directory))
    }

    @Test func verifyRemovesDamagedEntriesOnly() throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path)
        let sound = try StoreFixtures.entry(store, name: "sound", version: "1.0.0", files: ["index.js": "1"])
        let edited = try StoreFixtures.entry(store, name: "edited", version: "1.0.0", files: ["index.js": "abc"])
        let truncated = try StoreFixtures.entry(store, name: "truncated", version: "1.0.0", files: ["index.js": "abc"])
        // Same size, different bytes: only the digest notices.
        func stored(_ entry: StoreEntry, _ path: String) throws -> String {
            entry.path(of: try #require(entry.index.files.first { $0.path == path }))
        }
        FileManager.default.createFile(atPath: try stored(edited, "index.js"), contents: Data("xyz".utf8))
        FileManager.default.createFile(atPath: try stored(truncated, "index.js"), contents: Data())
        let result = try store.verify()
        #expect(result.checked == 3)
        #expect(result.damaged[edited.key] == ["content changed: index.js"])
        #expect(result.damaged[truncated.key] == ["size changed: index.js (3 → 0 bytes)"])
        #expect(result.damaged[sound.key] == nil)
        #expect(store.keys() == [sound.key])
    }
}
