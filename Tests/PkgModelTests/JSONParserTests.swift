import PkgModel
import Testing

@Suite struct JSONParserTests {
    func reason(_ text: String, options: JSONParseOptions = .default) -> JSONError.Reason? {
        do {
            _ = try JSONValue(parsing: text, options: options)
            return nil
        } catch {
            return error.reason
        }
    }

    func reason(bytes: [UInt8]) -> JSONError.Reason? {
        do {
            _ = try JSONValue(parsing: bytes)
            return nil
        } catch {
            return error.reason
        }
    }

    /// Reading a document's head stops right after the named member; the rest is not validated.
    @Test func leadingMembersStopAfterTheNamedOne() throws {
        let head = try JSONObject(parsingLeadingMembersOf: Array(#"\#u{FEFF} {"a": 1, "b": [true], "c": {"x": "y"}, "d": not json"#.utf8), through: "c")
        #expect(head.keys == ["a", "b", "c"])
        #expect(JSONValue.object(head) == ["a": 1, "b": [true], "c": ["x": "y"]])
        // Absent key: the whole object is read, and validated like any document.
        let whole = try JSONObject(parsingLeadingMembersOf: Array(#"{"a": 1, "a": 2} "#.utf8), through: "z")
        #expect(JSONValue.object(whole) == ["a": 2])
        func reason(_ text: String) -> JSONError.Reason? {
            do {
                _ = try JSONObject(parsingLeadingMembersOf: Array(text.utf8), through: "c")
                return nil
            } catch {
                return error.reason
            }
        }
        #expect(reason(#"{"a": 1} x"#) == .trailingContent)
        #expect(reason("[1]") == .unexpectedCharacter(found: "`[`", expected: "an object"))
        #expect(reason(" ") == .unexpectedEndOfInput(expected: "an object"))
        #expect(reason(#"{"a": 1, "c": tru"#) != nil, "the named member itself is validated")
        #expect(throws: JSONError.self) {
            try JSONObject(parsingLeadingMembersOf: Array(#"{"a": 1, "a": 2, "c": 3}"#.utf8), through: "c", options: .strict)
        }
    }

    @Test func parsesEveryValueKind() throws {
        let value = try JSONValue(parsing: #" {"a": [1, -2.5e3, true, false, null, "x\ny"], "b": {}} "#)
        #expect(value["a"]?[0]?.intValue == 1)
        #expect(value["a"]?[1]?.doubleValue == -2500)
        #expect(value["a"]?[1]?.numberValue?.literal == "-2.5e3")
        #expect(value["a"]?[2]?.boolValue == true)
        #expect(value["a"]?[4]?.isNull == true)
        #expect(value["a"]?[5]?.stringValue == "x\ny")
        #expect(value["b"]?.objectValue?.isEmpty == true)
        #expect(value["a"]?[99] == nil)
        #expect(value["missing"] == nil)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue(parsing: #""\"\\\/\b\f\n\r\t\u00e9\u4E2D\ud83d\ude00""#)
        #expect(value.stringValue == "\"\\/\u{8}\u{C}\n\r\té中😀")
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSONValue(parsing: #""a\ud800b""#).stringValue == "a\u{FFFD}b")
        #expect(try JSONValue(parsing: #""\udc00""#).stringValue == "\u{FFFD}")
        #expect(try JSONValue(parsing: #""\ud800\u0041""#).stringValue == "\u{FFFD}A")
    }

    @Test func lastDuplicateKeyWinsInFirstPosition() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"]?.intValue == 3)
        #expect(value.serializedString() == #"{"a":3,"b":2}"#)
    }

    @Test func duplicateKeysAreRefusedWhenAsked() {
        #expect(reason(#"{"a":1,"b":{"c":1,"c":2}}"#, options: .strict) == .duplicateKey("c"))
        #expect(reason(#"{"a":1,"b":{"c":1,"d":2}}"#, options: .strict) == nil)
    }

    @Test func byteOrderMarkIsTolerated() throws {
        let value = try JSONValue(parsing: [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8))
        #expect(value["a"]?.intValue == 1)
    }

    @Test func largeObjectsKeepOrderAndLookUp() throws {
        let keys = (0..<100).map { "key\(99 - $0)" }
        let text = "{" + keys.map { "\"\($0)\":\"\($0)\"" }.joined(separator: ",") + "}"
        let object = try #require(try JSONValue(parsing: text).objectValue)
        #expect(object.keys == keys)
        #expect(object["key42"]?.stringValue == "key42")
    }

    @Test(arguments: [
        ("", JSONError.Reason.unexpectedEndOfInput(expected: "a value")),
        ("   ", .unexpectedEndOfInput(expected: "a value")),
        (#"{"a":1"#, .unexpectedEndOfInput(expected: "`,` or `}`")),
        (#"{"a":"#, .unexpectedEndOfInput(expected: "a value")),
        (#"["abc"#, .unexpectedEndOfInput(expected: "`\"` closing the string")),
        ("tru", .unexpectedEndOfInput(expected: "`true`")),
        ("[1,2,]", .trailingComma),
        (#"{"a":1,}"#, .trailingComma),
        ("[,1]", .unexpectedCharacter(found: "`,`", expected: "a value")),
        ("{a:1}", .unexpectedCharacter(found: "`a`", expected: "a string key")),
        ("{'a':1}", .unexpectedCharacter(found: "`'`", expected: "a string key")),
        (#"{"a" 1}"#, .unexpectedCharacter(found: "`1`", expected: "`:`")),
        ("[1 2]", .unexpectedCharacter(found: "`2`", expected: "`,` or `]`")),
        ("nul", .unexpectedEndOfInput(expected: "`null`")),
        ("nulx", .unexpectedCharacter(found: "`x`", expected: "`null`")),
        ("NaN", .unexpectedCharacter(found: "`N`", expected: "a value")),
        ("01", .invalidNumber("01")),
        ("1.", .invalidNumber("1.")),
        ("-", .invalidNumber("-")),
        ("1e", .invalidNumber("1e")),
        ("1.2.3", .invalidNumber("1.2.3")),
        ("+1", .unexpectedCharacter(found: "`+`", expected: "a value")),
        (".5", .unexpectedCharacter(found: "`.`", expected: "a value")),
        (#""\x""#, .invalidEscape("x")),
        (#""\'""#, .invalidEscape("'")),
        (#""\u12g4""#, .invalidUnicodeEscape),
        ("\"a\tb\"", .controlCharacterInString(0x09)),
        ("\"a\nb\"", .controlCharacterInString(0x0A)),
        ("{} {}", .trailingContent),
        ("1 // comment", .trailingContent),
        ("\u{A0}1", .unexpectedCharacter(found: "`\u{A0}`", expected: "a value")),
    ])
    func malformedInputIsRefusedWithItsReason(text: String, expected: JSONError.Reason) {
        #expect(reason(text) == expected, "input: \(text)")
    }

    @Test(arguments: [
        [0x22, 0xFF, 0x22],  // 0xFF never appears in UTF-8
        [0x22, 0xC3, 0x22],  // truncated two-byte sequence
        [0x22, 0xC0, 0xAF, 0x22],  // overlong encoding of `/`
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // UTF-8-encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xE2, 0x82],  // truncated at end of input
        [0x5B, 0x80, 0x5D],  // stray continuation byte outside a string
    ] as [[UInt8]])
    func invalidUTF8IsRefused(bytes: [UInt8]) {
        #expect(reason(bytes: bytes) == .invalidUTF8)
    }

    @Test func deepNestingIsRefusedNotRecursed() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(reason(deep) == .nestingTooDeep(limit: 512))
        let objects = String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600)
        #expect(reason(objects) == .nestingTooDeep(limit: 512))
        let fine = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(reason(fine) == nil)
        #expect(reason("[[[1]]]", options: JSONParseOptions(maximumDepth: 2)) == .nestingTooDeep(limit: 2))
    }

    @Test func errorsCarryLineColumnExcerptAndHint() throws {
        let text = "{\n  \"name\": \"é\",\n  \"version\": \"1.0.0\",\n}\n"
        let error = try #require(throws: JSONError.self) { try JSONValue(parsing: text) }
        #expect(error.line == 4)
        #expect(error.column == 1)
        #expect(error.code == "EJSONPARSE")
        #expect(error.inFile("package.json").rendered() == """
            error EJSONPARSE: `package.json` is not valid JSON: trailing comma at line 4, column 1
              }
              ^

            hint: remove the comma before the closing bracket
            """)
        let columnError = try #require(throws: JSONError.self) { try JSONValue(parsing: #"{"é": tru }"#) }
        #expect(columnError.line == 1)
        #expect(columnError.column == 10)
        #expect(columnError.detail == [#"{"é": tru }"#, "         ^"])
    }
}

@Suite struct JSONParserPerformanceTests {
    /// A packument-shaped document of several megabytes must parse and serialize quickly; the
    /// bound is loose (debug builds, shared CI machines) but catches accidental quadratic work.
    @Test func parsesMegabytesQuickly() throws {
        var versions = JSONObject()
        for index in 0..<6_000 {
            let version = "1.\(index / 100).\(index % 100)"
            versions[version] = [
                "name": "big-package", "version": .string(version),
                "description": "A package with a long description \u{e9}\u{4e2d} and \"quotes\" and \\ backslashes",
                "dependencies": ["left-pad": "^1.3.0", "@scope/thing": "~2.0.0", "lodash": "4.17.21"],
                "dist": [
                    "tarball": .string("https://registry.example.com/big-package/-/big-package-\(version).tgz"),
                    "integrity": "sha512-Yb0Qk7bA0gMbbn6xbBj0Of3uA0VQ8wV1VnJEpTtE1TnLX5q8kE3fDqg5Vf4tHdA4E0dB3o6wS4mE0w==",
                    "fileCount": 12, "unpackedSize": 123_456,
                ],
            ]
        }
        let document: JSONValue = ["name": "big-package", "versions": .object(versions)]
        let clock = ContinuousClock()
        var bytes: [UInt8] = []
        let writing = clock.measure { bytes = document.serialized(.pretty) }
        var parsed: JSONValue = .null
        let parsing = try clock.measure { parsed = try JSONValue(parsing: bytes) }
        print("JSON: \(bytes.count) bytes, serialize \(writing), parse \(parsing)")
        #expect(bytes.count > 3_000_000)
        #expect(parsed == document)
        #expect(parsing < .seconds(20))
    }
}
