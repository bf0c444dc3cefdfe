/// A value as npm's ini parser (ini 4.1.3) produces it, before any config-type coercion.
public enum IniValue: Sendable, Hashable {
    case string(String)
    /// `true`/`false` written bare, or a bare key (`key` alone means `true`).
    case bool(Bool)
    case null
    /// `key[]=a` lines, in order.
    case list([String])

    /// The value as text, the way npm would stringify it; `nil` for `null`.
    public var text: String? {
        switch self {
        case .string(let value): value
        case .bool(let value): value ? "true" : "false"
        case .null: nil
        case .list(let values): values.joined(separator: "\n\n")
        }
    }
}

/// One `key = value` assignment from an ini file, with the section it sits in.
public struct IniEntry: Sendable, Hashable {
    /// `nil` for keys before any `[section]`; npm ignores keys inside sections.
    public var section: String?
    public var key: String
    public var value: IniValue

    public init(section: String?, key: String, value: IniValue) {
        self.section = section
        self.key = key
        self.value = value
    }
}
