import Foundation
import PkgTestSupport
import PkgModel
import Testing

@Suite struct IntegrityTests {
    // Vectors computed with node's crypto (`crypto.createHash(a).update(s).digest("base64")`).
    static let vectors: [(text: String, algorithm: IntegrityAlgorithm, digest: String)] = [
        ("", .sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk="),
        ("", .sha256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
        ("", .sha384, "OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"),
        ("", .sha512, "z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="),
        ("hello world\n", .sha1, "IlljY7PeQLBvmB+4XYIxLowO1RE="),
        ("hello world\n", .sha256, "qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A+4XSmaGSpEc="),
        ("hello world\n", .sha384, "aztp/wpATyjXXpigZtP8ZP/9mUCHDMaL7OKFRbmnUIazQ9ehNmg4CD5Ljzym/TyA"),
        ("hello world\n", .sha512, "2zl0qX8kB7fK4a5jfAAwaHoRkTJ01XhJJVjjnBbAF96E6s3Ixi/jTuThK0sUKIF/Cbaidgw/imZM6ulNJDSlkw=="),
        ("abc", .sha512, "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="),
    ]

    @Test func computesKnownVectors() {
        for vector in Self.vectors {
            let integrity = Integrity.compute(Array(vector.text.utf8), algorithms: [vector.algorithm])
            #expect(integrity.description == "\(vector.algorithm.rawValue)-\(vector.digest)", "\(vector)")
        }
    }

    @Test func computesSeveralAlgorithmsAtOnceInTheGivenOrder() {
        let integrity = Integrity.compute(Array("abc".utf8), algorithms: [.sha512, .sha1])
        #expect(integrity.description == "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw== sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
    }

    @Test func streamedChunksGiveTheSameDigestAsOneBuffer() throws {
        var bytes = [UInt8](repeating: 0, count: 1_000_003)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        let expected = try Integrity("sha512-3OMiSm438XS2Btm5N/UoqCmhOwcVEcCR2RX/1xEIPo8pwhBY3BJ0dB3jKi9Cr9r0ylGIaneLoWA4/hmzhNJ6jQ==")
        var hasher = try IntegrityHasher(verifying: expected)
        var offset = 0
        var chunk = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            if chunk % 2 == 0 {
                bytes[offset..<end].withUnsafeBytes { hasher.update($0) }
            } else {
                hasher.update(bytes[offset..<end])
            }
            offset = end
            chunk = chunk * 3 + 1
        }
        #expect(hasher.byteCount == bytes.count)
        #expect(try hasher.verify(against: expected) == expected)
    }

    @Test func verifyUsesTheStrongestAlgorithmOfTheExpectedValue() throws {
        // A wrong sha1 next to a right sha512 still verifies: npm only checks the strongest.
        let expected = try Integrity("sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA= sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==")
        var hasher = try IntegrityHasher(verifying: expected)
        #expect(hasher.algorithms == [.sha512])
        hasher.update(Array("abc".utf8))
        #expect(throws: Never.self) { try hasher.verify(against: expected) }
    }

    @Test func verifiesAShasumWhileComputingSha512ForTheLockfile() throws {
        let expected = try Integrity(sha1Hex: "a9993e364706816aba3e25717850c26c9cd0d89d")
        var hasher = try IntegrityHasher(verifying: expected, alsoComputing: [.sha512, .sha1])
        #expect(hasher.algorithms == [.sha1, .sha512])
        hasher.update(Array("abc".utf8))
        let actual = try hasher.verify(against: expected)
        #expect(actual.strongest?.description == "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==")
    }

    @Test func mismatchIsEINTEGRITYWithExpectedAndActual() throws {
        let expected = try Integrity("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
        var hasher = try IntegrityHasher(verifying: expected)
        hasher.update(Array("abd".utf8))
        do {
            try hasher.verify(against: expected, subject: "tarball for `left-pad@1.3.0`")
            Issue.record("expected a mismatch")
        } catch {
            #expect(error.code == "EINTEGRITY")
            #expect(error.rendered() == """
                error EINTEGRITY: tarball for `left-pad@1.3.0` does not match its expected integrity
                  expected sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=, got sha1-y0zCjfD9vg7PnZZi4pSxGAkqVzU= (3 bytes)

                hint: verify the registry has not been tampered with, then clear the cache and retry
                """)
        }
    }

    @Test func verifyingWithOnlyUnknownAlgorithmsIsRefused() throws {
        let expected = try Integrity("md5-1B2M2Y8AsgTpgAmY7PhCfg==")
        #expect(throws: IntegrityError.unsupportedAlgorithms(expected)) { try IntegrityHasher(verifying: expected) }
    }

    @Test func noCommonAlgorithmIsAMismatch() throws {
        var hasher = IntegrityHasher(algorithms: [.sha256])
        hasher.update(Array("abc".utf8))
        let expected = try Integrity("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
        #expect(throws: IntegrityError.self) { try hasher.verify(against: expected) }
    }

    @Test func parsesSeveralHashesGroupedByAlgorithmWithOptions() throws {
        let integrity = try Integrity("  sha1-a?x sha512-b?foo?bar\n\tsha1-c  md5-d ")
        #expect(integrity.description == "sha1-a?x sha1-c sha512-b?foo?bar md5-d")
        #expect(integrity.hashes[2].options == ["foo", "bar"])
        #expect(integrity.strongest == IntegrityHash(algorithm: "sha512", digest: "b", options: ["foo", "bar"]))
        #expect(integrity.algorithms == [.sha1, .sha512])
        #expect(integrity.hashes.last?.knownAlgorithm == nil)
    }

    @Test func dropsUnparsableEntriesAndRejectsAStringWithNone() throws {
        #expect(try Integrity("SHA512-x sha512-ok nodash").description == "sha512-ok")
        #expect(throws: IntegrityError.invalidIntegrity("  ")) { try Integrity("  ") }
        #expect(throws: IntegrityError.self) { try Integrity("sha512-?opt") }
        #expect(throws: IntegrityError.self) { try Integrity("-abc") }
    }

    @Test func strictModeAcceptsOnlySpecifiedAlgorithmsAndBase64() throws {
        let sha512 = "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
        #expect(try Integrity("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0= \(sha512)", strict: true).description == sha512)
        #expect(throws: IntegrityError.self) { try Integrity("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", strict: true) }
        #expect(throws: IntegrityError.self) { try Integrity("sha512-short", strict: true) }
        #expect(try Integrity(sha512 + "?opt", strict: true).hashes[0].options == ["opt"])
    }

    @Test func convertsLegacyShasum() throws {
        let integrity = try Integrity(sha1Hex: "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(integrity.description == "sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
        #expect(integrity.sha1Hex == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(try Integrity(sha1Hex: "A9993E364706816ABA3E25717850C26C9CD0D89D") == integrity)
        #expect(throws: IntegrityError.invalidShasum("abc")) { try Integrity(sha1Hex: "abc") }
        #expect(throws: IntegrityError.self) { try Integrity(sha1Hex: String(repeating: "g", count: 40)) }
    }

    @Test func buildsFromHashesGroupedByAlgorithm() {
        let integrity = Integrity(hashes: [
            IntegrityHash(algorithm: "sha1", digest: "a"), IntegrityHash(algorithm: "sha512", digest: "b"),
            IntegrityHash(algorithm: "sha1", digest: "c"),
        ])
        #expect(integrity.description == "sha1-a sha1-c sha512-b")
        #expect(IntegrityHash(algorithm: "sha1", digest: "not base64!").hexDigest == nil)
        #expect(IntegrityHash(algorithm: "sha512", digest: "x", options: ["a", "b"]).description == "sha512-x?a?b")
    }

    @Test func matchesComparesOnlyTheStrongestCommonAlgorithm() throws {
        let a = try Integrity("sha1-x sha512-y")
        #expect(a.matches(try Integrity("sha512-y sha1-other")))
        #expect(!a.matches(try Integrity("sha512-z sha1-x")))
        #expect(a.matches(try Integrity("sha1-x")))
        #expect(!a.matches(try Integrity("sha256-x")))
        #expect(a.matches(try Integrity("sha512-q sha512-y")))
    }

    /// Differential test against the ssri shipped inside npm on this machine.
    @Test func parsingAgreesWithSsri() async throws {
        guard let ssri = DocumentsNodeOracle.npmModule("ssri") else {
            print("skipping parsingAgreesWithSsri: node or npm's ssri is not installed")
            return
        }
        let sha512 = "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
        let inputs = [
            "sha512-\(sha512)", "sha1-abc sha512-\(sha512)?a?b", " \tsha1-a\nsha256-b sha1-c ", "md5-x", "SHA1-x",
            "sha512-?x", "sha512-a?", "sha512-a??b", "sha3-256-abc", "a-b-c", "-", "", "nodash", "sha1-",
            "sha512-\(sha512)?opt sha384-\(sha512.prefix(64))", "sha256-\(String(repeating: "A", count: 43))=",
            "sha256-\(String(repeating: "A", count: 43))", "sha512-\(sha512)?é", "sha512-\(sha512)x?y", "x1-a z2-b x1-c",
            // Every ASCII whitespace byte separates (the byte-level split), and so does Unicode whitespace.
            "sha1-a\r\u{0B}\u{0C}sha256-b", "sha1-a\u{00A0}sha256-b", "sha1-a\u{2028}sha1-b\u{3000}", "sha1-é sha1-b",
        ]
        let script = """
            const ssri = require(process.argv[1]);
            const inputs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
            const out = inputs.map(s => [false, true].map(strict => { const p = ssri.parse(s, {strict}); return p ? p.toString() : null }));
            process.stdout.write(JSON.stringify(out));
            """
        let output = try await DocumentsNodeOracle.run(script: script, arguments: [ssri], input: JSONSerialization.data(withJSONObject: inputs))
        let expected = try #require(JSONSerialization.jsonObject(with: output) as? [[Any]])
        for (input, oracle) in zip(inputs, expected) {
            for (index, strict) in [false, true].enumerated() {
                let ours = try? Integrity(input, strict: strict).description
                #expect(ours == oracle[index] as? String, "input \(input.debugDescription) strict=\(strict)")
            }
        }
    }
}

/// Finds node and npm's bundled modules so oracle tests can skip cleanly where they are absent.
enum DocumentsNodeOracle {
    static var node: String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/node"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func npmModule(_ name: String) -> String? {
        guard let node else { return nil }
        let candidates = [
            URL(fileURLWithPath: node).resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("../lib/node_modules/npm/node_modules/\(name)").standardized.path,
            "/usr/lib/node_modules/npm/node_modules/\(name)",
            "/usr/local/lib/node_modules/npm/node_modules/\(name)",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/package.json") }
    }

    static func run(script: String, arguments: [String], input: Data) async throws -> Data {
        try await ChildProcess.run(node ?? "/usr/bin/node", ["-e", script] + arguments, input: input).standardOutput
    }
}

@Suite struct HexEncodingTests {
    @Test func matchesPrintfFormattingForEveryByte() {
        let every = (0...255).map { UInt8($0) }
        #expect(HexEncoding.lowercase(every) == every.map { String(format: "%02x", $0) }.joined())
        #expect(HexEncoding.lowercase([UInt8]()) == "")
    }
}
