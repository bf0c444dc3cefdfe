// An insertion-ordered JSON object.
//
// Storage: parallel key and value arrays, plus a hash index built only once an object grows past
// `indexThreshold` keys. Most objects in packuments and lockfiles are small (a `dist`, a
// `dependencies` map), where a linear scan beats hashing; large ones (`versions`, `time`,
// lockfile `packages`) get O(1) lookup.

/// A JSON object that keeps its keys in insertion order, so edited documents keep their layout.
///
/// Setting an existing key replaces its value in place (JavaScript semantics: `o.a = 1` keeps `a`'s
/// position); removing a key keeps the order of the others.
public struct JSONObject: Sendable, Hashable {
    private var orderedKeys: [String]
    private var orderedValues: [JSONValue]
    private var index: [String: Int]?

    private static let indexThreshold = 12

    /// Creates an empty object.
    public init() {
        orderedKeys = []
        orderedValues = []
        index = nil
    }

    /// Creates an object from pairs in order; a repeated key keeps its first position and its last
    /// value, as `JSON.parse` does.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in document order.
    public var keys: [String] { orderedKeys }

    /// The values in document order.
    public var values: [JSONValue] { orderedValues }

    /// The number of members.
    public var count: Int { orderedKeys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { orderedKeys.isEmpty }

    /// The position of `key` in document order, or `nil` when absent.
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        return orderedKeys.firstIndex(of: key)
    }

    /// Whether the object has a member `key` (even one whose value is `null`).
    public func contains(_ key: String) -> Bool {
        position(of: key) != nil
    }

    /// The value for `key`; assigning `nil` removes the member, assigning a value to an existing
    /// key keeps its position, and a new key is appended at the end.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return orderedValues[position]
        }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Sets `value` for `key` (in place when present, appended otherwise) and returns the old value.
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        if let position = position(of: key) {
            let old = orderedValues[position]
            orderedValues[position] = value
            return old
        }
        orderedKeys.append(key)
        orderedValues.append(value)
        if index != nil {
            index?[key] = orderedKeys.count - 1
        } else if orderedKeys.count > JSONObject.indexThreshold {
            rebuildIndex()
        }
        return nil
    }

    /// Inserts a new member at `position` (clamped to the valid range), or, when `key` exists,
    /// moves it there with the new value. Used to put a new field where npm would put it.
    public mutating func insert(_ value: JSONValue, forKey key: String, at position: Int) {
        removeValue(forKey: key)
        let clamped = Swift.min(Swift.max(position, 0), orderedKeys.count)
        orderedKeys.insert(key, at: clamped)
        orderedValues.insert(value, at: clamped)
        rebuildIndex()
    }

    /// Removes `key` and returns its value; the other members keep their order.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        orderedKeys.remove(at: position)
        let old = orderedValues.remove(at: position)
        if index != nil { rebuildIndex() }
        return old
    }

    /// Reorders the members; npm sorts dependency maps this way when it saves package.json.
    public mutating func sortKeys(by areInIncreasingOrder: (String, String) -> Bool) {
        let order = orderedKeys.indices.sorted { areInIncreasingOrder(orderedKeys[$0], orderedKeys[$1]) }
        orderedKeys = order.map { orderedKeys[$0] }
        orderedValues = order.map { orderedValues[$0] }
        rebuildIndex()
    }

    private mutating func rebuildIndex() {
        guard orderedKeys.count > JSONObject.indexThreshold else {
            index = nil
            return
        }
        var built = [String: Int](minimumCapacity: orderedKeys.count)
        for (position, key) in orderedKeys.enumerated() { built[key] = position }
        index = built
    }

    /// Appends a member known to be new; the parser's fast path (it checks duplicates itself).
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        orderedKeys.append(key)
        orderedValues.append(value)
        if index != nil {
            index?[key] = orderedKeys.count - 1
        } else if orderedKeys.count > JSONObject.indexThreshold {
            rebuildIndex()
        }
    }

    /// Replaces the value at a known position; the parser's "last duplicate wins" path.
    mutating func replaceValue(at position: Int, with value: JSONValue) {
        orderedValues[position] = value
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.orderedKeys == rhs.orderedKeys && lhs.orderedValues == rhs.orderedValues
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(orderedKeys)
        hasher.combine(orderedValues)
    }
}

extension JSONObject: Sequence {
    /// Iterates `(key, value)` pairs in document order.
    public struct Iterator: IteratorProtocol {
        private let object: JSONObject
        private var position = 0

        init(_ object: JSONObject) { self.object = object }

        public mutating func next() -> (key: String, value: JSONValue)? {
            guard position < object.orderedKeys.count else { return nil }
            defer { position += 1 }
            return (object.orderedKeys[position], object.orderedValues[position])
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    public var underestimatedCount: Int { orderedKeys.count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Literal syntax keeps order: `["name": "a", "version": "1.0.0"]` serializes in that order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONObject: CustomStringConvertible {
    public var description: String { JSONValue.object(self).serializedString() }
}
