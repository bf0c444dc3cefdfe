import PkgModel
import Testing

@Suite struct JSONValueTests {
    @Test func objectsKeepInsertionOrderThroughEdits() {
        var object: JSONObject = ["name": "a", "version": "1.0.0", "main": "index.js"]
        object["version"] = "2.0.0"
        #expect(object.keys == ["name", "version", "main"])
        object["description"] = "new"
        #expect(object.keys == ["name", "version", "main", "description"])
        object["version"] = nil
        #expect(object.keys == ["name", "main", "description"])
        object.insert("x", forKey: "first", at: 0)
        #expect(object.keys == ["first", "name", "main", "description"])
        object.insert("y", forKey: "description", at: 1)
        #expect(object.keys == ["first", "description", "name", "main"])
        #expect(object.removeValue(forKey: "nope") == nil)
        #expect(Array(object.map(\.key)) == object.keys)
    }

    @Test func largeObjectsStayConsistentAcrossRemovalsAndSorting() {
        var object = JSONObject()
        for index in 0..<40 { object["k\(index)"] = JSONValue(index) }
        object["k3"] = nil
        object["k20"] = nil
        #expect(object.count == 38)
        #expect(object["k21"]?.intValue == 21)
        #expect(object.position(of: "k21") == 19)
        object.sortKeys(by: >)
        #expect(object.keys.first == "k9")
        #expect(object["k0"]?.intValue == 0)
        #expect(object.position(of: "k0") == 37)
    }

    @Test func equalityIsOrderSensitiveLikeTheBytes() {
        let first: JSONValue = ["a": 1, "b": 2]
        let second: JSONValue = ["b": 2, "a": 1]
        #expect(first != second)
        #expect(first == ["a": 1, "b": 2])
    }

    @Test func numbersKeepTheirLiteral() throws {
        let text = #"{"a":1.0,"b":1e3,"c":123456789012345678901234567890,"d":-0}"#
        let value = try JSONValue(parsing: text)
        #expect(value.serializedString() == text)
        #expect(value["a"]?.intValue == 1)
        #expect(value["b"]?.intValue == 1000)
        #expect(value["c"]?.intValue == nil)
        #expect(value["c"]?.doubleValue == 1.2345678901234568e29)
        #expect(value["a"] != value["b"])
    }

    @Test(arguments: [
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (0.000001, "0.000001"), (1e-7, "1e-7"),
        (-0.0, "0"), (0.1 + 0.2, "0.30000000000000004"), (123.456, "123.456"), (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (-1.5, "-1.5"), (2.5e-5, "0.000025"),
    ])
    func doublesPrintLikeJavaScript(value: Double, expected: String) {
        #expect(JSONValue(value).serializedString() == expected)
    }

    @Test func nonFiniteDoublesBecomeNull() {
        #expect(JSONValue(Double.infinity) == .null)
        #expect(JSONValue(Double.nan) == .null)
        #expect(JSONNumber(Double.nan) == nil)
    }

    @Test(arguments: ["0", "-0", "1.5", "1E+2", "-12.0e-3"])
    func validNumberLiterals(literal: String) {
        #expect(JSONNumber(literal: literal)?.literal == literal)
    }

    @Test(arguments: ["", "01", "+1", ".5", "1.", "1e", "0x10", "1 ", "NaN"])
    func invalidNumberLiterals(literal: String) {
        #expect(JSONNumber(literal: literal) == nil)
    }

    @Test func accessorsDoNotCoerce() {
        let value: JSONValue = "1"
        #expect(value.intValue == nil)
        #expect(value.stringValue == "1")
        #expect(value.typeName == "string")
        #expect(JSONValue.array([]).typeName == "array")
        #expect(JSONValue(3)[0] == nil)
    }
}
