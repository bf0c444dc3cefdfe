import PkgModel
import Testing
@testable import PkgRegistryServer

/// The registry's use of PkgModel's JSON: strict parsing and JavaScript-style equivalence.
@Suite struct RegistryJSONTests {
    @Test func clientJSONWithDuplicateKeysIsRefused() {
        #expect(throws: JSONError.self) { try JSONValue.parseStrict(Array(#"{"dependencies":{},"dependencies":{"evil":"1"}}"#.utf8)) }
        #expect(throws: JSONError.self) { try JSONValue.parseStrict(Array(#"{"x":{"k":1,"k":1}}"#.utf8)) }
    }

    @Test func storedDocumentsRoundTripInOrder() throws {
        let text = #"{"b":1,"a":[true,false,null,1.50],"c":{"z":"\u00e9\n","y":{}}}"#
        #expect(try JSONValue.parseStrict(Array(text.utf8)).serializedString() == #"{"b":1,"a":[true,false,null,1.50],"c":{"z":"é\n","y":{}}}"#)
    }

    @Test func equivalenceIgnoresKeyOrderAndNumberSpelling() throws {
        let left = try JSONValue.parseStrict(Array(#"{"a":1.0,"b":[1]}"#.utf8))
        let right = try JSONValue.parseStrict(Array(#"{"b":[1],"a":1}"#.utf8))
        #expect(left.isEquivalent(to: right))
        #expect(!left.isEquivalent(to: try JSONValue.parseStrict(Array(#"{"a":2,"b":[1]}"#.utf8))))
    }
}
