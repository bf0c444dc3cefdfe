import PkgModel
import PkgResolver
import PkgTestSupport
import Testing

@Suite struct ResolverLockfileTests {
    static let before = [
        manifest("a@1.0.0", dependencies: ["b": "^1.0.0"]), manifest("b@1.0.0"), manifest("c@1.0.0"),
    ]
    static let after = before + [
        manifest("a@1.1.0", dependencies: ["b": "^1.0.0"]), manifest("b@1.1.0"), manifest("c@1.1.0"), manifest("c@2.0.0"),
    ]

    func locked() async throws -> ResolvedGraph {
        let resolution = try await resolve(InMemoryPackageSource(Self.before), ResolutionRequest(dependencies: ["a": "^1.0.0", "c": "^1.0.0"]))
        return resolution.graph
    }

    @Test func aValidLockfileIsKeptWithoutAnyRequest() async throws {
        let lock = try await locked()
        let source = InMemoryPackageSource(Self.after)
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0", "c": "^1.0.0"], previous: lock))
        #expect(resolution.graph == lock)
        #expect(await source.log.names == [])
    }

    @Test func onlyWhatPackageJsonChangedIsReResolved() async throws {
        let lock = try await locked()
        let source = InMemoryPackageSource(Self.after)
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0", "c": "^2.0.0", "d": "npm:c@~1.1.0"], previous: lock))
        #expect(render(resolution.graph) == """
            root a@^1.0.0 -> a@1.0.0
            root c@^2.0.0 -> c@2.0.0
            root d@npm:c@~1.1.0 -> c@1.1.0
            a@1.0.0 b@^1.0.0 -> b@1.0.0
            """)
        #expect(await source.log.names == ["c"])
    }

    @Test func aLockedTagEdgeIsKeptWhileTheTagTextIsUnchanged() async throws {
        let first = try await resolve(InMemoryPackageSource(Self.before), ResolutionRequest(dependencies: ["c": "latest"]))
        let source = InMemoryPackageSource(Self.after, distTags: ["c": ["latest": "2.0.0", "legacy": "1.1.0"]])
        let kept = try await resolve(source, ResolutionRequest(dependencies: ["c": "latest"], previous: first.graph))
        #expect(installed(kept) == ["c@1.0.0"])
        #expect(await source.log.names == [])
        let changed = try await resolve(source, ResolutionRequest(dependencies: ["c": "legacy"], previous: first.graph))
        #expect(installed(changed) == ["c@1.1.0"])
    }

    @Test func updatingOneNameReResolvesOnlyThatName() async throws {
        let lock = try await locked()
        let source = InMemoryPackageSource(Self.after)
        let request = ResolutionRequest(dependencies: ["a": "^1.0.0", "c": "^1.0.0"], previous: lock, update: .packages(["b"]))
        let resolution = try await resolve(source, request)
        #expect(installed(resolution) == ["a@1.0.0", "b@1.1.0", "c@1.0.0"])
        #expect(await source.log.names == ["b"])
        let all = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0", "c": "^1.0.0"], previous: lock, update: .all))
        #expect(installed(all) == ["a@1.1.0", "b@1.1.0", "c@1.1.0"])
    }
}
