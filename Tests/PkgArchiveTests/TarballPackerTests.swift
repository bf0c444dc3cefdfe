import Foundation
@testable import PkgArchive
import Testing

@Suite struct TarballPackerTests {
    @Test func matchesNPMPackByteForByteAfterDecompression() async throws {
        guard NPM.isAvailable else { return }
        let sandbox = try Sandbox()
        let folder = sandbox.root.appendingPathComponent("sample")
        try SamplePackage.write(to: folder)
        let (npmBytes, summary) = try await NPM.pack(folder: folder, into: sandbox.root)
        let npmFiles = (summary["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        let files = npmFiles.reversed().map { TarballPacker.File(path: $0, sourcePath: folder.appendingPathComponent($0).path) }
        let packed = try TarballPacker(binTargets: ["cli.js", "./bin/other.js"]).pack(files)

        let ours = try GzipCompressor.decompress(packed.bytes)
        let theirs = try GzipCompressor.decompress(npmBytes)
        #expect(ours.count == theirs.count)
        if let difference = zip(ours, theirs).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("tar bytes differ first at offset \(difference.offset) (block \(difference.offset / 512))")
        }
        #expect(Array(packed.bytes.prefix(10)) == Array(npmBytes.prefix(10)), "gzip header")
        #expect(packed.fileCount == summary["entryCount"] as? Int)
        #expect(Int(packed.unpackedSize) == summary["unpackedSize"] as? Int)
    }

    @Test func writesNPMHeaderFieldsAndModes() throws {
        let sandbox = try Sandbox()
        let source = sandbox.root.appendingPathComponent("cli.js")
        try Data("x".utf8).write(to: source)
        try FileManager.default.setAttributes([.posixPermissions: 0o664], ofItemAtPath: source.path)
        let packed = try TarballPacker(binTargets: ["cli.js"]).pack([.init(path: "cli.js", sourcePath: source.path)])
        let tar = try GzipCompressor.decompress(packed.bytes)
        #expect(tar.count == 512 * 4)
        func field(_ offset: Int, _ length: Int) -> [UInt8] { Array(tar[offset..<offset + length]) }
        #expect(field(0, 15) == Array("package/cli.js\u{0}".utf8))
        #expect(field(100, 8) == Array("000755 \u{0}".utf8))
        #expect(field(108, 16) == [UInt8](repeating: 0, count: 16), "uid and gid are not written")
        #expect(field(124, 12) == Array("0000000001 \u{0}".utf8))
        #expect(field(136, 12) == Array("3560116604 \u{0}".utf8))
        #expect(field(257, 8) == Array("ustar\u{0}00".utf8))
        #expect(field(265, 64) == [UInt8](repeating: 0, count: 64), "uname and gname are empty")
        #expect(field(329, 16) == Array("000000 \u{0}000000 \u{0}".utf8))
        #expect(Array(tar[1024...]) == [UInt8](repeating: 0, count: 1024))
        #expect(Array(packed.bytes.prefix(10)) == [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff])
        #expect(packed.entries == [TarballEntry(path: "cli.js", kind: .file, size: 1, mode: 0o755)])
    }

    @Test func readsBackWithTheRegistryReader() throws {
        let sandbox = try Sandbox()
        try SamplePackage.write(to: sandbox.root)
        let paths = ["package.json", "cli.js", "lib/index.js", "README.md", SamplePackage.longFolder + "file-with-a-long-name.txt", "docs/caf\u{e9}.md"]
        let packed = try TarballPacker().pack(paths.map { .init(path: $0, sourcePath: sandbox.root.appendingPathComponent($0).path) })
        let inspection = try TarballReader().inspect(packed.bytes)
        #expect(inspection.entries == packed.entries)
        #expect(inspection.unpackedSize == packed.unpackedSize)
    }

    @Test func sortsAsNPMPacklistDoes() {
        let paths = ["README.md", "package.json", "lib/z.JS", "docs/a.md", "bin/cli.js", "Readme.old", "LICENSE", "lib/main.js"]
        #expect(paths.sorted(by: TarballPacker.npmOrder) == [
            "LICENSE", "bin/cli.js", "lib/main.js", "lib/z.JS", "package.json", "docs/a.md", "README.md", "Readme.old",
        ])
    }

    @Test func namesTarballsAsNPMPackDoes() {
        #expect(TarballPacker.filename(name: "left-pad", version: "1.3.0") == "left-pad-1.3.0.tgz")
        #expect(TarballPacker.filename(name: "@scope/pkg", version: "2.0.0-beta.1") == "scope-pkg-2.0.0-beta.1.tgz")
    }

    @Test func onlyRootBinsBecomeExecutable() {
        let packer = TarballPacker(binTargets: ["cli.js", "bin/other.js"])
        #expect(packer.isPackageBin("cli.js"))
        #expect(!packer.isPackageBin("bin/other.js"))
    }

    @Test(arguments: ["/abs.js", "a/../b.js", "a//b.js", "./a.js", ""])
    func refusesUnsafePaths(path: String) {
        #expect(throws: ArchiveError.self) {
            try TarballPacker().pack([.init(path: path, sourcePath: "/dev/null")])
        }
    }

    @Test func refusesSourceThatIsNotARegularFile() {
        #expect(throws: ArchiveError.specialFile(entry: "/dev/null", kind: "not a regular file")) {
            try TarballPacker().pack([.init(path: "null", sourcePath: "/dev/null")])
        }
    }
}
