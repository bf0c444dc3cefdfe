/// A package.json that cannot be read or edited, naming the file, the JSON path and the bad value.
///
/// `pkg` and the registry both read manifests written by other tools; a precise location
/// (`dependencies.foo`) and the offending value let the author fix the file without guessing.
public enum ManifestError: Diagnostic, Hashable {
    /// The text is not JSON.
    case invalidJSON(JSONError)
    /// The top-level value is not an object.
    case notAnObject(file: String, found: JSONValue)
    /// A field has the wrong type: `path` is the dotted JSON path, `expected` names what fits.
    case wrongType(file: String, path: [String], expected: String, found: JSONValue)
    /// An edit addressed a path through a value that is not an object.
    case notAnObjectAtPath(file: String, path: [String], found: JSONValue)

    public var code: String {
        switch self {
        case .invalidJSON(let error): error.code
        default: "EBADMANIFEST"
        }
    }

    public var message: String {
        switch self {
        case .invalidJSON(let error):
            return error.message
        case .notAnObject(let file, let found):
            return "`\(file)` must contain a JSON object, found \(ManifestError.describe(found))"
        case .wrongType(let file, let path, let expected, let found):
            return "`\(file)`: `\(ManifestError.format(path))` must be \(expected), found \(ManifestError.describe(found))"
        case .notAnObjectAtPath(let file, let path, let found):
            return "`\(file)`: cannot edit inside `\(ManifestError.format(path))`, which is \(ManifestError.describe(found)), not an object"
        }
    }

    public var detail: [String] {
        if case .invalidJSON(let error) = self { return error.detail }
        return []
    }

    public var hint: String? {
        switch self {
        case .invalidJSON(let error): error.hint
        case .notAnObject: "wrap the fields in `{ }`"
        case .wrongType(_, let path, let expected, _): "change `\(ManifestError.format(path))` to \(expected)"
        case .notAnObjectAtPath(_, let path, _): "replace `\(ManifestError.format(path))` with an object or remove it"
        }
    }

    /// A JSON path as users read it: `dependencies.foo`, `bin["my cli"]`, `files[2]`.
    public static func format(_ path: [String]) -> String {
        var text = ""
        for component in path {
            if component.hasPrefix("["), component.hasSuffix("]") {
                text += component  // an array index, already formatted
            } else if !component.isEmpty, component.unicodeScalars.allSatisfy({ PackageName.isUnreservedInURIComponent($0) || $0 == "@" || $0 == "/" }), !component.contains(".") {
                text += text.isEmpty ? component : "." + component
            } else {
                text += "[" + JSONValue.string(component).serializedString() + "]"
            }
        }
        return text
    }

    /// A short rendering of a bad value: `42`, `"x"`, `an array`, `an object`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .array: return "an array"
        case .object: return "an object"
        default:
            let text = value.serializedString()
            return text.count > 40 ? String(text.prefix(37)) + "..." : text
        }
    }
}
