// Decoding package.json into `PackageManifest`; the normalisation rules are listed in
// PackageManifest.swift.

extension PackageManifest {
    /// Parses and decodes package.json bytes.
    ///
    /// - Parameter file: the name shown in errors (`package.json`, `node_modules/a/package.json`).
    /// - Throws: `ManifestError` naming the file, the JSON path and the bad value.
    public init(parsing bytes: some Collection<UInt8>, file: String = "package.json") throws(ManifestError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .invalidJSON(error.inFile(file))
        }
        try self.init(json: value, file: file)
    }

    /// Decodes an already parsed document (a project file, or a version inside a packument).
    ///
    /// - Throws: `ManifestError` naming the file, the JSON path and the bad value.
    public init(json: JSONValue, file: String = "package.json") throws(ManifestError) {
        guard case .object(let object) = json else {
            throw .notAnObject(file: file, found: json)
        }
        let reader = FieldReader(object: object, file: file)
        name = try reader.string("name")
        version = try reader.string("version")
        description = reader.lenientString("description")
        optionalDependencies = try reader.dependencyMap("optionalDependencies")
        var production = try reader.dependencyMap("dependencies")
        for optionalName in optionalDependencies.keys { production[optionalName] = nil }
        dependencies = production
        devDependencies = try reader.dependencyMap("devDependencies")
        peerDependencies = try reader.dependencyMap("peerDependencies")
        peerDependenciesMeta = try reader.peerDependenciesMeta()
        bundleDependencies = reader.bundleDependencies(dependencyNames: Array((object["dependencies"]?.objectValue?.keys ?? [])))
        bin = BinNormalization.normalize(object["bin"], packageName: object["name"]?.stringValue)
        directoriesBin = object["directories"]?["bin"]?.stringValue
        scripts = reader.stringValues("scripts")
        engines = reader.stringValues("engines")
        os = try reader.platformList("os")
        cpu = try reader.platformList("cpu")
        libc = try reader.platformList("libc")
        files = try reader.stringArray("files")
        main = reader.lenientString("main")
        workspaces = try reader.workspaces()
        overrides = object["overrides"]
        isPrivate = object["private"].map(FieldReader.isTruthy) ?? false
        publishConfig = object["publishConfig"]?.objectValue
        license = reader.lenientString("license") ?? object["license"]?["type"]?.stringValue
        deprecated = reader.lenientString("deprecated")
        readme = reader.lenientString("readme")
        keywords = object["keywords"]?.arrayValue?.compactMap(\.stringValue) ?? reader.lenientString("keywords").map { [$0] } ?? []
        raw = object
    }
}

/// Reads typed fields out of a manifest object, producing path-precise errors.
struct FieldReader {
    let object: JSONObject
    let file: String

    func wrongType(_ path: [String], _ expected: String, _ found: JSONValue) -> ManifestError {
        .wrongType(file: file, path: path, expected: expected, found: found)
    }

    /// A string field that must be a string when present (`null` counts as absent).
    func string(_ key: String) throws(ManifestError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw wrongType([key], "a string", value) }
        return text
    }

    /// A string field npm ignores when it has another type.
    func lenientString(_ key: String) -> String? {
        object[key]?.stringValue
    }

    /// `{name: spec}` with string specs; installing anything else would fail in npm too.
    func dependencyMap(_ key: String) throws(ManifestError) -> [String: String] {
        guard let value = object[key], !value.isNull else { return [:] }
        guard case .object(let map) = value else {
            throw wrongType([key], "an object of `\"name\": \"version range\"` entries", value)
        }
        var result: [String: String] = [:]
        for (name, spec) in map {
            guard let text = spec.stringValue else {
                throw wrongType([key, name], "a string", spec)
            }
            result[name] = text
        }
        return result
    }

    func peerDependenciesMeta() throws(ManifestError) -> [String: PeerDependencyMeta] {
        guard let value = object["peerDependenciesMeta"], !value.isNull else { return [:] }
        guard case .object(let map) = value else {
            throw wrongType(["peerDependenciesMeta"], "an object", value)
        }
        var result: [String: PeerDependencyMeta] = [:]
        for (name, meta) in map {
            result[name] = PeerDependencyMeta(optional: meta["optional"].map(FieldReader.isTruthy) ?? false)
        }
        return result
    }

    /// read-package-json-fast's `fixBundled`.
    func bundleDependencies(dependencyNames: [String]) -> [String]? {
        let value = object["bundleDependencies"] ?? object["bundledDependencies"]
        switch value {
        case .bool(false)?: return []
        case .bool(true)?: return dependencyNames
        case .object(let map)?: return map.keys
        case .array(let names)?: return names.compactMap(\.stringValue)
        default: return nil
        }
    }

    /// An object whose non-string values are dropped (npm's `fixScripts`; engines likewise).
    func stringValues(_ key: String) -> [String: String] {
        guard let map = object[key]?.objectValue else { return [:] }
        var result: [String: String] = [:]
        for (name, value) in map {
            if let text = value.stringValue { result[name] = text }
        }
        return result
    }

    /// A string or an array of strings (npm-install-checks wraps a single string).
    func platformList(_ key: String) throws(ManifestError) -> [String] {
        guard let value = object[key], !value.isNull else { return [] }
        if let text = value.stringValue { return [text] }
        return try stringArray(key) ?? []
    }

    /// An array of strings; `nil` when absent.
    func stringArray(_ key: String) throws(ManifestError) -> [String]? {
        guard let value = object[key], !value.isNull else { return nil }
        return try stringArray(value, path: [key])
    }

    func stringArray(_ value: JSONValue, path: [String]) throws(ManifestError) -> [String] {
        guard case .array(let elements) = value else {
            throw wrongType(path, "an array of strings", value)
        }
        var result: [String] = []
        for (position, element) in elements.enumerated() {
            guard let text = element.stringValue else {
                throw wrongType(path + ["[\(position)]"], "a string", element)
            }
            result.append(text)
        }
        return result
    }

    /// `workspaces`: `["packages/*"]` or `{"packages": ["packages/*"]}`.
    func workspaces() throws(ManifestError) -> [String]? {
        guard let value = object["workspaces"], !value.isNull else { return nil }
        switch value {
        case .array:
            return try stringArray(value, path: ["workspaces"])
        case .object(let map):
            guard let packages = map["packages"], !packages.isNull else { return [] }
            return try stringArray(packages, path: ["workspaces", "packages"])
        default:
            throw wrongType(["workspaces"], "an array of folder globs or `{\"packages\": [...]}`", value)
        }
    }

    /// JavaScript truthiness, as npm tests `pkg.private` and `peerDependenciesMeta[x].optional`.
    static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .bool(let flag): flag
        case .number(let number): number.doubleValue != 0 && !number.doubleValue.isNaN
        case .string(let text): !text.isEmpty
        case .array, .object: true
        }
    }
}
