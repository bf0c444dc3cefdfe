import PkgModel
import PkgResolver
import PkgTestSupport
import Testing

@Suite struct ResolverOverrideTests {
    static let registry = InMemoryPackageSource([
        manifest("a@1.0.0", dependencies: ["b": "^1.0.0"]), manifest("c@1.0.0", dependencies: ["b": "^1.1.0"]),
        manifest("b@1.0.0"), manifest("b@1.1.0"), manifest("b@2.0.0"),
    ])

    @Test func aGlobalOverrideReplacesTheRangeEverywhere() async throws {
        let request = ResolutionRequest(dependencies: ["a": "^1.0.0", "c": "^1.0.0"], overrides: Overrides(["b": .replacement("2.0.0")]))
        let resolution = try await resolve(Self.registry, request)
        #expect(render(resolution.graph) == """
            root a@^1.0.0 -> a@1.0.0
            root c@^1.0.0 -> c@1.0.0
            a@1.0.0 b@2.0.0 -> b@2.0.0
            c@1.0.0 b@2.0.0 -> b@2.0.0
            """)
        let edge = resolution.graph.packages[PackageID(name: "a", version: "1.0.0")]?.edges["b"]
        #expect(edge?.specifier == "^1.0.0")
        #expect(edge?.overriddenSpecifier == "2.0.0")
    }

    @Test func aNestedSelectorAppliesOnlyInsideItsPackage() async throws {
        let request = ResolutionRequest(
            dependencies: ["a": "^1.0.0", "c": "^1.0.0"], overrides: Overrides(["a": .nested(["b": .replacement("1.0.0")])])
        )
        let resolution = try await resolve(Self.registry, request)
        #expect(render(resolution.graph) == """
            root a@^1.0.0 -> a@1.0.0
            root c@^1.0.0 -> c@1.0.0
            a@1.0.0 b@1.0.0 -> b@1.0.0
            c@1.0.0 b@^1.1.0 -> b@1.1.0
            """)
    }

    @Test func aDotKeyReplacesThePackageItselfAndAVersionedKeyMatchesOnlyIntersectingRanges() async throws {
        let request = ResolutionRequest(
            dependencies: ["c": "^1.0.0"],
            overrides: Overrides(["b@^1.1.0": .nested([".": .replacement("1.0.0")]), "b@^3.0.0": .replacement("2.0.0")])
        )
        let resolution = try await resolve(Self.registry, request)
        #expect(render(resolution.graph) == """
            root c@^1.0.0 -> c@1.0.0
            c@1.0.0 b@1.0.0 -> b@1.0.0
            """)
    }

    @Test func aDollarReferenceUsesTheRootsOwnSpecifier() async throws {
        let request = ResolutionRequest(
            dependencies: ["a": "^1.0.0", "b": "^2.0.0"], overrides: Overrides(["b": .replacement("$b")])
        )
        let resolution = try await resolve(Self.registry, request)
        #expect(render(resolution.graph) == """
            root a@^1.0.0 -> a@1.0.0
            root b@^2.0.0 -> b@2.0.0
            a@1.0.0 b@^2.0.0 -> b@2.0.0
            """)
    }

    @Test func anOverrideThatChangesADirectDependencyIsEOVERRIDE() async {
        let request = ResolutionRequest(dependencies: ["b": "^1.0.0"], overrides: Overrides(["b": .replacement("2.0.0")]))
        #expect(await failure(Self.registry, request) == """
            error EOVERRIDE: Override `2.0.0` for `b@^1.0.0` conflicts with a direct dependency

            hint: make the override equal to the direct dependency's specifier, or reference it as `$name`
            """)
        let missing = ResolutionRequest(dependencies: ["a": "^1.0.0"], overrides: Overrides(["b": .replacement("$b")]))
        #expect(await failure(Self.registry, missing) == """
            error EOVERRIDE: Unable to resolve override reference `$b`

            hint: add the referenced package to the root's dependencies, or write the specifier out
            """)
    }
}
