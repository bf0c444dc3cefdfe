// Differential tests: our parser and serializer against node's JSON.parse / JSON.stringify on
// seeded generated documents. Set PKG_JSON_SEED to reproduce a printed seed.
import Foundation
import PkgModel
import Testing

@Suite struct JSONDifferentialTests {
    static let seed: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["PKG_JSON_SEED"], let seed = UInt64(text) { return seed }
        return 20_261_125
    }()

    /// node: for each length-prefixed document, JSON.parse then stringify in four layouts; writes
    /// length-prefixed results, `-1` for a parse error.
    static let stringifyScript = """
        const fs = require('fs');
        const input = fs.readFileSync(process.argv[2]);
        const out = [];
        let at = 0;
        const emit = (s) => { const b = Buffer.from(s, 'utf8'); out.push(Buffer.from(b.length + '\\n')); out.push(b); };
        while (at < input.length) {
          const nl = input.indexOf(10, at);
          const len = Number(input.subarray(at, nl).toString());
          const doc = input.subarray(nl + 1, nl + 1 + len).toString('utf8');
          at = nl + 1 + len;
          let v;
          try { v = JSON.parse(doc); } catch (e) { out.push(Buffer.from('-1\\n')); continue; }
          emit(JSON.stringify(v)); emit(JSON.stringify(v, null, 2)); emit(JSON.stringify(v, null, 4)); emit(JSON.stringify(v, null, '\\t'));
        }
        fs.writeFileSync(process.argv[3], Buffer.concat(out));
        """

    static func lengthPrefixed(_ documents: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for document in documents {
            bytes += Array("\(document.count)\n".utf8)
            bytes += document
        }
        return bytes
    }

    /// Splits node's output back into records; `nil` marks a parse error.
    static func records(_ bytes: [UInt8], perDocument: Int) -> [[[UInt8]]?] {
        var results: [[[UInt8]]?] = []
        var position = 0
        while position < bytes.count {
            var group: [[UInt8]] = []
            var failed = false
            for _ in 0..<perDocument {
                guard let newline = bytes[position...].firstIndex(of: 0x0A) else { return results }
                let length = Int(String(decoding: bytes[position..<newline], as: UTF8.self)) ?? -1
                position = newline + 1
                if length < 0 {
                    failed = true
                    break
                }
                group.append(Array(bytes[position..<position + length]))
                position += length
            }
            results.append(failed ? nil : group)
        }
        return results
    }

    @Test func parseAndStringifyMatchNodeOnGeneratedDocuments() async throws {
        var random = JSONTestRandom(seed: Self.seed)
        var generator = DocumentGenerator()
        let documents = (0..<1500).map { _ in Array(generator.document(using: &random).utf8) }
        guard let output = try await JSONNodeOracle.run(script: Self.stringifyScript, input: Self.lengthPrefixed(documents)) else { return }
        let expected = Self.records(output, perDocument: 4)
        try #require(expected.count == documents.count, "seed \(Self.seed)")
        var mismatches = 0
        // Every generated document is valid JSON; a generator bug must not hide behind "both reject".
        #expect(expected.allSatisfy { $0 != nil }, "seed \(Self.seed)")
        for (document, node) in zip(documents, expected) {
            let ours = try? JSONValue(parsing: document)
            guard let node, let ours else {
                #expect(node == nil && ours == nil, "acceptance differs (seed \(Self.seed)): \(String(decoding: document, as: UTF8.self))")
                continue
            }
            let formats: [JSONFormat] = [.compact, .indented(by: "  "), .indented(by: "    "), .indented(by: "\t")]
            for (format, nodeBytes) in zip(formats, node) where ours.serialized(format) != nodeBytes {
                mismatches += 1
                if mismatches < 5 {
                    Issue.record("""
                        seed \(Self.seed), format \(format): \(String(decoding: document, as: UTF8.self))
                        node: \(String(decoding: nodeBytes, as: UTF8.self))
                        ours: \(ours.serializedString(format))
                        """)
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func acceptanceMatchesNodeOnMutatedDocuments() async throws {
        var random = JSONTestRandom(seed: Self.seed &+ 1)
        var generator = DocumentGenerator()
        let structural = Array("{}[],:\"\\ \n0123456789-+.eEtrufalsn/x".unicodeScalars)
        var documents: [[UInt8]] = []
        for _ in 0..<2500 {
            var scalars = Array(generator.document(using: &random).unicodeScalars)
            switch Int.random(in: 0..<3, using: &random) {
            case 0 where !scalars.isEmpty:
                scalars.remove(at: Int.random(in: 0..<scalars.count, using: &random))
            case 1:
                scalars.insert(structural.randomElement(using: &random)!, at: Int.random(in: 0...scalars.count, using: &random))
            default:
                scalars = Array(scalars.prefix(Int.random(in: 0...scalars.count, using: &random)))
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            documents.append(Array(text.utf8))
        }
        guard let output = try await JSONNodeOracle.run(script: Self.stringifyScript, input: Self.lengthPrefixed(documents)) else { return }
        let expected = Self.records(output, perDocument: 4)
        try #require(expected.count == documents.count, "seed \(Self.seed)")
        var disagreements = 0
        // Both outcomes must be well represented, or the comparison proves little.
        let rejected = expected.filter { $0 == nil }.count
        #expect(rejected > 500 && rejected < 2000, "node rejected \(rejected) of 2500")
        for (document, node) in zip(documents, expected) {
            let ours = try? JSONValue(parsing: document)
            if (ours == nil) != (node == nil) {
                disagreements += 1
                if disagreements < 5 {
                    Issue.record("seed \(Self.seed): node \(node == nil ? "rejects" : "accepts"), we \(ours == nil ? "reject" : "accept"): \(String(decoding: document, as: UTF8.self))")
                }
            }
        }
        #expect(disagreements == 0)
    }

    @Test func numbersReadAndPrintLikeJavaScript() async throws {
        var random = JSONTestRandom(seed: Self.seed &+ 2)
        var literals: [String] = []
        for _ in 0..<3000 {
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                literals.append(String(Double(bitPattern: random.next())).replacingOccurrences(of: "inf", with: "1").replacingOccurrences(of: "nan", with: "0"))
            case 1:
                literals.append(String(Int.random(in: -1_000_000_000_000_000...1_000_000_000_000_000, using: &random)))
            case 2:
                let mantissa = Int.random(in: 0...999_999, using: &random)
                let exponent = Int.random(in: -330...330, using: &random)
                literals.append("\(mantissa).\(Int.random(in: 0...99, using: &random))e\(exponent)")
            default:
                literals.append("\(Double.random(in: -1e6...1e6, using: &random))")
            }
        }
        literals = literals.filter { JSONNumber(literal: $0) != nil }
        let documents = literals.map { Array($0.utf8) }
        guard let output = try await JSONNodeOracle.run(script: Self.stringifyScript, input: Self.lengthPrefixed(documents)) else { return }
        let expected = Self.records(output, perDocument: 4)
        try #require(expected.count == documents.count)
        for (literal, node) in zip(literals, expected) {
            let number = try #require(JSONNumber(literal: literal))
            let printed = JSONValue(number.doubleValue).serializedString()
            #expect(printed == String(decoding: node?.first ?? [], as: UTF8.self), "literal \(literal)")
        }
    }
}

/// Generates JSON text with varied whitespace, escapes and non-ASCII, in canonical number form
/// (JavaScript reprints numbers, we keep literals). Keys never look like array indices, because
/// JavaScript moves those first in objects and we keep insertion order on purpose.
struct DocumentGenerator {
    private var usedKeys: [String] = ["a"]

    mutating func document(using random: inout JSONTestRandom) -> String {
        whitespace(&random) + value(depth: 0, using: &random) + whitespace(&random)
    }

    private func whitespace(_ random: inout JSONTestRandom) -> String {
        ["", "", "", " ", "\n", "\t", "\r\n", "  \n  "].randomElement(using: &random)!
    }

    private mutating func value(depth: Int, using random: inout JSONTestRandom) -> String {
        let choice = Int.random(in: 0..<(depth > 5 ? 6 : 9), using: &random)
        switch choice {
        case 0: return "null"
        case 1: return Bool.random(using: &random) ? "true" : "false"
        case 2, 3: return number(using: &random)
        case 4, 5: return string(using: &random, allowDigits: true)
        case 6, 7:
            let count = Int.random(in: 0...4, using: &random)
            var members: [String] = []
            for _ in 0..<count {
                let key: String
                if Int.random(in: 0..<6, using: &random) == 0 {
                    key = "\"" + usedKeys.randomElement(using: &random)! + "\""  // a duplicate key: last one wins
                } else {
                    key = string(using: &random, allowDigits: false)
                    usedKeys.append(String(key.dropFirst().dropLast()))
                    if usedKeys.count > 8 { usedKeys.removeFirst() }
                }
                members.append(whitespace(&random) + key + whitespace(&random) + ":" + whitespace(&random)
                    + value(depth: depth + 1, using: &random) + whitespace(&random))
            }
            return "{" + members.joined(separator: ",") + (members.isEmpty ? whitespace(&random) : "") + "}"
        default:
            let count = Int.random(in: 0...4, using: &random)
            let elements = (0..<count).map { _ in
                whitespace(&random) + value(depth: depth + 1, using: &random) + whitespace(&random)
            }
            return "[" + elements.joined(separator: ",") + (elements.isEmpty ? whitespace(&random) : "") + "]"
        }
    }

    private func number(using random: inout JSONTestRandom) -> String {
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return String(Int.random(in: -10_000...10_000, using: &random))
        case 1: return JSONValue(Double.random(in: -1e9...1e9, using: &random)).serializedString()
        default:
            let value = Double(bitPattern: random.next())
            return JSONValue(value.isFinite ? value : 0.5).serializedString()
        }
    }

    /// A quoted JSON string literal mixing raw characters and every escape form.
    private func string(using random: inout JSONTestRandom, allowDigits: Bool) -> String {
        let raw: [String] = ["a", "b", "Z", " ", "é", "中", "😀", "\u{2028}", "\u{7F}", "/", "'", "-", "_", "@", "~"]
        let escapes: [String] = ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000", "\\u001f", "\\u00e9",
                                 "\\u4e2d", "\\ud83d\\ude00", "\\uFEFF", "\\u0041", "\\u2029", "\\u007F"]
        var text = "\""
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: text += escapes.randomElement(using: &random)!
            case 1 where allowDigits: text += String(Int.random(in: 0...9, using: &random))
            default: text += raw.randomElement(using: &random)!
            }
        }
        return text + "\""
    }
}
