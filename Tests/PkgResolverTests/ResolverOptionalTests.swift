import PkgModel
import PkgResolver
import PkgTestSupport
import Testing

@Suite struct ResolverOptionalTests {
    static let linux = ResolutionOptions(platform: Platform(os: "linux", cpu: "x64", libc: "glibc"))

    @Test func optionalDependencyForAnotherPlatformIsLockedButSkipped() async throws {
        let source = InMemoryPackageSource([
            manifest("a@1.0.0", optionalDependencies: ["fsevents": "^2.0.0"]), manifest("fsevents@2.3.0", os: ["darwin"]),
        ])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"], options: Self.linux))
        #expect(installed(resolution) == ["a@1.0.0", "fsevents@2.3.0"])
        #expect(resolution.skippedOptional == [PackageID(name: "fsevents", version: "2.3.0")])
        #expect(resolution.packagesToInstall().map(\.description) == ["a@1.0.0"])
        #expect(resolution.warnings.map { $0.rendered(severity: .warning) } == ["""
            warn EOPTIONALSKIPPED: Skipped optional dependency `fsevents@^2.0.0` of `a@1.0.0`
              `fsevents@2.3.0` does not support this platform: wanted os darwin, current os linux cpu x64
            """])
    }

    /// `pkg ci` takes the lockfile's graph without resolving: it must skip the same packages.
    @Test func aLockedGraphSkipsForeignOptionalsAndWhatOnlyTheyNeed() async throws {
        let source = InMemoryPackageSource([
            manifest("a@1.0.0", dependencies: ["shared": "^1.0.0"], optionalDependencies: ["fsevents": "^2.0.0"]),
            manifest("fsevents@2.3.0", dependencies: ["only-fsevents": "^1.0.0", "shared": "^1.0.0"], os: ["darwin"]),
            manifest("only-fsevents@1.0.0"), manifest("shared@1.0.0"),
        ])
        // Resolved for every platform, as a lockfile made anywhere holds them all.
        let everywhere = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"]))
        #expect(everywhere.packagesToInstall().count == 4)
        let locked = Resolution.locked(everywhere.graph, options: Self.linux)
        #expect(locked.packagesToInstall().map(\.description) == ["a@1.0.0", "shared@1.0.0"])
        let resolved = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"], options: Self.linux))
        #expect(locked.skippedOptional == resolved.skippedOptional)
        #expect(Resolution.locked(everywhere.graph, options: ResolutionOptions(platform: nil)).packagesToInstall().count == 4)
    }

    @Test func aLockedGraphSkipsOptionalsTheRunningNodeDoesNotSupport() async throws {
        let source = InMemoryPackageSource([
            manifest("a@1.0.0", optionalDependencies: ["native": "^1.0.0"]),
            manifest("native@1.0.0", engines: ["node": ">=22"]),
        ])
        let everywhere = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"]))
        #expect(everywhere.packagesToInstall().count == 2)
        let node20 = ResolutionOptions(platform: nil, nodeVersion: "20.20.2")
        #expect(Resolution.locked(everywhere.graph, options: node20).packagesToInstall().map(\.description) == ["a@1.0.0"])
        let resolved = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"], options: node20))
        #expect(resolved.packagesToInstall().map(\.description) == ["a@1.0.0"])
    }

    @Test func aRequiredPackageForAnotherPlatformIsEBADPLATFORM() async {
        let source = InMemoryPackageSource([manifest("winonly@1.0.0", os: ["win32"])])
        #expect(await failure(source, ResolutionRequest(dependencies: ["winonly": "^1.0.0"], options: Self.linux)) == """
            error EBADPLATFORM: Unsupported platform for `winonly@1.0.0`
              root requires winonly@^1.0.0
              wanted os win32, current os linux cpu x64

            hint: install on a supported platform, or ask the dependent to make it an optional dependency
            """)
    }

    @Test func optionalDependencyWhoseMetadataFailsIsSkipped() async throws {
        let source = InMemoryPackageSource([manifest("a@1.0.0", optionalDependencies: ["flaky": "^1.0.0"])], failingNames: ["flaky"])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"]))
        #expect(render(resolution.graph) == """
            root a@^1.0.0 -> a@1.0.0
            a@1.0.0 flaky@^1.0.0 (optional) -> none
            """)
        #expect(resolution.warnings.map { $0.rendered(severity: .warning) } == ["""
            warn EOPTIONALSKIPPED: Skipped optional dependency `flaky@^1.0.0` of `a@1.0.0`
              Could not fetch the metadata of `flaky`
            """])
    }

    @Test func aFailureInsideAnOptionalSubtreeDropsTheWholeSubtree() async throws {
        let source = InMemoryPackageSource([
            manifest("o@1.0.0", dependencies: ["x": "^9.0.0", "y": "^1.0.0"]), manifest("x@1.0.0"), manifest("y@1.0.0"),
        ])
        let resolution = try await resolve(source, ResolutionRequest(optionalDependencies: ["o": "^1.0.0"]))
        #expect(render(resolution.graph) == "root o@^1.0.0 (optional) -> none")
        #expect(resolution.graph.packages.isEmpty)
        #expect(resolution.warnings.map { $0.rendered(severity: .warning) } == ["""
            warn EOPTIONALSKIPPED: Skipped optional dependency `o@^1.0.0` of the root project
              No matching version found for `x@^9.0.0`
            """])
    }

    @Test func bundledDependenciesAreNotResolved() async throws {
        var bundler = manifest("b@1.0.0", dependencies: ["inside": "^1.0.0", "outside": "^1.0.0"])
        bundler.bundleDependencies = ["inside"]
        let source = InMemoryPackageSource([bundler, manifest("outside@1.0.0")])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["b": "^1.0.0"]))
        #expect(render(resolution.graph) == """
            root b@^1.0.0 -> b@1.0.0
            b@1.0.0 outside@^1.0.0 -> outside@1.0.0
            """)
    }
}
