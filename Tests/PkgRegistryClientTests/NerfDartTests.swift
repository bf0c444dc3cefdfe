import PkgRegistryClient
import Testing

@Suite struct NerfDartTests {
    @Test(arguments: [
        ("https://r.example/npm/", "//r.example/npm/"),
        ("https://r.example/npm", "//r.example/"),
        ("https://R.Example:443/", "//r.example/"),
        ("http://localhost:4873", "//localhost:4873/"),
        ("http://user:pw@localhost:80/a/b?x=1", "//localhost/a/"),
    ])
    func nerfs(url: String, expected: String) {
        #expect(NerfDart.of(url) == expected)
    }

    @Test func lookupKeysWalkUpLikeNpm() {
        #expect(NerfDart.lookupKeys(for: "https://h.example/a/b") == [
            "//h.example/a/b", "//h.example/a/", "//h.example/a", "//h.example/", "//h.example",
        ])
    }
}
