import Testing
@testable import PkgRegistryServer

@Suite struct ServerJSONTests {
    @Test func roundTripsKeyOrderAndNumbers() throws {
        let text = #"{"b":1,"a":[true,false,null,1.50,-2e3],"c":{"z":"\u00e9\n\"x\"","y":{}}}"#
        let value = try ServerJSON(parsing: Array(text.utf8))
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value.serialized == #"{"b":1,"a":[true,false,null,1.50,-2e3],"c":{"z":"é\n\"x\"","y":{}}}"#)
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"{"x":{"k":1,"k":1}}"#, "{", "[1,]", "01", "\"\u{01}\"", #""\ud800""#, "1 2", #"{"a" 1}"#, "tru", "",
        "\"\\x\"", "-", "1.", "1e",
    ])
    func refusesInvalidDocuments(text: String) {
        #expect(throws: ServerJSONSyntaxError.self) { try ServerJSON(parsing: Array(text.utf8)) }
    }

    @Test func duplicateKeyErrorNamesTheKey() {
        #expect(throws: ServerJSONSyntaxError(reason: "duplicate key `dependencies`", offset: 19)) {
            try ServerJSON(parsing: Array(#"{"dependencies":{},"dependencies":{"evil":"1"}}"#.utf8))
        }
    }

    @Test func refusesDeepNesting() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: ServerJSONSyntaxError.self) { try ServerJSON(parsing: Array(text.utf8)) }
    }

    @Test func serializesControlCharactersAsJavaScriptDoes() {
        #expect(ServerJSON.string("\u{01}\u{08}\u{0C}\t\u{1F}/").serialized == #""\u0001\b\f\t\u001f/""#)
        #expect(ServerJSON.string("😀").serialized == "\"😀\"")
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try ServerJSON(parsing: Array(#""\ud83d\ude00""#.utf8)) == .string("😀"))
    }

    @Test func equivalenceIgnoresKeyOrderAndNumberSpelling() throws {
        let left = try ServerJSON(parsing: Array(#"{"a":1.0,"b":[1]}"#.utf8))
        let right = try ServerJSON(parsing: Array(#"{"b":[1],"a":1}"#.utf8))
        #expect(left.isEquivalent(to: right))
        #expect(!left.isEquivalent(to: try ServerJSON(parsing: Array(#"{"a":2,"b":[1]}"#.utf8))))
    }
}
