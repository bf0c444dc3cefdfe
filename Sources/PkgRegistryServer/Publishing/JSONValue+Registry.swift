// What the registry adds to PkgModel's JSON: strict parsing for everything clients send
// (duplicate keys refused, because Foundation's `JSONDecoder` keeps the first of two equal keys
// while JavaScript keeps the last) and equivalence as JavaScript would judge it.
import PkgModel

extension JSONValue {
    /// A number from an integer; reads better than `JSONValue(count)` in object literals.
    static func integer(_ value: Int) -> JSONValue { JSONValue(value) }

    /// The compact `JSON.stringify` serialization.
    var serializedBytes: [UInt8] { serialized() }

    /// Parses a client's or a tarball's JSON, refusing duplicate keys.
    ///
    /// - Throws: `JSONError` naming the first problem.
    static func parseStrict(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        try JSONValue(parsing: bytes, options: .strict)
    }

    /// Equality as JavaScript would see it after a `JSON.parse`/`JSON.stringify` round trip:
    /// numbers by value, objects regardless of key order.
    func isEquivalent(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.number(let left), .number(let right)): return left == right || left.doubleValue == right.doubleValue
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isEquivalent(to: $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count && left.allSatisfy { key, value in right[key].map(value.isEquivalent) ?? false }
        default: return self == other
        }
    }
}
