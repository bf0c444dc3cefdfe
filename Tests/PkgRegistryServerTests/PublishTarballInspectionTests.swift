import Foundation
import PkgTestSupport
import Testing
@testable import PkgRegistryServer
import PkgModel

@Suite struct PublishTarballInspectionTests {
    typealias Entry = TestTarball.Entry
    static let manifest = Entry(path: "package/package.json", text: #"{"name":"t","version":"1.0.0"}"#)

    @Test func readsPackageJSONAndCounts() throws {
        let tarball = TestTarball.gzip(TestTarball.tar([
            Entry(path: "package/", type: "5"), Self.manifest, Entry(path: "package/lib/a.js", text: "abc"),
            Entry(path: "package/npm-shrinkwrap.json", text: "{}"),
        ]))
        let inspection = try PublishTarballInspection(tarball: tarball, unpackedLimit: 1 << 20)
        #expect(String(decoding: inspection.packageJSON, as: UTF8.self) == #"{"name":"t","version":"1.0.0"}"#)
        #expect(inspection.fileCount == 3)
        #expect(inspection.unpackedSize == 30 + 3 + 2)
        #expect(inspection.hasShrinkwrap)
    }

    /// A tarball made by the system's `tar` and `gzip -9`: real Huffman-coded deflate.
    @Test func readsRealCompressedTarballs() throws {
        let inspection = try PublishTarballInspection(tarball: RealPackageTarball.bytes, unpackedLimit: 1 << 24)
        let json = try JSONValue.parseStrict(inspection.packageJSON)
        #expect(json["name"] == "real-package")
        #expect(inspection.fileCount == 3)
    }

    static let hostile: [(String, [UInt8], String)] = [
        ("symlink", TestTarball.gzip(TestTarball.tar([manifest, Entry(path: "package/l", type: "2", linkName: "/etc/passwd")])), "link"),
        ("hard link", TestTarball.gzip(TestTarball.tar([manifest, Entry(path: "package/h", type: "1", linkName: "package/package.json")])), "link"),
        ("device", TestTarball.gzip(TestTarball.tar([manifest, Entry(path: "package/dev", type: "3")])), "only files and folders"),
        ("outside package/", TestTarball.gzip(TestTarball.tar([manifest, Entry(path: "other/x.js", text: "x")])), "outside the `package/` folder"),
        ("parent traversal", TestTarball.gzip(TestTarball.tar([manifest, Entry(path: "package/../../x.js", text: "x")])), "refused"),
        ("absolute path", TestTarball.gzip(TestTarball.tar([manifest, Entry(path: "/package/x.js", text: "x")])), "refused"),
        ("duplicate package.json", TestTarball.gzip(TestTarball.tar([manifest, manifest])), "more than once"),
        ("case-colliding package.json", TestTarball.gzip(TestTarball.tar([Entry(path: "package/PACKAGE.json", text: "{}"), manifest])), "collides"),
        ("case-colliding after", TestTarball.gzip(TestTarball.tar([manifest, Entry(path: "package/Package.json", text: "{}")])), "collides"),
        ("two gzip members", TestTarball.gzip(TestTarball.tar([manifest])) + TestTarball.gzip(TestTarball.tar([manifest])), "several gzip members"),
        ("trailing bytes", TestTarball.gzip(TestTarball.tar([manifest])) + [1, 2, 3], "unexpected bytes after"),
        ("data after the tar end", TestTarball.gzip(TestTarball.tar([manifest]) + [UInt8](repeating: 7, count: 512)), "after the end of its tar archive"),
        ("no package.json", TestTarball.gzip(TestTarball.tar([Entry(path: "package/index.js", text: "x")])), "no `package/package.json`"),
        ("truncated", Array(TestTarball.gzip(TestTarball.tar([manifest])).dropLast(5)), "gzip"),
        ("not gzip", Array("plain text, not a tarball".utf8), "gzip"),
        ("corrupt crc", { var bytes = TestTarball.gzip(TestTarball.tar([manifest])); bytes[bytes.count - 6] ^= 0xFF; return bytes }(), "gzip"),
    ]

    @Test(arguments: hostile.map(\.0))
    func refusesHostileTarballs(label: String) throws {
        let (_, tarball, fragment) = try #require(Self.hostile.first { $0.0 == label })
        do {
            _ = try PublishTarballInspection(tarball: tarball, unpackedLimit: 1 << 20)
            Issue.record("\(label) was accepted")
        } catch {
            guard case .invalidTarball(let message) = error else {
                Issue.record("\(label): unexpected \(error)")
                return
            }
            #expect(message.contains(fragment), "\(label): \(message)")
        }
    }

    @Test func boundsUnpackedSize() {
        let bomb = TestTarball.gzip(TestTarball.tar([Self.manifest, Entry(path: "package/big", contents: [UInt8](repeating: 0, count: 100_000))]))
        #expect(throws: RegistryError.self) { try PublishTarballInspection(tarball: bomb, unpackedLimit: 50_000) }
    }
}
