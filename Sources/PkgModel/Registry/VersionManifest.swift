// One entry of a packument's `versions`: the package.json as published, plus registry fields.
//
// Kept as the raw JSON object with typed accessors rather than a Codable struct: the registry
// must rewrite documents without dropping fields it does not model (`funding`, `types`,
// `exports`…), and the client reads only a few fields of thousands of versions.

/// A version manifest from a packument (full or abbreviated) or a publish body.
public struct VersionManifest: Sendable, Hashable {
    /// The raw object; everything not exposed below is kept here.
    public var object: JSONObject

    /// Wraps a version object; no field is required, so use ``validate(document:path:)`` on input.
    public init(object: JSONObject) {
        self.object = object
    }

    /// `name`.
    public var name: String? {
        get { object["name"]?.stringValue }
        set { object["name"] = newValue.map(JSONValue.string) }
    }

    /// `version`, exactly as the key of `versions`.
    public var version: String? {
        get { object["version"]?.stringValue }
        set { object["version"] = newValue.map(JSONValue.string) }
    }

    /// `_id`, `name@version` in full documents.
    public var id: String? {
        get { object["_id"]?.stringValue }
        set { object["_id"] = newValue.map(JSONValue.string) }
    }

    /// A dependency map (`dependencies`, `optionalDependencies`, …); non-string specs are skipped,
    /// as the resolver cannot use them.
    public func dependencies(_ key: String) -> [String: String] {
        guard let map = object[key]?.objectValue else { return [:] }
        var result: [String: String] = [:]
        for (name, spec) in map { if let spec = spec.stringValue { result[name] = spec } }
        return result
    }

    /// `dependencies`.
    public var dependencies: [String: String] { dependencies("dependencies") }
    /// `optionalDependencies`.
    public var optionalDependencies: [String: String] { dependencies("optionalDependencies") }
    /// `peerDependencies`.
    public var peerDependencies: [String: String] { dependencies("peerDependencies") }
    /// `devDependencies` (only meaningful for the root project; kept for completeness).
    public var devDependencies: [String: String] { dependencies("devDependencies") }

    /// Names of peers marked `{"optional": true}` in `peerDependenciesMeta`.
    public var optionalPeers: Set<String> {
        guard let meta = object["peerDependenciesMeta"]?.objectValue else { return [] }
        return Set(meta.compactMap { $0.value["optional"]?.boolValue == true ? $0.key : nil })
    }

    /// `bundleDependencies` (or `bundledDependencies`) as names; `true` means all `dependencies`.
    public var bundleDependencies: [String] {
        let value = object["bundleDependencies"] ?? object["bundledDependencies"]
        if value?.boolValue == true { return dependencies.keys.sorted() }
        return value?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// `bin`, normalised as npm does before linking (a string `bin` is named after the package).
    public var bin: [String: String] {
        BinNormalization.normalize(object["bin"], packageName: name)
    }

    /// `os` constraints (a single string is accepted, as npm-install-checks does).
    public var os: [String] { platformList("os") }
    /// `cpu` constraints.
    public var cpu: [String] { platformList("cpu") }
    /// `libc` constraints.
    public var libc: [String] { platformList("libc") }

    /// `engines` with string values.
    public var engines: [String: String] { dependencies("engines") }

    /// The deprecation message; `nil` when not deprecated. npm treats `""` as "not deprecated".
    public var deprecated: String? {
        get {
            guard let message = object["deprecated"]?.stringValue, !message.isEmpty else { return nil }
            return message
        }
        set { object["deprecated"] = newValue.flatMap { $0.isEmpty ? nil : .string($0) } }
    }

    /// Whether installing runs a script: the registry's `hasInstallScript`, or an install-time
    /// entry in `scripts` (full documents have scripts; abbreviated ones only the flag).
    public var hasInstallScript: Bool {
        if object["hasInstallScript"]?.boolValue == true { return true }
        guard let scripts = object["scripts"]?.objectValue else { return false }
        return ["preinstall", "install", "postinstall"].contains { scripts[$0]?.stringValue != nil }
    }

    /// `dist`: tarball location and checksums.
    public var dist: VersionDistribution {
        get { VersionDistribution(object: object["dist"]?.objectValue ?? JSONObject()) }
        set { object["dist"] = .object(newValue.object) }
    }

    /// `_npmUser`, who published this version.
    public var npmUser: RegistryPerson? {
        get { object["_npmUser"].flatMap(RegistryPerson.init(json:)) }
        set { object["_npmUser"] = newValue?.json }
    }

    /// Checks the fields every consumer relies on: string `name` and `version`, object `dist`.
    ///
    /// - Parameters:
    ///   - document: names the document in the error ("publish body", "packument").
    ///   - path: the JSON path of this manifest, e.g. `versions.1.0.0`.
    /// - Throws: ``RegistryDocumentError/invalidField(document:path:expected:)``.
    public func validate(document: String, path: String) throws(RegistryDocumentError) {
        guard name != nil else { throw .invalidField(document: document, path: path + ".name", expected: "a string") }
        guard version != nil else { throw .invalidField(document: document, path: path + ".version", expected: "a string") }
        if let dist = object["dist"], dist.objectValue == nil {
            throw .invalidField(document: document, path: path + ".dist", expected: "an object")
        }
        for key in ["dependencies", "optionalDependencies", "peerDependencies", "devDependencies"] {
            if let map = object[key], map.objectValue == nil {
                throw .invalidField(document: document, path: path + "." + key, expected: "an object")
            }
        }
    }

    private func platformList(_ key: String) -> [String] {
        if let single = object[key]?.stringValue { return [single] }
        return object[key]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
