// A JSON document as a value: the one representation of package.json, packuments, lockfiles and
// registry bodies that client and server share.
//
// Decisions (each has a test in Tests/PkgModelTests/JSONValueTests.swift):
// - Numbers keep their source literal (`JSONNumber`), so `1.0`, `1e3` and 20-digit integers
//   survive an edit of an unrelated field byte-for-byte; equality compares the literal.
// - Objects keep insertion order (`JSONObject`); equality is order-sensitive, so two values are
//   equal exactly when they serialize to the same bytes.
// - Objects do not reproduce JavaScript's "integer-like keys first" property order: a package.json
//   key order is what its author wrote, and npm rewrites only the objects it sorts anyway.
// - A Swift `String` cannot hold a lone UTF-16 surrogate, so the parser turns an unpaired
//   `\ud800`-style escape into U+FFFD; everything else is lossless.

/// A parsed JSON value that keeps key order and number literals, so documents round-trip exactly.
///
/// `pkg` edits files users own (package.json) and the registry rewrites documents it does not fully
/// model (packuments); both must not reorder keys or reformat numbers they never touched.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The string, when this is a JSON string; `nil` otherwise (no coercion, as npm's readers expect).
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number, when this is a JSON number.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number as a `Double`, as JavaScript would read it.
    public var doubleValue: Double? { numberValue?.doubleValue }

    /// The number as an `Int` when it is an integer that fits; `nil` for `1.5` or non-numbers.
    public var intValue: Int? { numberValue?.intValue }

    /// The elements, when this is a JSON array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object, when this is a JSON object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is JSON `null`; registries use `null` to mean "deliberately absent".
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member `key` of an object; `nil` when this is not an object or has no such key.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The element at `index` of an array; `nil` when out of range or not an array, never a trap.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The JSON type name (`"string"`, `"object"`…) used in error messages such as "found an array".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Creates a number from an integer, the common case for sizes, counts and `lockfileVersion`.
    public init(_ value: Int) {
        self = .number(JSONNumber(value))
    }

    /// Creates a number formatted as JavaScript's `String(value)` would; non-finite values become
    /// `null`, as `JSON.stringify` writes them.
    public init(_ value: Double) {
        if let number = JSONNumber(value) {
            self = .number(number)
        } else {
            self = .null
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// Literal syntax keeps tests and fixed documents (`["lockfileVersion": 1]`) readable.
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self.init(value) }
    public init(floatLiteral value: Double) { self.init(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text, so values print readably in test failures and logs.
    public var description: String { serializedString() }
}
