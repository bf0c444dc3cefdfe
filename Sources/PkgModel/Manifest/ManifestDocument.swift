// A package.json being edited by `pkg add`, `pkg remove`, `pkg version`, `pkg pkg set`.
//
// What survives, and why:
// - Unchanged documents serialize to their original bytes, exactly (BOM, spacing, `1.0`…).
// - Edited documents are rewritten as npm rewrites them (`@npmcli/package-json` save):
//   `JSON.stringify(content, null, indent)` with the detected indent and newline, so a diff shows
//   only what changed when the file was in npm's layout to begin with. Key order, unknown fields
//   and number literals always survive (JSONObject / JSONNumber); a leading BOM is dropped, as npm does.
// - Indent detection is json-parse-even-better-errors': the whitespace after the first line break
//   following the opening `{`; no line break there means a compact file; `{}` means 2 spaces. (npm
//   would also take blank lines into the indent; we stop at the first line break.)
// - Newline: `\r\n` when the first line break is `\r\n`; the final newline is kept or omitted as in
//   the original.
// - Dependency edits follow arborist's `add-rm-pkg-deps.js` and package-json's
//   `update-dependencies.js`, checked byte-for-byte against them in ManifestDocumentTests: a name
//   moves between maps (`pkg add -D x` takes x out of `dependencies`), `*` never overwrites an
//   existing spec, optional names leave `dependencies`, all four maps are re-sorted with
//   `localeCompare(…, 'en')` (`NameCollation`), empty maps are removed, new maps are appended at
//   the end, and `peerDependenciesMeta` is left alone (npm saves only the maps and the bundle).

/// An editable package.json that remembers its formatting, so edits change only what they must.
public struct ManifestDocument: Sendable, Hashable {
    /// The document's top-level object, in file order.
    public private(set) var root: JSONObject
    /// The file name shown in errors.
    public let file: String
    /// The indent unit (`"  "`, `"    "`, `"\t"`), or `""` for a single-line file.
    public var indent: String
    /// The line break, `"\n"` or `"\r\n"`.
    public var newline: String
    /// Whether the file ends with a line break.
    public var hasFinalNewline: Bool
    /// Whether anything was changed since parsing; unchanged documents serialize to their original bytes.
    public private(set) var isModified: Bool
    private let originalBytes: [UInt8]

    /// Parses package.json bytes and detects their formatting.
    ///
    /// - Throws: `ManifestError.invalidJSON` or `.notAnObject`, naming `file`.
    public init(parsing bytes: some Collection<UInt8>, file: String = "package.json") throws(ManifestError) {
        let bytes = Array(bytes)
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .invalidJSON(error.inFile(file))
        }
        guard case .object(let object) = value else {
            throw .notAnObject(file: file, found: value)
        }
        root = object
        self.file = file
        originalBytes = bytes
        isModified = false
        var text = bytes[...]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        (indent, newline) = ManifestDocument.detectFormat(text)
        hasFinalNewline = text.last == 0x0A
    }

    /// A new document (for `pkg init`), in npm's default layout: 2 spaces, `\n`, final newline.
    public init(root: JSONObject, file: String = "package.json") {
        self.root = root
        self.file = file
        indent = "  "
        newline = "\n"
        hasFinalNewline = true
        isModified = true
        originalBytes = []
    }

    /// The typed view of the current content.
    ///
    /// - Throws: `ManifestError` when a field has the wrong type.
    public func manifest() throws(ManifestError) -> PackageManifest {
        try PackageManifest(json: .object(root), file: file)
    }

    /// The value at a path of object keys (`["scripts", "test"]`), or `nil`.
    public func value(at path: [String]) -> JSONValue? {
        var current: JSONValue = .object(root)
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }

    /// Sets (or with `nil`, removes) the value at a path, creating intermediate objects; an existing
    /// key keeps its position, a new one goes last, as in JavaScript.
    ///
    /// - Throws: `ManifestError.notAnObjectAtPath` when the path goes through a non-object.
    public mutating func setValue(_ value: JSONValue?, at path: [String]) throws(ManifestError) {
        guard !path.isEmpty else {
            guard case .object(let object)? = value else {
                throw .notAnObject(file: file, found: value ?? .null)
            }
            root = object
            isModified = true
            return
        }
        try ManifestDocument.set(value, at: path[...], walked: [], in: &root, file: file)
        isModified = true
    }

    private static func set(
        _ value: JSONValue?, at path: ArraySlice<String>, walked: [String], in object: inout JSONObject, file: String
    ) throws(ManifestError) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var child: JSONObject
        switch object[key] {
        case nil:
            if value == nil { return }
            child = JSONObject()
        case .object(let existing)?:
            child = existing
        case let other?:
            throw .notAnObjectAtPath(file: file, path: walked + [key], found: other)
        }
        try set(value, at: path.dropFirst(), walked: walked + [key], in: &child, file: file)
        object[key] = .object(child)
    }

    /// Sets `version`, as `pkg version` does.
    public mutating func setVersion(_ version: String) {
        root["version"] = .string(version)
        isModified = true
    }

    /// Adds or updates a dependency the way `npm install [-D|-O|--save-peer] name@spec` saves it.
    ///
    /// - Parameters:
    ///   - kind: the target map; `nil` keeps the map the name is already in (devDependencies,
    ///     optionalDependencies, dependencies, peerDependencies, in that order), else `dependencies`.
    /// - Returns: the map the dependency was saved in.
    @discardableResult
    public mutating func setDependency(name: String, spec: String, kind: DependencyKind? = nil) -> DependencyKind {
        let before = root
        let kind = kind ?? DependencyKind.allCases.first { contains(name, in: $0) } ?? .production
        switch kind {
        case .production:
            deleteDependency(name, from: .dev)
            deleteDependency(name, from: .peer)
        case .dev:
            deleteDependency(name, from: .production)
        case .optional:
            deleteDependency(name, from: .peer)
        case .peer:
            deleteDependency(name, from: .production)
            deleteDependency(name, from: .optional)
        }
        var map = root[kind.key]?.objectValue ?? JSONObject()
        if spec != "*" || map[name] == nil {
            map[name] = .string(spec)
        }
        root[kind.key] = .object(map)
        if kind == .peer, var dev = root[DependencyKind.dev.key]?.objectValue, dev.contains(name), let peerSpec = map[name] {
            // A peer is often also a devDependency so it can be tested; npm keeps the two in step.
            dev[name] = peerSpec
            root[DependencyKind.dev.key] = .object(dev)
        }
        normalizeDependencyMaps(before: before)
        isModified = true
        return kind
    }

    /// Removes a dependency from every map (and from `bundleDependencies`), as `npm uninstall` does.
    ///
    /// - Returns: the maps it was removed from; empty (and nothing changed) when it was not a dependency.
    @discardableResult
    public mutating func removeDependency(name: String) -> [DependencyKind] {
        let before = root
        var removed: [DependencyKind] = []
        for kind in [DependencyKind.production, .optional, .dev, .peer] where contains(name, in: kind) {
            deleteDependency(name, from: kind)
            removed.append(kind)
        }
        if case .array(let bundled)? = root["bundleDependencies"] {
            let kept = bundled.filter { $0.stringValue != name }
            if kept.count != bundled.count {
                root["bundleDependencies"] = kept.isEmpty ? nil : .array(kept)
            }
        }
        guard !removed.isEmpty else { return [] }
        normalizeDependencyMaps(before: before)
        isModified = true
        return removed
    }

    private func contains(_ name: String, in kind: DependencyKind) -> Bool {
        root[kind.key]?.objectValue?.contains(name) == true
    }

    /// arborist's `deleteSubKey`: removes the entry and an emptied map. (arborist also edits
    /// `peerDependenciesMeta`, but npm saves only the four maps and the bundle, so neither do we.)
    private mutating func deleteDependency(_ name: String, from kind: DependencyKind) {
        guard var map = root[kind.key]?.objectValue, map.contains(name) else { return }
        map[name] = nil
        root[kind.key] = map.isEmpty ? nil : .object(map)
    }

    /// package-json's `updateDependencies`: sort every map, drop optional names from
    /// `dependencies`, remove empty maps, and keep a name that was in both `dependencies` and
    /// `peerDependencies` in both, with the peer's spec (npm's rule, quirks included).
    private mutating func normalizeDependencyMaps(before: JSONObject) {
        let optionalNames = Set(root[DependencyKind.optional.key]?.objectValue?.keys ?? [])
        for kind in [DependencyKind.production, .optional, .dev, .peer] {
            guard var map = root[kind.key]?.objectValue else { continue }
            if kind == .production {
                for name in optionalNames { map[name] = nil }
            }
            map.sortKeys(by: NameCollation.precedes)
            root[kind.key] = map.isEmpty ? nil : .object(map)
        }
        guard let originalProduction = before[DependencyKind.production.key]?.objectValue,
            let originalPeer = before[DependencyKind.peer.key]?.objectValue,
            let newPeer = root[DependencyKind.peer.key]?.objectValue
        else { return }
        for name in originalPeer.keys where originalProduction.contains(name) {
            guard let peerSpec = newPeer[name] else { continue }
            var production = root[DependencyKind.production.key]?.objectValue ?? JSONObject()
            production[name] = peerSpec
            root[DependencyKind.production.key] = .object(production)
        }
    }

    /// The file's bytes: the original ones when nothing changed, otherwise npm's layout with the
    /// detected indent, newline and final newline.
    public func serialized() -> [UInt8] {
        if !isModified { return originalBytes }
        let format: JSONFormat = indent.isEmpty ? .compact : .indented(by: indent)
        var bytes = JSONValue.object(root).serialized(format)
        if hasFinalNewline { bytes.append(0x0A) }
        guard newline == "\r\n" else { return bytes }
        var converted: [UInt8] = []
        converted.reserveCapacity(bytes.count + bytes.count / 16)
        for byte in bytes {
            // Raw line breaks only occur as layout: JSON strings escape them.
            if byte == 0x0A { converted.append(0x0D) }
            converted.append(byte)
        }
        return converted
    }

    /// json-parse-even-better-errors' indent and newline detection (see the file comment).
    static func detectFormat(_ text: ArraySlice<UInt8>) -> (indent: String, newline: String) {
        var position = text.startIndex
        let end = text.endIndex
        // `{}` or `[]` alone, optionally followed by line breaks: npm's defaults.
        let trimmedEmpty = text.prefix(2)
        if trimmedEmpty.elementsEqual("{}".utf8) || trimmedEmpty.elementsEqual("[]".utf8) {
            let rest = text.dropFirst(2)
            if rest.allSatisfy({ $0 == 0x0A || $0 == 0x0D }) {
                return ("  ", rest.starts(with: [0x0D, 0x0A]) ? "\r\n" : "\n")
            }
        }
        while position < end, [0x20, 0x09, 0x0A, 0x0D].contains(text[position]) { position += 1 }
        guard position < end, text[position] == UInt8(ascii: "{") || text[position] == UInt8(ascii: "[") else {
            return ("", finalNewline(text))
        }
        position += 1
        var newline: String?
        while position < end {
            if text[position] == 0x0A {
                newline = newline ?? "\n"
                position += 1
            } else if text[position] == 0x0D, position + 1 < end, text[position + 1] == 0x0A {
                newline = newline ?? "\r\n"
                position += 2
            } else {
                break
            }
        }
        guard let newline else { return ("", finalNewline(text)) }
        let indentStart = position
        while position < end, text[position] == 0x20 || text[position] == 0x09 { position += 1 }
        return (String(decoding: text[indentStart..<position], as: UTF8.self), newline)
    }

    private static func finalNewline(_ text: ArraySlice<UInt8>) -> String {
        text.suffix(2).elementsEqual([0x0D, 0x0A]) ? "\r\n" : "\n"
    }

    public static func == (lhs: ManifestDocument, rhs: ManifestDocument) -> Bool {
        lhs.serialized() == rhs.serialized() && lhs.file == rhs.file
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(serialized())
        hasher.combine(file)
    }
}
