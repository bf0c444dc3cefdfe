// Stand-in for PkgModel's `JSONValue` until the `manifest` branch lands; swap it out after
// `git merge main`. Kept private to the server so it never collides with the model's type.
//
// Two rules matter for a registry: objects keep their key order (so a stored packument
// round-trips byte-for-byte) and a document with a duplicated key is refused, because
// Foundation's `JSONDecoder` keeps the first of two equal keys while JavaScript keeps the last,
// so two readers of one manifest would see two different packages.

/// A JSON document with ordered objects and numbers kept as their source text.
enum ServerJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's literal text, so `1.0` is not silently rewritten.
    case number(String)
    case string(String)
    case array([ServerJSON])
    case object(ServerJSONObject)

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var objectValue: ServerJSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    var arrayValue: [ServerJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    subscript(key: String) -> ServerJSON? {
        objectValue?[key]
    }
}

/// A JSON object that remembers the order its keys were first set in.
struct ServerJSONObject: Sendable, Hashable, Sequence {
    private(set) var keys: [String] = []
    private var values: [String: ServerJSON] = [:]

    init() {}

    init(_ pairs: [(String, ServerJSON)]) {
        for (key, value) in pairs { self[key] = value }
    }

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    subscript(key: String) -> ServerJSON? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    func makeIterator() -> AnyIterator<(key: String, value: ServerJSON)> {
        var index = 0
        return AnyIterator {
            guard index < keys.count else { return nil }
            defer { index += 1 }
            let key = keys[index]
            return (key, values[key] ?? .null)
        }
    }
}

extension ServerJSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(nilLiteral: ()) { self = .null }

    static func integer(_ value: Int) -> ServerJSON { .number(String(value)) }
}
