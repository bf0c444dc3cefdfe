import Foundation
import PkgModel
import PkgResolver
import PkgTestSupport
import Testing
@testable import PkgCore

/// Records, in order, when metadata answers arrive and when tarball fetches start, so a test can
/// see fetching overlap resolution.
private final class EventLog: Sendable {
    let events = LockedBox<[String]>([])
    func append(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

private struct RecordingSource: PackageSource {
    var inner: InMemoryPackageSource
    var log: EventLog

    func metadata(for name: String) async throws -> PackageMetadataResult {
        let result = try await inner.metadata(for: name)
        if name == "late" {
            // Answer only once some tarball is on its way: with pipelining one is, because `a` was
            // chosen already; without it none starts before resolution ends, and this gives up
            // after a patience long enough that only a missing pipeline, not a loaded machine
            // (a full-suite run once starved this task of a thread for over 20 s), exhausts it.
            let deadline = ContinuousClock.now + .seconds(300)
            while !log.all.contains(where: { $0.hasPrefix("tarball ") }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        log.append("metadata \(name)")
        return result
    }
}

private struct RecordingTarballs: TarballSource {
    var inner: MemoryTarballs
    var log: EventLog

    func fetchTarball(url: String, packageName: String, label: String, expectedIntegrity: String?, into staging: StagingArea) async throws -> FetchedTarball {
        log.append("tarball \(label)")
        return try await inner.fetchTarball(url: url, packageName: packageName, label: label, expectedIntegrity: expectedIntegrity, into: staging)
    }
}

/// A source that fails the test if anything asks it for metadata.
private struct ForbiddenSource: PackageSource {
    func metadata(for name: String) async throws -> PackageMetadataResult {
        Issue.record("metadata of `\(name)` was requested")
        return .notFound
    }
}

/// A tarball source that fails the test if anything is fetched.
private struct ForbiddenTarballs: TarballSource {
    func fetchTarball(url: String, packageName: String, label: String, expectedIntegrity: String?, into staging: StagingArea) async throws -> FetchedTarball {
        Issue.record("tarball `\(label)` was fetched")
        throw CancellationError()
    }
}

@Suite struct InstallPipelineTests {
    private static func url(_ name: String, _ version: String) -> String { "http://registry.test/\(name)/-/\(name)-\(version).tgz" }

    private static func manifest(
        _ name: String, _ version: String, dependencies: [String: String] = [:], optional: [String: String] = [:], os: [String] = []
    ) -> VersionMetadata {
        VersionMetadata(
            name: name, version: version, dependencies: dependencies, optionalDependencies: optional, os: os,
            tarball: url(name, version), integrity: StoreFixtures.integrity(url(name, version))
        )
    }

    private static func files(_ name: String, _ version: String) -> (String, [String: String]) {
        (url(name, version), ["package.json": #"{"name":"\#(name)","version":"\#(version)"}"#, "index.js": "module.exports = '\(name)'\n"])
    }

    /// app → a (→ b, optional native-other for another OS), late (metadata answered once a tarball fetch has started) → b.
    private struct Fixture {
        let directory = TestDirectory()
        let log = EventLog()
        let source: InMemoryPackageSource
        let tarballs: MemoryTarballs
        var project: String { directory.path + "/app" }

        init() {
            let foreign = HostPlatform.os == "linux" ? "darwin" : "linux"
            source = InMemoryPackageSource([
                InstallPipelineTests.manifest("a", "1.0.0", dependencies: ["b": "^1.0.0"], optional: ["native-other": "1.0.0"]),
                InstallPipelineTests.manifest("b", "1.0.0"),
                InstallPipelineTests.manifest("native-other", "1.0.0", os: [foreign]),
                InstallPipelineTests.manifest("late", "1.0.0", dependencies: ["b": "^1.0.0"]),
            ])
            tarballs = MemoryTarballs(packages: Dictionary(uniqueKeysWithValues: [
                InstallPipelineTests.files("a", "1.0.0"), InstallPipelineTests.files("b", "1.0.0"),
                InstallPipelineTests.files("native-other", "1.0.0"), InstallPipelineTests.files("late", "1.0.0"),
            ]))
            directory.write("app/package.json", #"{"name":"app","version":"1.0.0","dependencies":{"a":"^1.0.0","late":"^1.0.0"}}"#)
        }

        func installer(source: (any PackageSource)? = nil, tarballs: (any TarballSource)? = nil) -> Installer {
            Installer(
                projectDirectory: project, store: Store(cacheDirectory: directory.path + "/cache"),
                source: source ?? RecordingSource(inner: self.source, log: log),
                tarballs: tarballs ?? RecordingTarballs(inner: self.tarballs, log: log)
            )
        }
    }

    @Test func tarballsAreFetchedWhileResolutionIsStillRunning() async throws {
        let fixture = Fixture()
        let summary = try await fixture.installer().install(InstallOptions())
        #expect(summary.added == 3)
        let events = fixture.log.all
        let firstTarball = try #require(events.firstIndex { $0.hasPrefix("tarball ") })
        let lateMetadata = try #require(events.firstIndex(of: "metadata late"))
        #expect(firstTarball < lateMetadata, "a tarball was fetched before resolution ended: \(events)")
    }

    @Test func eachTarballIsFetchedOnceAndForeignOptionalsNever() async throws {
        let fixture = Fixture()
        _ = try await fixture.installer().install(InstallOptions())
        let fetched = fixture.tarballs.fetched.withLock { $0 }
        #expect(fetched.sorted() == [Self.url("a", "1.0.0"), Self.url("b", "1.0.0"), Self.url("late", "1.0.0")])
        #expect(fixture.directory.exists("app/node_modules/b/index.js"))
        #expect(!fixture.directory.exists("app/node_modules/native-other"))
        #expect(fixture.directory.read("app/pkg.lock")?.contains("native-other") == true, "the optional is locked, not installed")
    }

    @Test func withALockfileEveryLockedEntryIsFetchedOnce() async throws {
        let fixture = Fixture()
        _ = try await fixture.installer().install(InstallOptions())
        try FileManager.default.removeItem(atPath: fixture.project + "/node_modules")
        try FileManager.default.removeItem(atPath: fixture.directory.path + "/cache")
        let summary = try await fixture.installer(source: ForbiddenSource()).install(InstallOptions())
        #expect(summary.added == 3 && summary.downloaded == 3)
        #expect(fixture.tarballs.fetched.withLock { $0 }.count == 6)
    }

    @Test func aFailedSpeculativeFetchOfADroppedPackageIsNotAnError() async throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path + "/cache")
        var tarballs = Fixture().tarballs
        tarballs.tampered = [Self.url("a", "1.0.0")]
        let pipeline = TarballPipeline(store: store, tarballs: tarballs, concurrency: 2, offline: false)
        pipeline.prefetch(name: "a", metadata: Self.manifest("a", "1.0.0"))
        let b = ResolvedPackage(id: PackageID(name: "b", version: "1.0.0"), metadata: Self.manifest("b", "1.0.0"))
        let entry = try await pipeline.entry(for: b)
        #expect(entry.index.name == "b")
        await pipeline.finish()
        let a = try #require(StoreKey(integrity: StoreFixtures.integrity(Self.url("a", "1.0.0"))))
        #expect(store.entry(for: a) == nil, "nothing of the tampered tarball was stored")
        #expect(FileOperations.entries(of: store.root + "/tmp").isEmpty)
    }

    @Test func aNeededTarballThatFailedIntegrityIsEINTEGRITY() async throws {
        let directory = TestDirectory()
        let store = Store(cacheDirectory: directory.path + "/cache")
        var tarballs = Fixture().tarballs
        tarballs.tampered = [Self.url("a", "1.0.0")]
        let pipeline = TarballPipeline(store: store, tarballs: tarballs, concurrency: 2, offline: false)
        pipeline.prefetch(name: "a", metadata: Self.manifest("a", "1.0.0"))
        let a = ResolvedPackage(id: PackageID(name: "a", version: "1.0.0"), metadata: Self.manifest("a", "1.0.0"))
        await #expect { try await pipeline.entry(for: a) } throws: { ($0 as? InstallError)?.code == "EINTEGRITY" }
        await pipeline.finish()
        #expect(tarballs.fetched.withLock { $0 }.count == 1, "the failure is remembered, not retried")
    }

    @Test func aRepeatedInstallReadsNoMetadataAndFetchesNothing() async throws {
        let fixture = Fixture()
        _ = try await fixture.installer().install(InstallOptions())
        for frozen in [false, true] {
            var options = InstallOptions()
            options.frozenLockfile = frozen
            let summary = try await fixture.installer(source: ForbiddenSource(), tarballs: ForbiddenTarballs()).install(options)
            #expect(summary.upToDate && summary.unchanged == 3)
        }
    }

    @Test func theNoOpCheckComparesContentWhenOnlyTheTimeChanged() async throws {
        let fixture = Fixture()
        _ = try await fixture.installer().install(InstallOptions())
        let manifest = fixture.project + "/package.json"
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: manifest)
        let touched = try await fixture.installer(source: ForbiddenSource(), tarballs: ForbiddenTarballs()).install(InstallOptions())
        #expect(touched.upToDate)

        // Same size, different content: the check must not trust the size.
        fixture.directory.write("app/package.json", #"{"name":"app","version":"1.0.0","dependencies":{"a":"^1.0.0","late":"^1.0.1"}}"#)
        let state = try #require(InstallState.load(nodeModules: fixture.project + "/node_modules")?.inputs)
        let current = try #require(InstallInputs.current(
            manifestPath: manifest, lockfilePath: fixture.project + "/pkg.lock", settings: Installer.settingsStamp(InstallOptions())
        ))
        #expect(!current.matches(state, manifestPath: manifest, lockfilePath: fixture.project + "/pkg.lock"))
    }

    @Test func aDeletedFolderDefeatsTheNoOpCheck() async throws {
        let fixture = Fixture()
        _ = try await fixture.installer().install(InstallOptions())
        try FileManager.default.removeItem(atPath: fixture.project + "/node_modules/b")
        let summary = try await fixture.installer(source: ForbiddenSource()).install(InstallOptions())
        #expect(!summary.upToDate && summary.added == 1)
        #expect(fixture.directory.exists("app/node_modules/b/index.js"))
    }

    @Test func changedSettingsDefeatTheNoOpCheck() async throws {
        let fixture = Fixture()
        _ = try await fixture.installer().install(InstallOptions())
        var options = InstallOptions()
        options.omit = [.optional]
        #expect(Installer.settingsStamp(options) != Installer.settingsStamp(InstallOptions()))
    }
}
