import Foundation
import NIOCore
import Testing
@testable import PkgRegistryServer
import PkgModel

@Suite struct FileSystemPackageStorageTests {
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-storage-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func recordsAndTarballsRoundTrip() async throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = try FileSystemPackageStorage(root: root)
        let name = try RegistryPackageName("@scope/name")
        #expect(try await storage.record(for: name) == nil)
        let record = PackageRecord(revision: 3, packument: JSONObject([("name", "@scope/name")]), publishedVersions: ["1.0.0"])
        try await storage.storeTarball([1, 2, 3], fileName: "name-1.0.0.tgz", for: name)
        try await storage.save(record, for: name)
        #expect(try await storage.record(for: name) == record)
        #expect(FileManager.default.fileExists(atPath: root + "/packages-v1/@scope/name/record.json"))
        guard case .bytes(let bytes)? = try await storage.tarball(fileName: "name-1.0.0.tgz", for: name) else {
            Issue.record("a small tarball is served from memory")
            return
        }
        #expect(Array(bytes.readableBytesView) == [1, 2, 3])
        #expect(FileManager.default.contents(atPath: root + "/packages-v1/@scope/name/name-1.0.0.tgz") == Data([1, 2, 3]))
        #expect(try await storage.packageNames() == [name])
        try await storage.removeTarball(fileName: "name-1.0.0.tgz", for: name)
        try await storage.removeTarball(fileName: "name-1.0.0.tgz", for: name)
        #expect(try await storage.tarball(fileName: "name-1.0.0.tgz", for: name) == nil)
    }

    @Test func publishedTarballsAreInMemoryUntilTheFileChanges() async throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = try FileSystemPackageStorage(root: root)
        let name = try RegistryPackageName("fresh")
        let shasum = Integrity.compute([1, 2, 3], algorithms: [.sha1]).sha1Hex ?? ""
        #expect(storage.tarballInMemory(fileName: "fresh-1.0.0.tgz", for: name, shasum: "") == nil)
        try await storage.storeTarball([1, 2, 3], fileName: "fresh-1.0.0.tgz", for: name)
        #expect(storage.tarballInMemory(fileName: "fresh-1.0.0.tgz", for: name, shasum: "").map { Array($0.readableBytesView) } == [1, 2, 3])
        let record = PackageRecord(revision: 1, packument: JSONObject([("name", "fresh")]), publishedVersions: ["1.0.0"])
        try await storage.save(record, for: name)
        #expect(storage.snapshotInMemory(for: name)?.record == record)
        // Replaced behind the storage's back: the memory copy answers only for the listed shasum
        // it hashes to (those are the listed bytes, whatever the file holds), never for another.
        let path = root + "/packages-v1/fresh/fresh-1.0.0.tgz"
        FileManager.default.createFile(atPath: path + ".new", contents: Data([7, 7, 7]))
        #expect(rename(path + ".new", path) == 0)
        #expect(storage.tarballInMemory(fileName: "fresh-1.0.0.tgz", for: name, shasum: "") == nil)
        #expect(storage.tarballInMemory(fileName: "fresh-1.0.0.tgz", for: name, shasum: String(repeating: "0", count: 40)) == nil)
        #expect(storage.tarballInMemory(fileName: "fresh-1.0.0.tgz", for: name, shasum: shasum).map { Array($0.readableBytesView) } == [1, 2, 3])
        guard case .bytes(let bytes)? = try await storage.tarball(fileName: "fresh-1.0.0.tgz", for: name) else {
            Issue.record("a small tarball is read into memory")
            return
        }
        #expect(Array(bytes.readableBytesView) == [7, 7, 7])
    }

    @Test func readsAreCachedUntilTheFileChangesOnDisk() async throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = try FileSystemPackageStorage(root: root)
        let name = try RegistryPackageName("cached")
        try await storage.save(PackageRecord(revision: 1, packument: JSONObject([("name", "cached")]), publishedVersions: []), for: name)
        let first = try #require(try await storage.snapshot(for: name))
        #expect(try await storage.snapshot(for: name)?.generation == first.generation)

        // Another writer replaces the file the way AtomicFile does (write elsewhere, rename over).
        let replaced = PackageRecord(revision: 2, packument: JSONObject([("name", "cached")]), publishedVersions: ["1.0.0"])
        let path = root + "/packages-v1/cached/record.json"
        FileManager.default.createFile(atPath: path + ".new", contents: Data(replaced.json.serializedBytes))
        #expect(rename(path + ".new", path) == 0)
        let second = try #require(try await storage.snapshot(for: name))
        #expect(second.record == replaced)
        #expect(second.generation != first.generation)

        try await storage.save(PackageRecord(revision: 3, packument: nil, publishedVersions: ["1.0.0"]), for: name)
        let third = try #require(try await storage.snapshot(for: name))
        #expect(third.record.revision == 3)
        #expect(third.generation != second.generation)

        try FileManager.default.removeItem(atPath: path)
        #expect(try await storage.snapshot(for: name) == nil)
    }

    @Test func theFastPathRechecksARecordOncePerInterval() async throws {
        for (interval, seesTheChange) in [(Duration.zero, true), (Duration.seconds(3600), false)] {
            let root = Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let storage = try FileSystemPackageStorage(root: root, recordRecheckInterval: interval)
            let name = try RegistryPackageName("rechecked")
            let first = PackageRecord(revision: 1, packument: JSONObject([("name", "rechecked")]), publishedVersions: [])
            try await storage.save(first, for: name)
            #expect(storage.snapshotInMemory(for: name)?.record == first)
            // Replaced behind the server's back: noticed at the next check, not before.
            let replaced = PackageRecord(revision: 2, packument: JSONObject([("name", "rechecked")]), publishedVersions: ["1.0.0"])
            let path = root + "/packages-v1/rechecked/record.json"
            _ = FileManager.default.createFile(atPath: path + ".new", contents: Data(replaced.json.serializedBytes))
            #expect(rename(path + ".new", path) == 0)
            #expect(storage.snapshotInMemory(for: name)?.record == (seesTheChange ? nil : first))
            // The router's read always checks, and what it loads is what the fast path sees next.
            #expect(try await storage.snapshot(for: name)?.record == replaced)
            #expect(storage.snapshotInMemory(for: name)?.record == replaced)
        }
    }

    @Test func largeTarballsStreamFromDiskAndChangedOnesAreReadAgain() async throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = try FileSystemPackageStorage(root: root, largestCachedTarball: 4)
        let name = try RegistryPackageName("files")
        try await storage.storeTarball([1, 2, 3, 4, 5], fileName: "big.tgz", for: name)
        guard case .file(_, let size)? = try await storage.tarball(fileName: "big.tgz", for: name) else {
            Issue.record("a tarball over the limit is streamed from its file")
            return
        }
        #expect(size == 5)

        try await storage.storeTarball([1, 2], fileName: "small.tgz", for: name)
        guard case .bytes(let before)? = try await storage.tarball(fileName: "small.tgz", for: name) else {
            Issue.record("small tarball not served from memory")
            return
        }
        #expect(Array(before.readableBytesView) == [1, 2])
        try await storage.storeTarball([7, 8, 9], fileName: "small.tgz", for: name)
        guard case .bytes(let after)? = try await storage.tarball(fileName: "small.tgz", for: name) else {
            Issue.record("small tarball not served from memory")
            return
        }
        #expect(Array(after.readableBytesView) == [7, 8, 9])
    }

    @Test func startRemovesLeftoverTemporaryFiles() throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/tmp/crashed.tmp", contents: Data([0]))
        _ = try FileSystemPackageStorage(root: root)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/tmp").isEmpty)
    }

    @Test func corruptRecordsAreErrorsNotCrashes() async throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = try FileSystemPackageStorage(root: root)
        try FileManager.default.createDirectory(atPath: root + "/packages-v1/bad", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/packages-v1/bad/record.json", contents: Data("{\"formatVersion\":1".utf8))
        let name = try RegistryPackageName("bad")
        await #expect(throws: StorageError.self) { try await storage.record(for: name) }
    }

    @Test func writersOfOnePackageAreSerialized() async throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = try FileSystemPackageStorage(root: root)
        let name = try RegistryPackageName("counter")
        // Read-modify-write 40 times concurrently: without the lock, increments are lost.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await storage.withWriteLock(on: name) {
                        var record = try await storage.record(for: name) ?? PackageRecord(revision: 0, packument: nil, publishedVersions: [])
                        await Task.yield()
                        record.revision += 1
                        try await storage.save(record, for: name)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await storage.record(for: name)?.revision == 40)
    }
}

/// Names, paths, globs, rate limits, log redaction and digests as the server applies them.
@Suite struct RegistryRulesTests {
    @Test func latestIsTheHighestRelease() {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0"]
        #expect(DistTags.recomputedLatest(among: ordered.shuffled()) == "2.0.0")
        #expect(DistTags.recomputedLatest(among: ["1.0.0", "2.0.0-rc.1", "1.5.0"]) == "1.5.0")
        #expect(DistTags.recomputedLatest(among: ["2.0.0-rc.1", "2.0.0-rc.2"]) == "2.0.0-rc.2")
    }

    @Test(arguments: ["left-pad", "@scope/name", "a.b_c-d", "x"])
    func validNames(name: String) throws {
        #expect(try RegistryPackageName(name).rawValue == name)
        try RegistryPackageName(name).validateForNewPackage()
    }

    @Test(arguments: ["", ".hidden", "_private", "@scope", "@/x", "@s/", "a b", "a/b", "../x", "node_modules", "caf\u{e9}"])
    func invalidNames(name: String) {
        #expect(throws: RegistryError.self) { try RegistryPackageName(name) }
    }

    @Test(arguments: ["Upper", "JSONStream", "buffer", "punycode", String(repeating: "a", count: 215)])
    func namesOnlyOldPackagesMayHave(name: String) throws {
        #expect(try RegistryPackageName(name).rawValue == name)
        #expect(throws: RegistryError.self) { try RegistryPackageName(name).validateForNewPackage() }
    }

    @Test func packagePathsAcceptAllThreeSpellings() throws {
        for raw in ["/@s/n", "/@s%2fn", "/@s%2Fn", "/%40s%2fn"] {
            #expect(try PackagePath(rawPath: raw) == PackagePath(name: try RegistryPackageName("@s/n"), target: .packument))
        }
        #expect(try PackagePath(rawPath: "/@s/n/-/n-1.0.0.tgz").target == .tarball(fileName: "n-1.0.0.tgz"))
        #expect(try PackagePath(rawPath: "/n/-/n-1.0.0.tgz/-rev/3-a").target == .tarballRevision(fileName: "n-1.0.0.tgz", revision: "3-a"))
        #expect(try PackagePath(rawPath: "/n/-rev/3-a").target == .revision("3-a"))
        #expect(try PackagePath(rawPath: "/n/latest").target == .version("latest"))
        #expect(throws: RegistryError.self) { try PackagePath(rawPath: "/n/%zz") }
        #expect(throws: RegistryError.self) { try PackagePath(rawPath: "/n/a/b") }
    }

    @Test func globsMatchLikeVerdaccio() {
        #expect(AccessRules.glob("@private/*", matches: "@private/x"))
        #expect(!AccessRules.glob("@private/*", matches: "@other/x"))
        #expect(AccessRules.glob("@*/*", matches: "@a/b"))
        #expect(!AccessRules.glob("*", matches: "@a/b"))
        #expect(AccessRules.glob("**", matches: "@a/b"))
        #expect(AccessRules.glob("left-?ad", matches: "left-pad"))
        let rules = AccessRules([AccessRule(pattern: "internal-*", access: ["$authenticated"], publish: ["alice", "bob"], unpublish: ["alice"])])
        #expect(!rules.allows(.access, on: "internal-a", user: nil))
        #expect(rules.allows(.access, on: "internal-a", user: "zed"))
        #expect(rules.allows(.unpublish, on: "internal-a", user: "alice"))
        #expect(!rules.allows(.unpublish, on: "internal-a", user: "bob"))
        #expect(rules.allows(.access, on: "public", user: nil))
        #expect(!rules.allows(.publish, on: "public", user: nil))
    }

    @Test func rateLimiterWindows() async {
        final class Clock: @unchecked Sendable { var now = Date(timeIntervalSince1970: 0) }
        let clock = Clock()
        let limiter = LoginRateLimiter(maximumFailures: 2, window: 10, now: { clock.now })
        await limiter.recordFailure(keys: ["user:a"])
        #expect(await limiter.retryAfter(keys: ["user:a"]) == nil)
        await limiter.recordFailure(keys: ["user:a"])
        #expect(await limiter.retryAfter(keys: ["user:a"]) == 10)
        #expect(await limiter.retryAfter(keys: ["user:b"]) == nil)
        clock.now = Date(timeIntervalSince1970: 10)
        #expect(await limiter.retryAfter(keys: ["user:a"]) == nil)
    }

    @Test func logPathsNeverCarryTokens() {
        #expect(RequestLogMiddleware.redacted(path: "/-/user/token/pkg_secret") == "/-/user/token/[REDACTED]")
        #expect(RequestLogMiddleware.redacted(path: "/left-pad") == "/left-pad")
    }

    @Test func digestsMatchSubresourceIntegrity() {
        let digests = TarballDigests(of: Array("hello".utf8))
        #expect(digests.shasum == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")
        #expect(digests.matches(subresourceIntegrity: digests.integrity))
        #expect(digests.matches(subresourceIntegrity: "sha1-qvTGHdzF6KLavt4PO0gs2a6pQ00="))
        #expect(!digests.matches(subresourceIntegrity: "sha512-AAAA"))
        #expect(!digests.matches(subresourceIntegrity: "md5-xyz"))
    }
}
