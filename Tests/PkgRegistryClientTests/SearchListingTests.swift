import Foundation
import PkgModel
import PkgRegistryClient
import Testing

/// `npm search`'s text blocks and streamed JSON (npm 10's `format-search-stream.js`).
@Suite struct SearchListingTests {
    static let result = try! JSONValue(parsing: Array(#"""
        {"name":"demo-view","scope":"unscoped","version":"1.1.0","description":"A demo package","keywords":["demo","view"],"date":"2026-11-25T22:50:37Z","links":{},"publisher":{"username":"alice","email":""},"maintainers":[{"username":"alice","email":""},{"username":"bob","email":""}]}
        """#.utf8)).objectValue!

    @Test func textBlock() {
        let text = SearchListing(terms: ["demo"]).text([Self.result])
        #expect(text == """
            demo-view
            A demo package
            Version 1.1.0 published 2026-11-25 by alice
            Maintainers: alice bob
            Keywords: demo view
            https://npm.im/demo-view


            """)
    }

    @Test func severalTermsRepeatTheTextAsNpmDoes() {
        let text = SearchListing(terms: ["view", "demo"]).text([Self.result])
        #expect(text.hasPrefix("demo-viewdemo-view\nA demo packageA demo package\n"), "\(text)")
    }

    @Test func noMatches() {
        #expect(SearchListing(terms: ["zzz", "y"]).text([]) == "No matches found for \"zzz\" \"y\"\n")
        #expect(SearchListing(terms: ["zzz"]).json([]) == "\n[]\n\n")
    }

    @Test func jsonIsStreamedLikeNpm() {
        let json = SearchListing(terms: ["demo"]).json([Self.result, Self.result])
        let line = JSONValue.object(Self.result).serializedString().replacingOccurrences(of: "22:50:37Z", with: "22:50:37.000Z")
        #expect(json == "[\n\n\(line)\n\n,\n\n\(line)\n]\n\n")
    }

    @Test func parseableLines() {
        #expect(SearchListing(terms: ["demo"]).parseable([Self.result]) == "demo-view\tA demo package\t2026-11-25\t1.1.0\tdemo,view\n")
    }

    @Test func excludeDropsByWordOrRegex() {
        #expect(SearchListing(terms: ["demo"], exclude: ["bob"]).kept([Self.result]).isEmpty)
        #expect(SearchListing(terms: ["demo"], exclude: ["/^demo-v"]).kept([Self.result]).isEmpty)
        #expect(SearchListing(terms: ["demo"], exclude: ["carol"]).kept([Self.result]).count == 1)
    }
}
