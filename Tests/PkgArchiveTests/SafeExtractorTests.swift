import Foundation
@testable import PkgArchive
import PkgModel
import Testing

@Suite struct SafeExtractorTests {
    typealias Entry = TestTarballs.Entry

    /// Extracts into a fresh sandbox, expecting `error`, and checks that nothing landed beside
    /// the destination.
    private func expectRefusal(_ error: ArchiveError, _ entries: [Entry], limits: TarballLimits = .default) throws {
        try expectRefusal(error, bytes: TestTarballs.tarball(entries), limits: limits)
    }

    /// Both layouts refuse the same tarballs with the same error: the store (flat) must never
    /// take what `node_modules` (a tree) could not hold.
    private func expectRefusal(_ error: ArchiveError, bytes: [UInt8], limits: TarballLimits = .default) throws {
        for layout in [SafeExtractor.Layout.tree, .flat] {
            let sandbox = try Sandbox()
            #expect(throws: error, "\(layout)") {
                try SafeExtractor(limits: limits, layout: layout).extract(bytes, into: sandbox.destination)
            }
            #expect(try sandbox.strayPaths() == [])
        }
    }

    // MARK: Happy paths

    @Test func extractsNPMPackTarballLikeNPM() async throws {
        guard NPM.isAvailable else { return }
        let sandbox = try Sandbox()
        let folder = sandbox.root.appendingPathComponent("sample")
        try SamplePackage.write(to: folder)
        let (bytes, summary) = try await NPM.pack(folder: folder, into: sandbox.root)
        var observed: [UInt8] = []
        let result = try SafeExtractor().extract(bytes, into: sandbox.destination) { observed += $0 }
        #expect(observed == bytes)
        #expect(result.compressedSize == Int64(bytes.count))
        #expect(result.fileCount == summary["entryCount"] as? Int)
        #expect(Int(result.unpackedSize) == summary["unpackedSize"] as? Int)
        #expect(result.skippedEntries == [])
        let npmFiles = (summary["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        let extractedFiles = sandbox.extractedPaths().filter { path in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: sandbox.destination + "/" + path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }
        #expect(extractedFiles == npmFiles.sorted())
        for path in npmFiles {
            let original = try Data(contentsOf: folder.appendingPathComponent(path))
            let extracted = try Data(contentsOf: URL(fileURLWithPath: sandbox.destination + "/" + path))
            #expect(original == extracted, "\(path)")
        }
        // npm packs cli.js as a root bin (0o755), keeps run.sh executable, and drops group write.
        #expect(try sandbox.mode(of: "cli.js") == 0o755)
        #expect(try sandbox.mode(of: "scripts/run.sh") == 0o755)
        #expect(try sandbox.mode(of: "lib/index.js") == 0o644)
        #expect(try sandbox.mode(of: "lib/z.JS") == 0o644)
        #expect(try sandbox.mode(of: "bin/other.js") == 0o644)
    }

    @Test func stripsAnyTopLevelFolderName() throws {
        let sandbox = try Sandbox()
        let bytes = try TestTarballs.tarball([
            .file("node-v1/package.json", "{}"),
            .directory("node-v1/lib/"),
            .file("node-v1/lib/a.js", "a"),
            .file("README", "beside the folder"),
        ])
        let result = try SafeExtractor().extract(bytes, into: sandbox.destination)
        #expect(sandbox.extractedPaths() == ["lib", "lib/a.js", "package.json"])
        #expect(result.skippedEntries == ["README"])
    }

    @Test func extractsFromFileAndFromSource() throws {
        let sandbox = try Sandbox()
        let bytes = try TestTarballs.tarball([.manifest, .file("package/big.bin", String(repeating: "0123456789", count: 50_000))])
        let tarballPath = sandbox.root.appendingPathComponent("t.tgz").path
        try Data(bytes).write(to: URL(fileURLWithPath: tarballPath))
        let fromFile = try SafeExtractor().extract(fileAt: tarballPath, into: sandbox.root.appendingPathComponent("a").path)
        #expect(fromFile.unpackedSize == 33 + 500_000)
        // A source that hands over one byte at a time exercises every refill path.
        struct Trickle: TarballByteSource {
            var bytes: [UInt8]
            var offset = 0
            mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                guard offset < bytes.count, !buffer.isEmpty else { return 0 }
                buffer[0] = bytes[offset]
                offset += 1
                return 1
            }
        }
        var source = Trickle(bytes: bytes)
        let trickled = try SafeExtractor().extract(from: &source, into: sandbox.root.appendingPathComponent("b").path)
        #expect(trickled == fromFile)
        let big = try Data(contentsOf: sandbox.root.appendingPathComponent("b/big.bin"))
        #expect(big.count == 500_000)
    }

    @Test func extractsChunksPushedFromAnotherThread() throws {
        let sandbox = try Sandbox()
        let bytes = try TestTarballs.tarball([.manifest, .file("package/data.txt", String(repeating: "chunk ", count: 40_000))])
        let channel = TarballChunkChannel()
        let producer = Thread {
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + 1000, bytes.count)
                channel.send(bytes[offset..<end])
                offset = end
            }
            channel.finish()
        }
        producer.start()
        var source = channel
        var observed: [UInt8] = []
        let summary = try SafeExtractor().extract(from: &source, into: sandbox.destination) { observed += $0 }
        #expect(summary.unpackedSize == 33 + 240_000)
        #expect(observed == bytes)
    }

    @Test func channelFailureStopsTheExtraction() throws {
        struct DownloadFailed: Error, Equatable {}
        let sandbox = try Sandbox()
        let bytes = try TestTarballs.tarball([.manifest])
        let channel = TarballChunkChannel()
        channel.send(bytes.prefix(10))
        channel.fail(DownloadFailed())
        var source = channel
        #expect(throws: DownloadFailed()) { try SafeExtractor().extract(from: &source, into: sandbox.destination) }
        channel.close()
        #expect(channel.send([1, 2, 3]) == false)
    }

    @Test func laterDuplicateReplacesEarlierAsNPMDoes() throws {
        let sandbox = try Sandbox()
        let bytes = try TestTarballs.tarball([.file("package/a.js", "first"), .file("package/a.js", "second")])
        _ = try SafeExtractor().extract(bytes, into: sandbox.destination)
        #expect(try String(contentsOfFile: sandbox.destination + "/a.js", encoding: .utf8) == "second")
    }

    @Test func masksSetuidSetgidAndStickyBits() throws {
        let sandbox = try Sandbox()
        let bytes = try TestTarballs.tarball([
            .file("package/suid", "x", mode: 0o6777),
            .file("package/sticky", "x", mode: 0o1600),
        ])
        _ = try SafeExtractor().extract(bytes, into: sandbox.destination)
        #expect(try sandbox.mode(of: "suid") == 0o755)
        #expect(try sandbox.mode(of: "sticky") == 0o644)
    }

    @Test func skipsLinksThatStayInside() throws {
        let sandbox = try Sandbox()
        let bytes = try TestTarballs.tarball([
            .file("package/lib/a.js"),
            .symbolicLink("package/lib/b.js", to: "../lib/a.js"),
            .hardLink("package/c.js", to: "package/lib/a.js"),
        ])
        let result = try SafeExtractor().extract(bytes, into: sandbox.destination)
        #expect(result.skippedEntries == ["package/lib/b.js", "package/c.js"])
        #expect(sandbox.extractedPaths() == ["lib", "lib/a.js"])
    }

    @Test func neverWritesThroughALinkAlreadyInTheDestination() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.destination, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.destination + "/lib", withDestinationPath: sandbox.root.path)
        #expect(throws: ArchiveError.pathCollision(entry: "package/lib/escaped.js", reason: "`lib` is not a folder")) {
            try SafeExtractor().extract(TestTarballs.tarball([.file("package/lib/escaped.js")]), into: sandbox.destination)
        }
        #expect(try sandbox.strayPaths() == [])
    }

    // MARK: Hostile tarballs, one rule each

    @Test func refusesAbsolutePath() throws {
        let sandbox = try Sandbox()
        let target = sandbox.root.appendingPathComponent("absolute.txt").path
        #expect(throws: ArchiveError.unsafePath(entry: target, rule: .absolute)) {
            try SafeExtractor().extract(TestTarballs.tarball([.manifest, .file(target)]), into: sandbox.destination)
        }
        #expect(try sandbox.strayPaths() == [])
    }

    @Test func refusesParentComponent() throws {
        try expectRefusal(.unsafePath(entry: "package/../../escaped.txt", rule: .parentComponent),
                          [.manifest, .file("package/../../escaped.txt")])
    }

    @Test func refusesSymbolicLinkEscape() throws {
        try expectRefusal(.link(entry: "package/out", target: "../../", kind: .symbolic, escapes: true),
                          [.manifest, .symbolicLink("package/out", to: "../../"), .file("package/out/escaped.txt")])
        try expectRefusal(.link(entry: "package/etc", target: "/etc", kind: .symbolic, escapes: true),
                          [.symbolicLink("package/etc", to: "/etc")])
    }

    @Test func refusesHardLinkEscape() throws {
        try expectRefusal(.link(entry: "package/passwd", target: "/etc/passwd", kind: .hard, escapes: true),
                          [.manifest, .hardLink("package/passwd", to: "/etc/passwd")])
        try expectRefusal(.link(entry: "package/up", target: "package/../../secret", kind: .hard, escapes: true),
                          [.hardLink("package/up", to: "package/../../secret")])
    }

    @Test func refusesDeviceFile() throws {
        try expectRefusal(.specialFile(entry: "package/null", kind: "character device"),
                          [.manifest, Entry(path: "package/null", type: .characterDevice)])
        try expectRefusal(.specialFile(entry: "package/disk", kind: "block device"),
                          [Entry(path: "package/disk", type: .blockDevice)])
    }

    @Test func refusesFIFO() throws {
        try expectRefusal(.specialFile(entry: "package/pipe", kind: "FIFO"),
                          [.manifest, Entry(path: "package/pipe", type: .fifo)])
    }

    @Test func refusesDecompressionBomb() throws {
        // 64 MiB of zeros compresses to about 64 KiB; the header's size is refused before writing.
        let bomb = Entry(path: "package/zeros.bin", data: [UInt8](repeating: 0, count: 64 << 20))
        try expectRefusal(
            .limitExceeded(entry: "package/zeros.bin", limit: .unpackedSize, value: 64 << 20, maximum: 16 << 20),
            [bomb], limits: TarballLimits(maxUnpackedSize: 16 << 20))
    }

    @Test func refusesTooManyEntries() throws {
        let entries = (0..<6).map { Entry.file("package/f\($0).js") }
        try expectRefusal(.limitExceeded(entry: "package/f5.js", limit: .entryCount, value: 6, maximum: 5),
                          entries, limits: TarballLimits(maxEntries: 5))
    }

    @Test func refusesSeveralGzipMembers() throws {
        let first = TestTarballs.tar([.manifest], finished: false)
        let second = TestTarballs.tar([.file("package/package.json", #"{"name":"evil"}"#)])
        try expectRefusal(.multipleGzipMembers, bytes: TestTarballs.gzip(first) + TestTarballs.gzip(second))
    }

    @Test func refusesDataAfterEndOfTar() throws {
        let tar = TestTarballs.tar([.manifest]) + TestTarballs.tar([.file("package/hidden.js", "evil()")])
        try expectRefusal(.trailingDataAfterTar, bytes: TestTarballs.gzip(tar))
    }

    @Test func refusesNonGzipInput() throws {
        try expectRefusal(.notGzip, bytes: TestTarballs.tar([.manifest]))
    }

    @Test func refusesBackslashPaths() throws {
        try expectRefusal(.unsafePath(entry: "package/..\\..\\evil.js", rule: .backslash),
                          [.file("package/..\\..\\evil.js")])
    }

    /// Paths are split and checked byte by byte: a `/` or `\` followed by a combining mark is one
    /// `Character` that is neither, and a `Character` split once turned `package//\u{301}x` into
    /// the component `/\u{301}x`, which the tree layout opened as an absolute path.
    @Test func separatorsFollowedByACombiningMarkAreStillSeparators() throws {
        let escapee = "/\u{301}pkg-escape-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: escapee) }
        for layout in [SafeExtractor.Layout.tree, .flat] {
            let sandbox = try Sandbox()
            let summary = try SafeExtractor(layout: layout).extract(
                TestTarballs.tarball([.manifest, .file("package/" + escapee, "x")]), into: sandbox.destination)
            #expect(!FileManager.default.fileExists(atPath: escapee), "\(layout) wrote outside the destination")
            #expect(summary.files.contains { $0.path == String(escapee.unicodeScalars.dropFirst()) }, "\(layout): \(summary.files.map(\.path))")
            #expect(try sandbox.strayPaths() == [])
        }
        try expectRefusal(.unsafePath(entry: "package/a\\\u{301}b.js", rule: .backslash), [.file("package/a\\\u{301}b.js")])
        try expectRefusal(.unsafePath(entry: "package/x/../\u{301}", rule: .parentComponent), [.file("package/x/../\u{301}")])
    }

    @Test func refusesFileWhereAFolderMustGo() throws {
        try expectRefusal(.pathCollision(entry: "package/a/b.js", reason: "`a` is not a folder"),
                          [.file("package/a"), .file("package/a/b.js")])
        try expectRefusal(.pathCollision(entry: "package/a/", reason: "`a` is not a folder"),
                          [.file("package/a"), .directory("package/a/")])
        try expectRefusal(.pathCollision(entry: "package/x/y/z.js", reason: "`x/y` is not a folder"),
                          [.file("package/x/y"), .file("package/x/y/z.js")])
    }

    @Test func refusesFolderWhereAFileMustGo() throws {
        try expectRefusal(.pathCollision(entry: "package/a", reason: "something other than a file is already at its path"),
                          [.file("package/a/b.js"), .file("package/a")])
        try expectRefusal(.pathCollision(entry: "package/lib", reason: "something other than a file is already at its path"),
                          [.directory("package/lib/"), .file("package/lib")])
    }

    // MARK: The flat layout

    @Test func flatLayoutWritesNumberedFilesAndNoFolders() throws {
        let sandbox = try Sandbox()
        let bytes = try TestTarballs.tarball([
            .manifest, .directory("package/lib/"), .file("package/lib/deep/a.js", "a"),
            .file("package/bin/cli.js", "#!/usr/bin/env node\n", mode: 0o755), .file("package/lib/deep/a.js", "again"),
        ])
        let summary = try SafeExtractor(fileDigest: .sha256, layout: .flat).extract(bytes, into: sandbox.destination)
        #expect(summary.files.map(\.path) == ["package.json", "lib/deep/a.js", "bin/cli.js"])
        #expect(summary.files.map(\.storedName) == ["0", "1", "2"])
        #expect(sandbox.extractedPaths() == ["0", "1", "2"], "no folders, one file per path")
        #expect(try String(contentsOfFile: sandbox.destination + "/1", encoding: .utf8) == "again", "the later entry wins")
        #expect(summary.files[1].size == 5 && summary.files[1].digest == Integrity.compute(Array("again".utf8), algorithms: [.sha256]).description)
        #expect(try sandbox.mode(of: "2") == 0o755)
        // A tree extraction of the same bytes records the same paths, sizes, modes and digests.
        let tree = try Sandbox()
        let treeSummary = try SafeExtractor(fileDigest: .sha256).extract(bytes, into: tree.destination)
        #expect(treeSummary.files.map { [$0.path, "\($0.size)", "\($0.mode)", $0.digest ?? ""] }
            == summary.files.map { [$0.path, "\($0.size)", "\($0.mode)", $0.digest ?? ""] })
        #expect(treeSummary.files.allSatisfy { $0.storedName == nil })
    }
}
