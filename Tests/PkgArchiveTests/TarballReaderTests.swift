import Foundation
@testable import PkgArchive
import PkgModel
import Testing

@Suite struct TarballReaderTests {
    typealias Entry = TestTarballs.Entry

    private func inspect(_ entries: [Entry], limits: TarballLimits = .default) throws -> TarballInspection {
        try TarballReader(limits: limits).inspect(TestTarballs.tarball(entries))
    }

    @Test func readsManifestCountsAndEntries() throws {
        let inspection = try inspect([
            .directory("package/"),
            .manifest,
            .file("package/lib/index.js", "module.exports = 1\n", mode: 0o755),
            .file("package/empty.txt", ""),
        ])
        #expect(String(decoding: inspection.packageJSON, as: UTF8.self) == #"{"name":"demo","version":"1.0.0"}"#)
        #expect(inspection.fileCount == 3)
        #expect(!inspection.hasShrinkwrap)
        #expect(inspection.unpackedSize == 33 + 19)
        #expect(inspection.entries == [
            TarballEntry(path: "package.json", kind: .file, size: 33, mode: 0o644),
            TarballEntry(path: "lib/index.js", kind: .file, size: 19, mode: 0o755),
            TarballEntry(path: "empty.txt", kind: .file, size: 0, mode: 0o644),
        ])
    }

    @Test func agreesWithNPMPackOnFileCountAndUnpackedSize() async throws {
        guard NPM.isAvailable else { return }
        let sandbox = try Sandbox()
        let folder = sandbox.root.appendingPathComponent("sample")
        try SamplePackage.write(to: folder)
        let (bytes, summary) = try await NPM.pack(folder: folder, into: sandbox.root)
        let inspection = try TarballReader().inspect(bytes)
        #expect(inspection.fileCount == summary["entryCount"] as? Int)
        #expect(Int(inspection.unpackedSize) == summary["unpackedSize"] as? Int)
        let npmFiles = (summary["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(inspection.entries.map(\.path).sorted() == npmFiles.sorted())
        #expect(inspection.entries.contains { $0.path.hasPrefix(SamplePackage.longFolder) })
        #expect(inspection.entries.contains { $0.path == "docs/caf\u{e9}.md" })
    }

    // MARK: Hostile tarballs, one rule each

    @Test func refusesAbsolutePath() throws {
        #expect(throws: ArchiveError.unsafePath(entry: "/etc/passwd", rule: .absolute)) {
            try inspect([.manifest, .file("/etc/passwd")])
        }
    }

    @Test func refusesParentComponent() throws {
        #expect(throws: ArchiveError.unsafePath(entry: "package/../../escaped.txt", rule: .parentComponent)) {
            try inspect([.manifest, .file("package/../../escaped.txt")])
        }
    }

    @Test func refusesEntryOutsidePackageFolder() throws {
        #expect(throws: ArchiveError.outsidePackageFolder(entry: "other/index.js")) {
            try inspect([.manifest, .file("other/index.js")])
        }
    }

    @Test func refusesSymbolicLinkEvenInsideThePackage() throws {
        #expect(throws: ArchiveError.link(entry: "package/link", target: "index.js", kind: .symbolic, escapes: false)) {
            try inspect([.manifest, .file("package/index.js"), .symbolicLink("package/link", to: "index.js")])
        }
    }

    @Test func refusesHardLink() throws {
        #expect(throws: ArchiveError.link(entry: "package/hard", target: "/etc/passwd", kind: .hard, escapes: false)) {
            try inspect([.manifest, .hardLink("package/hard", to: "/etc/passwd")])
        }
    }

    @Test(arguments: [
        (TarWriter.TypeFlag.characterDevice, "character device"),
        (TarWriter.TypeFlag.blockDevice, "block device"),
        (TarWriter.TypeFlag.fifo, "FIFO"),
    ])
    func refusesSpecialFile(type: TarWriter.TypeFlag, kind: String) throws {
        #expect(throws: ArchiveError.specialFile(entry: "package/special", kind: kind)) {
            try inspect([.manifest, Entry(path: "package/special", type: type)])
        }
    }

    @Test func refusesDuplicatePackageJSON() throws {
        #expect(throws: ArchiveError.duplicateEntry(entry: "package/package.json")) {
            try inspect([.manifest, .file("package/package.json", #"{"name":"evil","version":"1.0.0"}"#)])
        }
    }

    @Test func refusesDuplicateOfAnyFile() throws {
        #expect(throws: ArchiveError.duplicateEntry(entry: "package/./index.js")) {
            try inspect([.manifest, .file("package/index.js"), .file("package/./index.js")])
        }
    }

    @Test func refusesCaseCollidingPackageJSON() throws {
        #expect(throws: ArchiveError.caseCollidingPackageJSON(entry: "package/PACKAGE.JSON", existing: "package/package.json")) {
            try inspect([.manifest, .file("package/PACKAGE.JSON", "{}")])
        }
    }

    @Test func refusesMissingPackageJSON() throws {
        #expect(throws: ArchiveError.missingPackageJSON) {
            try inspect([.file("package/Package.json", "{}"), .file("package/index.js")])
        }
    }

    @Test func refusesNonGzipInput() throws {
        let plainTar = TestTarballs.tar([.manifest])
        #expect(throws: ArchiveError.notGzip) { try TarballReader().inspect(plainTar) }
        #expect(throws: ArchiveError.notGzip) { try TarballReader().inspect([]) }
    }

    @Test func refusesGzipThatIsNotTar() throws {
        let gzippedText = try TestTarballs.gzip(Array(String(repeating: "hello ", count: 200).utf8))
        #expect(throws: ArchiveError.self) { try TarballReader().inspect(gzippedText) }
    }

    @Test func refusesSeveralGzipMembers() throws {
        // The first member holds a valid package; the second carries a different package.json.
        let first = TestTarballs.tar([.manifest], finished: false)
        let second = TestTarballs.tar([.file("package/package.json", #"{"name":"evil"}"#)])
        let bytes = try TestTarballs.gzip(first) + TestTarballs.gzip(second)
        #expect(throws: ArchiveError.multipleGzipMembers) { try TarballReader().inspect(bytes) }
    }

    @Test func refusesBytesAfterGzipStream() throws {
        let bytes = try TestTarballs.tarball([.manifest]) + Array("garbage".utf8)
        #expect(throws: ArchiveError.trailingDataAfterGzip(byteCount: 7)) { try TarballReader().inspect(bytes) }
    }

    @Test func refusesDataAfterEndOfTar() throws {
        var tar = TestTarballs.tar([.manifest])
        tar += TestTarballs.tar([.file("package/hidden.js", "evil()")])
        #expect(throws: ArchiveError.trailingDataAfterTar) { try TarballReader().inspect(TestTarballs.gzip(tar)) }
    }

    @Test func acceptsZeroPaddingAfterEndOfTar() throws {
        // GNU tar pads archives to a 10 KiB record with zeros.
        let tar = TestTarballs.tar([.manifest]) + [UInt8](repeating: 0, count: 8192)
        #expect(try TarballReader().inspect(TestTarballs.gzip(tar)).fileCount == 1)
    }

    @Test func refusesDamagedTarHeader() throws {
        var tar = TestTarballs.tar([.manifest, .file("package/a.js")])
        tar[1024 + 3] ^= 0xff // inside the second entry's name: its checksum no longer matches
        do {
            _ = try TarballReader().inspect(TestTarballs.gzip(tar))
            Issue.record("a damaged header was accepted")
        } catch let error as ArchiveError {
            guard case .corruptTar = error else {
                Issue.record("expected corruptTar, got \(error)")
                return
            }
        }
    }

    @Test func refusesTruncatedGzip() throws {
        let bytes = try TestTarballs.tarball([.manifest, .file("package/a.js", String(repeating: "abc", count: 999))])
        #expect(throws: ArchiveError.corruptGzip(reason: "the stream ends before the gzip trailer")) {
            try TarballReader().inspect(Array(bytes.prefix(bytes.count - 12)))
        }
    }

    @Test func refusesDecompressionBombByDeclaredSize() throws {
        let limits = TarballLimits(maxUnpackedSize: 1 << 20)
        let bomb = Entry(path: "package/zeros.bin", data: [UInt8](repeating: 0, count: 2 << 20))
        #expect(throws: ArchiveError.limitExceeded(
            entry: "package/zeros.bin", limit: .unpackedSize, value: 33 + (2 << 20), maximum: 1 << 20)) {
            try inspect([.manifest, bomb], limits: limits)
        }
    }

    @Test func refusesDecompressionBombOfPadding() throws {
        // A valid archive followed by megabytes of zeros: no entry is large, the stream is.
        let limits = TarballLimits(maxEntries: 10, maxUnpackedSize: 64 << 10)
        let tar = TestTarballs.tar([.manifest]) + [UInt8](repeating: 0, count: 4 << 20)
        #expect(throws: ArchiveError.self) { try TarballReader(limits: limits).inspect(TestTarballs.gzip(tar)) }
        do {
            _ = try TarballReader(limits: limits).inspect(TestTarballs.gzip(tar))
        } catch let error as ArchiveError {
            guard case .limitExceeded(_, .decompressedSize, _, _) = error else {
                Issue.record("expected the decompressed-size limit, got \(error)")
                return
            }
        }
    }

    @Test func refusesTooManyEntries() throws {
        let entries = [Entry.manifest] + (0..<5).map { Entry.file("package/f\($0).js") }
        #expect(throws: ArchiveError.limitExceeded(entry: "package/f3.js", limit: .entryCount, value: 5, maximum: 4)) {
            try inspect(entries, limits: TarballLimits(maxEntries: 4))
        }
    }

    @Test func refusesOversizedEntry() throws {
        #expect(throws: ArchiveError.limitExceeded(entry: "package/big.js", limit: .entrySize, value: 100, maximum: 50)) {
            try inspect([.manifest, .file("package/big.js", String(repeating: "b", count: 100))],
                        limits: TarballLimits(maxEntrySize: 50))
        }
    }

    @Test func errorsRenderWithCodeAndHint() {
        let error = ArchiveError.outsidePackageFolder(entry: "other/index.js")
        #expect(error.rendered() == """
            error TAR_ENTRY_INVALID: tar entry `other/index.js` is outside the `package/` folder

            hint: pack the package with `npm pack` or `pkg pack`, which write only regular files under `package/`
            """)
    }
}
