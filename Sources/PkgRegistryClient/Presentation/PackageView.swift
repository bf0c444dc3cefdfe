// `npm view <spec> [field...]`: which versions a spec shows and how each is printed, reproduced
// from npm 10's `lib/commands/view.js` so that scripts parsing npm's output can parse pkg's.
//
// - The spec picks versions: a dist-tag becomes its version, then every version satisfying the
//   result as a loose range is shown (`1.x` shows several). A bare name, or `name@*`, means the
//   `latest` tag. No match is E404 ("No match found for version …"), except for `latest`.
// - Each version is seen as one object: the packument's fields, then the version's fields over
//   them (so `name`, `version`, `dist` are the version's; `dist-tags`, `time`, `maintainers` the
//   packument's), with `versions` replaced by the sorted list of valid version strings, the
//   packument's `readme` dropped unless asked for, and `_contentLength` added as npm's fetcher does.
// - Fields are dotted paths (`dist.tarball`, `repository.url`, `contributors[0]`); a name into an
//   array of objects lists `field[i].name` for each; one-item arrays are unwrapped (not in JSON).
// - Without `--json`, a lone string prints raw; anything else, or several fields or versions,
//   prints as node's `util.inspect` with `name@version ` and `field = ` prefixes. With `--json`,
//   one value per version, unwrapped when a single version or a single field.
// - Person objects (`{name, email, url}` with at most those keys) print as `name <email> (url)`.
import Foundation
import PkgModel

/// Renders `npm view` output for one packument.
public struct PackageView: Sendable {
    /// The full packument (`Accept: application/json`).
    public var packument: Packument
    /// What followed `name@`, or `nil` for a bare name.
    public var versionSpec: String?
    /// The requested fields; empty for the summary (or the whole document with `--json`).
    public var fields: [String]
    /// `--json`.
    public var json: Bool
    /// The clock for "published 3 minutes ago".
    public var now: Date
    /// The terminal's width for the dist-tag and dependency columns; `nil` when stdout is not a
    /// terminal (npm then prints one per line).
    public var terminalWidth: Int?
    /// Whether the terminal takes Unicode (npm's `unicode` setting): `DEPRECATED ⚠️ ` or `DEPRECATED!!`.
    public var unicode: Bool
    /// The response's `Content-Length`, which npm's fetcher adds to the packument as `_contentLength`.
    public var contentLength: Int?

    public init(
        packument: Packument, versionSpec: String?, fields: [String], json: Bool,
        now: Date = Date(), terminalWidth: Int? = nil, unicode: Bool = true, contentLength: Int? = nil
    ) {
        self.contentLength = contentLength
        self.packument = packument
        self.versionSpec = versionSpec
        self.fields = fields
        self.json = json
        self.now = now
        self.terminalWidth = terminalWidth
        self.unicode = unicode
    }

    /// The name npm prefixes lines with: the packument's `_id`, else its `name`.
    var packageID: String { packument.object["_id"]?.stringValue ?? packument.name }

    /// The versions the spec selects, in document order.
    /// - Throws: `PackageViewError.noMatch` when a spec other than `latest` matches nothing.
    public func selectedVersions() throws(PackageViewError) -> [String] {
        var wanted = versionSpec ?? "latest"
        if wanted.isEmpty || wanted == "*" { wanted = "latest" }
        if let tagged = packument.distTags[wanted] { wanted = tagged }
        let range = try? VersionRange(wanted, loose: true)
        let matching = packument.versions.filter { text in
            guard let range, let version = Version.parse(text, loose: true) else { return false }
            return range.satisfied(by: version)
        }
        if matching.isEmpty && wanted != "latest" {
            throw .noMatch(name: packageID, spec: wanted)
        }
        return matching
    }

    /// The valid version strings, sorted as `semver.compareLoose` sorts them.
    var sortedVersions: [String] {
        packument.versions
            .compactMap { text in Version.parse(text, loose: true).map { (text, $0) } }
            .sorted { $0.1 < $1.1 }
            .map(\.0)
    }

    /// The packument seen from one version (see the file comment).
    func merged(version: String) -> JSONObject {
        var object = packument.object
        object["versions"] = .array(sortedVersions.map(JSONValue.string))
        if !fields.contains("readme") { object["readme"] = nil }
        if let contentLength { object["_contentLength"] = JSONValue(contentLength) }
        var manifest = packument.object["versions"]?[version]?.objectValue ?? JSONObject()
        if fields.contains("readme") { manifest["readme"] = nil }
        for (key, value) in manifest { object[key] = value }
        return object
    }

    /// The text to print on stdout (without the final newline), or `nil` when npm prints nothing.
    /// - Throws: `PackageViewError` when the spec matches no version or a field is malformed.
    public func render() throws(PackageViewError) -> String? {
        if let unpublished = packument.object["time"]?["unpublished"] {
            let time = unpublished["time"]?.stringValue ?? ""
            throw .unpublished(name: packageID, time: time)
        }
        let versions = try selectedVersions()
        if fields.isEmpty && !json {
            let views = versions.map { summary(of: merged(version: $0)) }
            return views.isEmpty ? nil : views.joined(separator: "\n")
        }
        // version → [(field, value)]; a nil value is JavaScript's `undefined`.
        var data: [(version: String, fields: [(String, JSONValue?)])] = []
        for version in versions {
            let object = merged(version: version)
            var found: [(String, JSONValue?)] = []
            if fields.isEmpty {
                found = object.map { ($0.key, $0.value) }
            } else {
                for field in fields {
                    for (key, value) in try Self.query(object, field, unwrapSingleItemArrays: !json) {
                        if let index = found.firstIndex(where: { $0.0 == key }) {
                            found[index].1 = value
                        } else {
                            found.append((key, value))
                        }
                    }
                }
            }
            if !found.isEmpty { data.append((version, found)) }
        }
        return json ? jsonOutput(data) : textOutput(data)
    }

    private func textOutput(_ data: [(version: String, fields: [(String, JSONValue?)])]) -> String? {
        let includeVersions = data.count > 1
        var includeFields = false
        var lines: [String] = []
        let inspect = NodeInspect()
        for (version, fields) in data {
            includeFields = includeFields || fields.count > 1
            for (field, value) in fields {
                let cleaned = value.map(Self.cleanup)
                var text: String
                if case .string(let raw)? = cleaned, !includeVersions, !includeFields {
                    text = raw
                } else {
                    text = cleaned.map(inspect.format) ?? "undefined"
                }
                if includeFields { text = "\(field) = " + text }
                if includeVersions { text = "\(packageID)@\(version) " + text }
                lines.append(text)
            }
        }
        let output = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return output.isEmpty ? nil : output
    }

    private func jsonOutput(_ data: [(version: String, fields: [(String, JSONValue?)])]) -> String? {
        var results: [JSONObject] = []
        for (_, fields) in data {
            var message = JSONObject()
            for (field, value) in fields {
                if let value { message[field] = Self.cleanup(value) } else { message[field] = nil }
            }
            results.append(message)
        }
        var values: [JSONValue]
        if let first = results.first, first.count == 1, let key = first.keys.first {
            values = results.map { $0[key] ?? .null }
        } else {
            values = results.map(JSONValue.object)
        }
        guard !values.isEmpty else { return nil }
        let result = values.count == 1 ? values[0] : .array(values)
        return result.serializedString(.pretty)
    }

    // MARK: Field queries (npm's `Queryable`)

    /// The `(label, value)` pairs one field selects; empty when the path does not exist.
    static func query(_ object: JSONObject, _ field: String, unwrapSingleItemArrays: Bool) throws(PackageViewError) -> [(String, JSONValue?)] {
        let keys = try parseKeys(field)
        var current = JSONValue.object(object)
        var label = ""
        for key in keys {
            if case .array(let items) = current, Int(key) == nil {
                return items.enumerated().map { index, item in ("\(label)[\(index)].\(key)", item[key]) }
            }
            switch current {
            case .object(let members):
                guard let next = members[key] else { return [] }
                current = next
            case .array(let items):
                guard let index = Int(key), items.indices.contains(index) else { return [] }
                current = items[index]
            default:
                return []
            }
            label += key
        }
        if unwrapSingleItemArrays, case .array(let items) = current, items.count <= 1 {
            return [(field, items.first)]
        }
        return [(field, current)]
    }

    /// Splits `a.b[0].c` into `a`, `b`, `0`, `c`.
    static func parseKeys(_ field: String) throws(PackageViewError) -> [String] {
        var keys: [String] = []
        var current = ""
        var inBrackets = false
        for character in field.trimmingCharacters(in: .whitespaces) {
            switch character {
            case "[" where !inBrackets:
                if !current.isEmpty { keys.append(current) }
                current = ""
                inBrackets = true
            case "]" where inBrackets:
                guard !current.isEmpty else { throw .invalidField(field) }
                keys.append(current)
                current = ""
                inBrackets = false
            case "." where !inBrackets:
                if !current.isEmpty { keys.append(current) }
                current = ""
            default:
                current.append(character)
            }
        }
        guard !inBrackets else { throw .invalidField(field) }
        if !current.isEmpty { keys.append(current) }
        return keys
    }

    /// npm's `cleanup`: person objects become `name <email> (url)`, inside arrays too.
    static func cleanup(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(cleanup))
        case .object(let object):
            guard object.count <= 3, let name = Self.truthyString(object["name"]) else { return value }
            let email = Self.truthyString(object["email"]), url = Self.truthyString(object["url"])
            let isPerson = object.count == 1
                || (object.count == 3 && email != nil && url != nil)
                || (object.count == 2 && (email != nil || url != nil))
            guard isPerson else { return value }
            return .string(Self.person(name: name, email: email, url: url))
        default:
            return value
        }
    }

    static func person(name: String, email: String?, url: String?) -> String {
        name + (email.map { " <\($0)>" } ?? "") + (url.map { " (\($0))" } ?? "")
    }

    private static func truthyString(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        switch value {
        case .string(let text): return text.isEmpty ? nil : text
        case .null, .bool(false): return nil
        case .number(let number): return number.doubleValue == 0 ? nil : JSONValue.number(number).serializedString()
        default: return value.serializedString()
        }
    }
}
