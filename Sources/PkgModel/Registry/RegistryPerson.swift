import Foundation

/// A maintainer or publisher as registry documents record them (`maintainers`, `_npmUser`).
///
/// npm writes `{name, email}` objects, but old documents carry `"Name <email>"` strings; both
/// read into one value so owner checks compare names, not formats.
public struct RegistryPerson: Sendable, Hashable {
    /// The registry user name.
    public var name: String
    /// The e-mail address, when known.
    public var email: String?

    /// Creates a person.
    public init(name: String, email: String? = nil) {
        self.name = name
        self.email = email
    }

    /// Reads either the object or the `"Name <email> (url)"` string form; `nil` for anything else.
    public init?(json: JSONValue) {
        if let object = json.objectValue {
            guard let name = object["name"]?.stringValue else { return nil }
            self.init(name: name, email: object["email"]?.stringValue)
        } else if let text = json.stringValue {
            var name = Substring(text)
            var email: String?
            if let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
                email = String(text[text.index(after: open)..<close])
                name = text[..<open]
            } else if let paren = text.firstIndex(of: "(") {
                name = text[..<paren]
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return nil }
            self.init(name: trimmed, email: email)
        } else {
            return nil
        }
    }

    /// The object form npm writes: `{"name": …, "email": …}`.
    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name)]
        if let email { object["email"] = .string(email) }
        return .object(object)
    }
}
