import PkgModel
import PkgResolver
import PkgTestSupport
import Testing

@Suite struct ResolverPeerTests {
    @Test func peersAreInstalledAutomaticallyBesideTheirDependent() async throws {
        let source = InMemoryPackageSource([manifest("p@1.0.0", peerDependencies: ["q": "^1.0.0"]), manifest("q@1.0.0"), manifest("q@2.0.0")])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["p": "^1.0.0"]))
        #expect(render(resolution.graph) == """
            root p@^1.0.0 -> p@1.0.0
            p@1.0.0 q@^1.0.0 (peer) -> q@1.0.0
            """)
        #expect(resolution.graph.packages[PackageID(name: "q", version: "1.0.0")]?.flags == DependencyFlags(peer: true))
    }

    @Test func peersUseTheDependentsOwnChoice() async throws {
        let source = InMemoryPackageSource([
            manifest("p@1.0.0", peerDependencies: ["q": ">=1.0.0"]), manifest("q@1.0.0"), manifest("q@2.0.0"),
        ])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["p": "^1.0.0", "q": "1.0.0"]))
        #expect(render(resolution.graph) == """
            root p@^1.0.0 -> p@1.0.0
            root q@1.0.0 -> q@1.0.0
            p@1.0.0 q@>=1.0.0 (peer) -> q@1.0.0
            """)
    }

    @Test func optionalPeersAreNotInstalledButUsedWhenPresent() async throws {
        let source = InMemoryPackageSource([manifest("p@1.0.0", peerDependencies: ["q": "^1.0.0"], optionalPeers: ["q"]), manifest("q@1.0.0")])
        let alone = try await resolve(source, ResolutionRequest(dependencies: ["p": "^1.0.0"]))
        #expect(render(alone.graph) == """
            root p@^1.0.0 -> p@1.0.0
            p@1.0.0 q@^1.0.0 (peerOptional) -> none
            """)
        let present = try await resolve(source, ResolutionRequest(dependencies: ["p": "^1.0.0", "q": "^1.0.0"]))
        #expect(render(present.graph) == """
            root p@^1.0.0 -> p@1.0.0
            root q@^1.0.0 -> q@1.0.0
            p@1.0.0 q@^1.0.0 (peerOptional) -> q@1.0.0
            """)
    }

    @Test func theRootsOwnPeersAreInstalledUnlessOptional() async throws {
        let source = InMemoryPackageSource([manifest("q@1.0.0"), manifest("r@1.0.0")])
        let request = ResolutionRequest(
            peerDependencies: ["q": "^1.0.0", "r": "^1.0.0"], peerDependenciesMeta: ["r": PeerDependencyMeta(optional: true)]
        )
        let resolution = try await resolve(source, request)
        #expect(render(resolution.graph) == """
            root q@^1.0.0 (peer) -> q@1.0.0
            root r@^1.0.0 (peerOptional) -> none
            """)
    }

    @Test func aPeerConflictAtTheRootIsERESOLVE() async {
        let source = InMemoryPackageSource([manifest("p@1.0.0", peerDependencies: ["q": "^1.0.0"]), manifest("q@1.0.0"), manifest("q@2.0.0")])
        let request = ResolutionRequest(dependencies: ["p": "^1.0.0", "q": "^2.0.0"])
        #expect(await failure(source, request) == """
            error ERESOLVE: Could not resolve the peer dependency `q@^1.0.0` of `p@1.0.0`
              Found: q@2.0.0
                root requires q@^2.0.0
              Could not resolve dependency:
                root requires p@^1.0.0
                p@1.0.0 requires q@^1.0.0 (peer)

            hint: rerun with --legacy-peer-deps to ignore peer dependencies, or with --force to accept the conflict
            """)
    }

    @Test func legacyPeerDepsIgnoresPeersEntirely() async throws {
        let source = InMemoryPackageSource([manifest("p@1.0.0", peerDependencies: ["q": "^1.0.0"]), manifest("q@1.0.0"), manifest("q@2.0.0")])
        let request = ResolutionRequest(dependencies: ["p": "^1.0.0", "q": "^2.0.0"], options: ResolutionOptions(legacyPeerDependencies: true))
        let resolution = try await resolve(source, request)
        #expect(render(resolution.graph) == """
            root p@^1.0.0 -> p@1.0.0
            root q@^2.0.0 -> q@2.0.0
            """)
    }

    @Test func aPeerConflictBelowTheRootGetsItsOwnCopyWithAWarning() async throws {
        let source = InMemoryPackageSource([
            manifest("xy@1.0.0", dependencies: ["p": "^1.0.0", "p2": "^1.0.0"]),
            manifest("p@1.0.0", peerDependencies: ["q": "^1.0.0"]), manifest("p2@1.0.0", peerDependencies: ["q": "^2.0.0"]),
            manifest("q@1.0.0"), manifest("q@2.0.0"),
        ])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["xy": "^1.0.0"]))
        #expect(render(resolution.graph) == """
            root xy@^1.0.0 -> xy@1.0.0
            p@1.0.0 q@^1.0.0 (peer) -> q@1.0.0
            p2@1.0.0 q@^2.0.0 (peer) -> q@2.0.0
            xy@1.0.0 p@^1.0.0 -> p@1.0.0
            xy@1.0.0 p2@^1.0.0 -> p2@1.0.0
            """)
        #expect(resolution.warnings.map { $0.rendered(severity: .warning) } == ["""
            warn ERESOLVE: Overriding the peer dependency `q@^2.0.0` of `p2@1.0.0`
              found q@1.0.0; `p2@1.0.0` gets its own `q`
            """])
        let strict = await failure(source, ResolutionRequest(
            dependencies: ["xy": "^1.0.0"], options: ResolutionOptions(strictPeerDependencies: true)
        ))
        #expect(strict == """
            error ERESOLVE: Could not resolve the peer dependency `q@^2.0.0` of `p2@1.0.0`
              Found: q@1.0.0
                root requires xy@^1.0.0
                xy@1.0.0 requires p@^1.0.0
                p@1.0.0 requires q@^1.0.0 (peer)
              Could not resolve dependency:
                root requires xy@^1.0.0
                xy@1.0.0 requires p2@^1.0.0
                p2@1.0.0 requires q@^2.0.0 (peer)

            hint: rerun without --strict-peer-deps, with --force, or with --legacy-peer-deps to ignore peer dependencies
            """)
    }

    @Test func onePackageWithDifferentPeerResolutionsExistsTwice() async throws {
        let source = InMemoryPackageSource([
            manifest("a@1.0.0", dependencies: ["p": "^1.0.0", "q": "^1.0.0"]),
            manifest("b@1.0.0", dependencies: ["p": "^1.0.0", "q": "^2.0.0"]),
            manifest("p@1.0.0", peerDependencies: ["q": "*"]), manifest("q@1.0.0"), manifest("q@2.0.0"),
        ])
        let resolution = try await resolve(source, ResolutionRequest(dependencies: ["a": "^1.0.0", "b": "^1.0.0"]))
        #expect(render(resolution.graph) == """
            root a@^1.0.0 -> a@1.0.0
            root b@^1.0.0 -> b@1.0.0
            a@1.0.0 p@^1.0.0 -> p@1.0.0
            a@1.0.0 q@^1.0.0 -> q@1.0.0
            b@1.0.0 p@^1.0.0 -> p@1.0.0(q@2.0.0)
            b@1.0.0 q@^2.0.0 -> q@2.0.0
            p@1.0.0 q@* (peer) -> q@1.0.0
            p@1.0.0(q@2.0.0) q@* (peer) -> q@2.0.0
            """)
    }
}
