import PkgModel
import PkgResolver
import PkgTestSupport
import Testing

@Suite struct ResolutionErrorTests {
    @Test func noMatchingVersionExplainsTheChainAndWhatExists() async {
        let source = InMemoryPackageSource([
            manifest("a@1.2.0", dependencies: ["b": "^9.0.0"]), manifest("b@1.0.0"), manifest("b@2.0.0"),
        ])
        #expect(await failure(source, ResolutionRequest(dependencies: ["a": "^1.0.0"])) == """
            error ETARGET: No matching version found for `b@^9.0.0`
              root requires a@^1.0.0
              a@1.2.0 requires b@^9.0.0
              `b` has 2 versions: 1.0.0, 2.0.0 (dist-tags: latest=2.0.0)

            hint: change the range in the chain above to one that matches a published version
            """)
    }

    @Test func longVersionListsAreSummarised() {
        let versions = (0..<12).map { "1.\($0).0" }
        #expect(ResolutionError.noMatchingVersion(name: "b", specifier: "^9", chain: [], versions: versions, distTags: [:]).detail == [
            "`b` has 12 versions: 1.0.0, 1.1.0, 1.2.0, …, 1.8.0, 1.9.0, 1.10.0, 1.11.0",
        ])
    }

    @Test func unknownPackageIsE404WithTheChain() async {
        let source = InMemoryPackageSource([manifest("a@1.0.0", dependencies: ["nosuchpkg": "*"])])
        #expect(await failure(source, ResolutionRequest(devDependencies: ["a": "^1.0.0"])) == """
            error E404: `nosuchpkg` is not in the registry
              root requires a@^1.0.0 (dev)
              a@1.0.0 requires nosuchpkg@*

            hint: check the name for typos, or set `--registry` to a registry that has the package
            """)
    }

    @Test func aFailingSourceIsReportedWithTheChain() async {
        let source = InMemoryPackageSource([], failingNames: ["a"])
        #expect(await failure(source, ResolutionRequest(dependencies: ["a": "^1.0.0"])) == """
            error EMETADATA: Could not fetch the metadata of `a`
              root requires a@^1.0.0
              connection refused while fetching `a`

            hint: check the network and the registry, then retry
            """)
    }

    @Test(arguments: ["file:../local", "git+https://example.com/x.git", "user/repo", "npm:npm:x@1"])
    func unsupportedSpecifiersAreReported(specifier: String) async {
        let source = InMemoryPackageSource([])
        #expect(await failure(source, ResolutionRequest(dependencies: ["x": specifier])) == """
            error EUNSUPPORTEDPROTOCOL: Unsupported specifier `\(specifier)` for `x`

            hint: use a registry range, version, dist-tag or `npm:` alias instead
            """)
    }

    @Test func aMissingDistTagIsETARGET() async {
        let source = InMemoryPackageSource([manifest("a@1.0.0")])
        #expect(await failure(source, ResolutionRequest(dependencies: ["a": "beta"])) == """
            error ETARGET: No matching version found for `a@beta`
              root requires a@beta
              `a` has 1 version: 1.0.0 (dist-tags: latest=1.0.0)

            hint: change the range in the chain above to one that matches a published version
            """)
    }
}
