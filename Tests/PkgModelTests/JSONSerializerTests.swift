import PkgModel
import Testing

@Suite struct JSONSerializerTests {
    let sample: JSONValue = ["name": "a", "list": [1, [], [:], ["x": nil]], "empty": [:], "flag": true]

    @Test func compactHasNoWhitespace() {
        #expect(sample.serializedString() == #"{"name":"a","list":[1,[],{},{"x":null}],"empty":{},"flag":true}"#)
    }

    @Test func prettyMatchesJSONStringifyWithTwoSpaces() {
        #expect(sample.serializedString(.pretty) == """
            {
              "name": "a",
              "list": [
                1,
                [],
                {},
                {
                  "x": null
                }
              ],
              "empty": {},
              "flag": true
            }
            """)
    }

    @Test func tabAndFourSpaceIndents() {
        let value: JSONValue = ["a": [1]]
        #expect(value.serializedString(.indented(by: "\t")) == "{\n\t\"a\": [\n\t\t1\n\t]\n}")
        #expect(value.serializedString(.indented(by: "    ")) == "{\n    \"a\": [\n        1\n    ]\n}")
        #expect(value.serializedString(.indented(by: "")) == #"{"a":[1]}"#)
    }

    @Test func stringsEscapeLikeJavaScript() {
        let value = JSONValue.string("q\" b\\ / \u{0} \u{8}\u{9}\u{A}\u{C}\u{D} \u{1F} \u{7F} é 中 😀 \u{2028}")
        #expect(value.serializedString() == #""q\" b\\ / \u0000 \b\t\n\f\r \u001f "# + "\u{7F} é 中 😀 \u{2028}\"")
    }

    @Test func writeAppendsToAnExistingBuffer() {
        var buffer = Array("x=".utf8)
        JSONValue.string("y").write(into: &buffer)
        JSONValue.writeString("\n", into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"x="y""\n""#)
    }

    @Test func parsedDocumentsRoundTripByteForByteInCanonicalLayout() throws {
        let text = """
            {
              "name": "pkg",
              "version": "1.0.0",
              "size": 1.50,
              "nested": {
                "deep": [
                  "a\\u0000",
                  "\\/"
                ]
              }
            }
            """
        let value = try JSONValue(parsing: text)
        // `\/` is written back as `/`, as JSON.stringify does; everything else is identical.
        #expect(value.serializedString(.pretty) == text.replacing("\\/", with: "/"))
    }
}
