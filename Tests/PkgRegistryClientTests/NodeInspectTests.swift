import Foundation
import PkgModel
import PkgRegistryClient
import PkgTestSupport
import Testing

/// `pkg view`'s non-string values must print as node's `util.inspect` prints them for `npm view`.
@Suite struct NodeInspectTests {
    static func value(_ json: String) throws -> JSONValue {
        try JSONValue(parsing: Array(json.utf8))
    }

    @Test(arguments: [
        (#"["1.0.0","1.1.0"]"#, "[ '1.0.0', '1.1.0' ]"),
        (#"{"latest":"1.0.0","next-major":"2.0.0"}"#, "{ latest: '1.0.0', 'next-major': '2.0.0' }"),
        (#""it's""#, #""it's""#),
        (#"["a\nb", 3, -0, 1.50, true, null, [], {}]"#, "[\n  'a\\nb', 3,\n  -0,     1.5,\n  true,   null,\n  [],     {}\n]"),
        (#"{"a":{"b":{"c":{"d":1}}}}"#, "{\n  a: { b: { c: { d: 1 } } }\n}"),
    ])
    func knownLayouts(json: String, expected: String) throws {
        #expect(NodeInspect().format(try Self.value(json)) == expected)
    }

    @Test func longArraysAreGroupedInColumns() throws {
        let versions = (0..<26).map { "\"1.\($0).0\"" }.joined(separator: ",")
        let text = NodeInspect().format(try Self.value("[\(versions)]"))
        #expect(text.hasPrefix("[\n  '1.0.0',  '1.1.0',  '1.2.0',"), "\(text)")
        #expect(text.split(separator: "\n").count > 3)
    }

    /// node itself is the oracle for the layouts that are easy to get subtly wrong.
    @Test func agreesWithNode() async throws {
        guard let node = NodeOracle.find() else {
            print("skipping: node is not on PATH")
            return
        }
        let cases = [
            #"["1.0.0","1.1.0","2.0.0-beta.1"]"#,
            "[" + (0..<40).map { "\"0.\($0).\($0 * 7)\"" }.joined(separator: ",") + "]",
            "[" + (0..<30).map { String($0 * 37) }.joined(separator: ",") + "]",
            #"{"name":"x","version":"1.0.0","dist":{"tarball":"http://127.0.0.1:4873/x/-/x-1.0.0.tgz","shasum":"0123456789abcdef0123456789abcdef01234567","integrity":"sha512-AAAA","fileCount":3,"unpackedSize":1234}}"#,
            #"{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}},"z":[{"name":"alice","email":"a@example.com"},{"name":"bob"}]}"#,
            ##"{"readme":"# Title\n\nA long readme line that goes on and on and on so that it is wider than the break length of node.\nSecond line\n"}"##,
            #"["it's", "say \"hi\"", "both ' and \" and `", "tab\tand\u0001control", "back\\slash", "ünïcödé ✓"]"#,
            #"{"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-02T00:00:00.000Z","1.0.0":"2024-01-01T00:00:00.000Z","1.1.0":"2024-01-02T00:00:00.000Z"}"#,
            #"{"1abc":1,"_ok":2,"a-b":3,"":4}"#,
        ]
        let script = """
            const util = require('util');
            const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
            process.stdout.write(JSON.stringify(input.map(v => util.inspect(JSON.parse(v), { depth: 5, colors: false, maxArrayLength: null, showHidden: false }))));
            """
        let output = try await node.run(script: script, input: try JSONSerialization.data(withJSONObject: cases))
        let expected = try #require(try JSONSerialization.jsonObject(with: output) as? [String])
        for (json, nodeText) in zip(cases, expected) {
            let text = NodeInspect().format(try Self.value(json))
            #expect(text == nodeText, "\(json)\n\(text)\n---\n\(nodeText)")
        }
    }
}
