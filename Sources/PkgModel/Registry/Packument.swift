// The packument: a package's registry document, listing every published version.
//
// One type serves the full document (`application/json`, what the registry stores and
// `?write=true` returns) and the abbreviated one (`application/vnd.npm.install-v1+json`, what
// installs read): the fields install needs have the same shape in both. The raw object is the
// source of truth, so a server that adds a version or a dist-tag rewrites the document with every
// field it does not model (`readme`, `users`, `repository`, `_rev`…) intact and in place.

/// A package's registry document, readable by the client and editable by the registry server.
public struct Packument: Sendable, Hashable {
    /// The raw document.
    public var object: JSONObject

    /// Wraps a document after checking the shapes consumers rely on.
    ///
    /// - Throws: ``RegistryDocumentError/invalidField(document:path:expected:)`` when `name` is
    ///   not a string, or `versions`, `dist-tags`, `time` or a version entry is not an object.
    public init(object: JSONObject) throws(RegistryDocumentError) {
        guard object["name"]?.stringValue != nil else {
            throw .invalidField(document: "packument", path: "name", expected: "a string")
        }
        for key in ["versions", "dist-tags", "time"] {
            if let value = object[key], value.objectValue == nil {
                throw .invalidField(document: "packument", path: key, expected: "an object")
            }
        }
        for (version, manifest) in object["versions"]?.objectValue ?? JSONObject() where manifest.objectValue == nil {
            throw .invalidField(document: "packument", path: "versions.\(version)", expected: "an object")
        }
        self.object = object
    }

    /// Parses a document from the registry or from storage.
    ///
    /// - Throws: ``RegistryDocumentError`` when the bytes are not JSON or not a packument.
    public init(parsing bytes: some Collection<UInt8>) throws(RegistryDocumentError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .malformedJSON(document: "packument", reason: ([error.message] + error.detail).joined(separator: "; "))
        }
        guard let object = value.objectValue else {
            throw .invalidField(document: "packument", path: "(root)", expected: "an object, found \(value.typeName)")
        }
        try self.init(object: object)
    }

    /// A new, empty document for a package's first publish, shaped as npm's registry shapes it.
    public init(name: String) {
        object = [
            "_id": .string(name),
            "name": .string(name),
            "dist-tags": [:],
            "versions": [:],
            "time": [:],
        ]
    }

    /// The serialized document, compact as registries send it.
    public func serialized() -> [UInt8] {
        JSONValue.object(object).serialized()
    }

    /// `name`.
    public var name: String { object["name"]?.stringValue ?? "" }

    /// `_rev`, the revision a `PUT /{pkg}/-rev/{rev}` must name.
    public var revision: String? {
        get { object["_rev"]?.stringValue }
        set { object["_rev"] = newValue.map(JSONValue.string) }
    }

    /// `dist-tags`: tag → version.
    public var distTags: [String: String] {
        var tags: [String: String] = [:]
        for (tag, version) in object["dist-tags"]?.objectValue ?? JSONObject() {
            if let version = version.stringValue { tags[tag] = version }
        }
        return tags
    }

    /// The `latest` dist-tag, the version an unqualified install picks when it satisfies the range.
    public var latest: String? { distTags["latest"] }

    /// Points `tag` at `version` (npm's `dist-tag add` and publish `--tag`).
    public mutating func setDistTag(_ tag: String, to version: String) {
        editObject("dist-tags") { $0[tag] = .string(version) }
    }

    /// Removes `tag`. npm's CLI refuses to remove `latest`; enforcing that is the server's call.
    public mutating func removeDistTag(_ tag: String) {
        editObject("dist-tags") { $0[tag] = nil }
    }

    /// The version strings in document order (publish order for documents pkg-registry wrote).
    public var versions: [String] { object["versions"]?.objectValue?.keys ?? [] }

    /// Whether `version` is published.
    public func contains(version: String) -> Bool {
        object["versions"]?.objectValue?.contains(version) ?? false
    }

    /// The manifest of one version; `nil` when it is not published.
    public func manifest(for version: String) -> VersionManifest? {
        object["versions"]?[version]?.objectValue.map(VersionManifest.init(object:))
    }

    /// Every version manifest in document order, for resolvers that scan all candidates.
    public var manifests: [VersionManifest] {
        (object["versions"]?.objectValue?.values ?? []).compactMap { $0.objectValue.map(VersionManifest.init(object:)) }
    }

    /// Adds or replaces a version and records its publish time (`time[version]` and `modified`,
    /// plus `created` on a first publish), as npm's registry does on publish.
    ///
    /// - Parameter time: an ISO 8601 timestamp supplied by the caller (the model reads no clock).
    public mutating func setVersion(_ manifest: VersionManifest, time: String?) {
        guard let version = manifest.version else { return }
        editObject("versions") { $0[version] = .object(manifest.object) }
        if let time {
            editObject("time") { times in
                if times["created"] == nil { times["created"] = .string(time) }
                times[version] = .string(time)
                times["modified"] = .string(time)
            }
        }
    }

    /// Removes a version as npm's unpublish does: tags pointing at it are deleted, and if it was
    /// `latest`, `latest` moves to the highest remaining version; its `time` entry stays, so the
    /// version number is never reused.
    ///
    /// - Parameters:
    ///   - areInIncreasingOrder: semver ordering of version strings (npm sorts with
    ///     `semver.compareLoose`, prereleases included).
    ///   - time: when given, recorded as `time.modified`.
    public mutating func removeVersion(
        _ version: String, time: String? = nil, areInIncreasingOrder: (String, String) -> Bool
    ) {
        let wasLatest = latest == version
        editObject("versions") { $0[version] = nil }
        editObject("dist-tags") { tags in
            for (tag, value) in tags where value.stringValue == version { tags[tag] = nil }
        }
        if wasLatest, let highest = versions.max(by: areInIncreasingOrder) {
            setDistTag("latest", to: highest)
        }
        if let time { editObject("time") { $0["modified"] = .string(time) } }
    }

    /// Sets or clears a version's deprecation message; `""` or `nil` un-deprecates, as `npm deprecate` does.
    public mutating func deprecate(version: String, message: String?) {
        guard var manifest = manifest(for: version) else { return }
        manifest.deprecated = message
        editObject("versions") { $0[version] = .object(manifest.object) }
    }

    /// `time`: `created`, `modified` and each version's publish time.
    public var time: [String: String] {
        var times: [String: String] = [:]
        for (key, value) in object["time"]?.objectValue ?? JSONObject() {
            if let text = value.stringValue { times[key] = text }
        }
        return times
    }

    /// `time.modified`, which the abbreviated document exposes as `modified`.
    public var modified: String? {
        object["time"]?["modified"]?.stringValue ?? object["modified"]?.stringValue
    }

    /// Sets one `time` entry (a version, `created` or `modified`).
    public mutating func setTime(_ time: String, for key: String) {
        editObject("time") { $0[key] = .string(time) }
    }

    /// `maintainers`, the users allowed to publish.
    public var maintainers: [RegistryPerson] {
        get { (object["maintainers"]?.arrayValue ?? []).compactMap(RegistryPerson.init(json:)) }
        set { object["maintainers"] = .array(newValue.map(\.json)) }
    }

    /// The top-level fields of npm's abbreviated document, in npm's order.
    public static let abbreviatedFields = ["name", "modified", "dist-tags", "versions"]

    /// The version fields npm's registry keeps in an abbreviated document, plus `libc`: npm's list
    /// predates `libc`, and pkg's installer needs it for the platform check (npm ignores it).
    public static let abbreviatedVersionFields = [
        "name", "version", "deprecated", "dependencies", "optionalDependencies", "devDependencies",
        "bundleDependencies", "peerDependencies", "peerDependenciesMeta", "bin", "directories",
        "engines", "os", "cpu", "libc", "_hasShrinkwrap", "hasInstallScript", "dist",
    ]

    /// The install-only document served for `Accept: application/vnd.npm.install-v1+json`.
    ///
    /// `hasInstallScript` is computed from `scripts` when the full document lacks the flag, since
    /// the abbreviated document has no `scripts` to compute it from later.
    public func abbreviated() -> Packument {
        var result = JSONObject()
        result["name"] = .string(name)
        if let modified { result["modified"] = .string(modified) }
        result["dist-tags"] = object["dist-tags"] ?? .object([:])
        var versions = JSONObject()
        for (version, value) in object["versions"]?.objectValue ?? JSONObject() {
            guard let full = value.objectValue else { continue }
            var slim = JSONObject()
            for field in Self.abbreviatedVersionFields {
                if let fieldValue = full[field] { slim[field] = fieldValue }
            }
            if slim["hasInstallScript"] == nil, VersionManifest(object: full).hasInstallScript {
                slim.insert(true, forKey: "hasInstallScript", at: slim.position(of: "dist") ?? slim.count)
            }
            versions[version] = .object(slim)
        }
        result["versions"] = .object(versions)
        return Packument(trusted: result)
    }

    private init(trusted object: JSONObject) {
        self.object = object
    }

    private mutating func editObject(_ key: String, _ edit: (inout JSONObject) -> Void) {
        var nested = object[key]?.objectValue ?? JSONObject()
        edit(&nested)
        object[key] = .object(nested)
    }
}
