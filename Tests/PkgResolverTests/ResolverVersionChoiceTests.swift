import PkgModel
import PkgResolver
import PkgTestSupport
import Testing

@Suite struct ResolverVersionChoiceTests {
    @Test func latestTagWinsWhenItSatisfiesEvenIfHigherVersionsExist() async throws {
        let source = InMemoryPackageSource(
            [manifest("a@1.0.0"), manifest("a@2.0.0")], distTags: ["a": ["latest": "1.0.0"]]
        )
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": ">=1"]))
        #expect(installed(resolution) == ["a@1.0.0"])
    }

    @Test func highestSatisfyingVersionWhenLatestDoesNotSatisfy() async throws {
        let source = InMemoryPackageSource([manifest("a@1.0.0"), manifest("a@1.4.0"), manifest("a@2.0.0")])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"]))
        #expect(installed(resolution) == ["a@1.4.0"])
    }

    @Test func prereleasesMatchOnlyRangesThatNameThem() async throws {
        let source = InMemoryPackageSource([manifest("a@1.0.0"), manifest("a@1.1.0-beta.1")])
        let plain = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"]))
        #expect(installed(plain) == ["a@1.0.0"])
        let named = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.1.0-beta.0"]))
        #expect(installed(named) == ["a@1.1.0-beta.1"])
        let excluded = await failure(source, ResolutionRequest(dependencies: ["a": ">1.0.0"]))
        #expect(excluded.hasPrefix("error ETARGET: No matching version found for `a@>1.0.0`"))
        let included = try await resolve(
            source, ResolutionRequest(dependencies: ["a": ">1.0.0"], options: ResolutionOptions(includePrerelease: true))
        )
        #expect(installed(included) == ["a@1.1.0-beta.1"])
    }

    @Test func deprecatedVersionsAreAvoidedAndWarnedAboutWhenChosen() async throws {
        let source = InMemoryPackageSource([manifest("a@1.0.0"), manifest("a@1.1.0", deprecated: "broken, use 1.0.0")])
        let ranged = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"]))
        #expect(installed(ranged) == ["a@1.0.0"])
        #expect(ranged.warnings.isEmpty)
        let exact = try await resolve(source, ResolutionRequest(dependencies: ["a": "1.1.0"]))
        #expect(installed(exact) == ["a@1.1.0"])
        #expect(exact.warnings.map { $0.rendered(severity: .warning) } == ["warn EDEPRECATED: `a@1.1.0` is deprecated: broken, use 1.0.0"])
    }

    @Test func enginesOkVersionsArePreferredAndMismatchesWarned() async throws {
        let source = InMemoryPackageSource([
            manifest("a@1.0.0", engines: ["node": ">=16"]), manifest("a@1.1.0", engines: ["node": ">=20"]),
        ])
        let options = ResolutionOptions(nodeVersion: "18.0.0")
        let ranged = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0"], options: options))
        #expect(installed(ranged) == ["a@1.0.0"])
        let exact = try await resolve(source, ResolutionRequest(dependencies: ["a": "1.1.0"], options: options))
        #expect(exact.warnings.map { $0.rendered(severity: .warning) } == [
            "warn EBADENGINE: Unsupported node engine for `a@1.1.0`\n  wanted node >=20, current 18.0.0",
        ])
        let strict = await failure(source, ResolutionRequest(
            dependencies: ["a": "1.1.0"], options: ResolutionOptions(engineStrict: true, nodeVersion: "18.0.0")
        ))
        #expect(strict == """
            error EBADENGINE: Unsupported node engine for `a@1.1.0`
              wanted node >=20, current 18.0.0

            hint: switch to a supported engine version, or turn off engine-strict
            """)
    }

    @Test func distTagSpecifierPicksTheTaggedVersion() async throws {
        let source = InMemoryPackageSource(
            [manifest("a@1.0.0"), manifest("a@2.0.0-rc.1")], distTags: ["a": ["latest": "1.0.0", "next": "2.0.0-rc.1"]]
        )
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": "next"]))
        #expect(installed(resolution) == ["a@2.0.0-rc.1"])
    }

    @Test func aliasResolvesTheTargetPackageUnderTheAliasName() async throws {
        let source = InMemoryPackageSource([manifest("c@1.1.0"), manifest("c@2.0.0")])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["myc": "npm:c@^1.0.0", "c": "^2.0.0"]))
        #expect(render(resolution.graph) == """
            root c@^2.0.0 -> c@2.0.0
            root myc@npm:c@^1.0.0 -> c@1.1.0
            """)
    }

    @Test func anAlreadyChosenVersionIsReusedWhereverItSatisfies() async throws {
        let source = InMemoryPackageSource([
            manifest("a@1.0.0", dependencies: ["c": "1.0.0"]), manifest("b@1.0.0", dependencies: ["c": "^1.0.0"]),
            manifest("c@1.0.0"), manifest("c@1.2.0"),
        ])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0", "b": "^1.0.0"]))
        #expect(installed(resolution) == ["a@1.0.0", "b@1.0.0", "c@1.0.0"])
    }

    @Test func conflictingRangesGetBothVersions() async throws {
        let source = InMemoryPackageSource([
            manifest("a@1.0.0", dependencies: ["c": "^1.0.0"]), manifest("b@1.0.0", dependencies: ["c": "^2.0.0"]),
            manifest("c@1.1.0"), manifest("c@2.0.0"),
        ])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0", "b": "^1.0.0"]))
        #expect(render(resolution.graph) == """
            root a@^1.0.0 -> a@1.0.0
            root b@^1.0.0 -> b@1.0.0
            a@1.0.0 c@^1.0.0 -> c@1.1.0
            b@1.0.0 c@^2.0.0 -> c@2.0.0
            """)
    }

    @Test func flagsFollowNpmCalcDepFlags() async throws {
        let source = InMemoryPackageSource([
            manifest("a@1.0.0", dependencies: ["shared": "^1.0.0"]), manifest("d@1.0.0", dependencies: ["shared": "^1.0.0", "devonly": "^1.0.0"]),
            manifest("o@1.0.0", dependencies: ["both": "^1.0.0"]), manifest("shared@1.0.0"), manifest("devonly@1.0.0"),
            manifest("both@1.0.0"),
        ])
        let resolution = try await resolve(source, ResolutionRequest(
            dependencies: ["a": "^1.0.0"], devDependencies: ["d": "^1.0.0", "both": "^1.0.0"], optionalDependencies: ["o": "^1.0.0"]
        ))
        let flags = resolution.graph.packages.mapValues(\.flags)
        #expect(flags[PackageID(name: "shared", version: "1.0.0")] == DependencyFlags())
        #expect(flags[PackageID(name: "devonly", version: "1.0.0")] == DependencyFlags(dev: true))
        #expect(flags[PackageID(name: "o", version: "1.0.0")] == DependencyFlags(optional: true))
        #expect(flags[PackageID(name: "both", version: "1.0.0")] == DependencyFlags(devOptional: true))
        #expect(resolution.packagesToInstall(omit: [.dev]).map(\.description) == ["a@1.0.0", "both@1.0.0", "o@1.0.0", "shared@1.0.0"])
        #expect(resolution.packagesToInstall(omit: [.dev, .optional]).map(\.description) == ["a@1.0.0", "shared@1.0.0"])
    }

    @Test func metadataRequestsRunConcurrently() async throws {
        let source = InMemoryPackageSource(
            [manifest("a@1.0.0", dependencies: ["c": "^1.0.0", "d": "^1.0.0"]), manifest("b@1.0.0"), manifest("c@1.0.0"), manifest("d@1.0.0")],
            delay: { _ in .milliseconds(20) }
        )
        _ = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0", "b": "^1.0.0"]))
        #expect(await source.log.maxInFlight >= 2)
        #expect(await source.log.names.sorted() == ["a", "b", "c", "d"])
    }

    /// The root's own edges (aliases of one package included) each get npm's pick; only edges of
    /// packages reuse a version already chosen, so direct dependencies match what npm installs.
    @Test func rootEdgesGetNpmsPickWhileTransitiveEdgesReuseChosenVersions() async throws {
        let source = InMemoryPackageSource([
            manifest("a@1.0.0"), manifest("a@1.5.0"), manifest("a@2.0.0"),
            manifest("b@1.0.0", dependencies: ["a": ">=1.0.0"]),
        ], distTags: ["a": ["latest": "2.0.0"]])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: [
            "a1": "npm:a@1.0.0", "a2": "npm:a@^1.0.0", "a3": "npm:a@*", "b": "^1.0.0",
        ]))
        let targets = resolution.graph.rootEdges.mapValues { $0.target?.description ?? "none" }
        #expect(targets == ["a1": "a@1.0.0", "a2": "a@1.5.0", "a3": "a@2.0.0", "b": "b@1.0.0"])
        // b's `>=1.0.0` reuses the highest chosen version, which is also npm's pick here.
        #expect(resolution.graph.packages[PackageID(name: "b", version: "1.0.0")]?.edges["a"]?.target?.description == "a@2.0.0")
    }
}
