// Reads `pkg.lock`. The format is documented in docs/lockfile.md.
//
// Decisions:
// - Duplicate keys are refused: in a lockfile they come from a bad merge, and silently keeping
//   the last one would install something nobody reviewed.
// - Unknown fields are ignored, so a lockfile with a field a later pkg adds (one that does not
//   change meaning; those bump `lockfileVersion`) still installs.
// - Every edge must name a package in the file; a dangling edge is an error, not a silent skip.

/// Parses `pkg.lock` bytes into a ``Lockfile``, with errors that name the JSON path at fault.
public enum LockfileParser {
    /// Parses a lockfile.
    ///
    /// - Parameter file: the name shown in errors (`pkg.lock`, or a path).
    /// - Throws: ``LockfileError`` naming the file and the JSON path of the first problem.
    public static func parse(_ bytes: some Collection<UInt8>, file: String = "pkg.lock") throws(LockfileError) -> Lockfile {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes, options: JSONParseOptions(rejectDuplicateKeys: true, maximumDepth: 64))
        } catch {
            throw .malformedJSON(file: file, reason: ([error.message] + error.detail).joined(separator: "; "))
        }
        let reader = LockfileFieldReader(file: file)
        let root = try reader.object(value, at: "")
        guard let versionValue = root["lockfileVersion"] else { throw .missingVersion(file: file) }
        guard let version = versionValue.intValue, version >= 1 else { throw .missingVersion(file: file) }
        guard version <= Lockfile.formatVersion else {
            throw .unsupportedVersion(file: file, version: version, supported: "1...\(Lockfile.formatVersion)")
        }

        var lockfile = Lockfile()
        lockfile.lockfileVersion = version
        for (path, importerValue) in try reader.object(root["importers"] ?? .object([:]), at: "importers") {
            lockfile.importers[path] = try importer(importerValue, at: reader.member("importers", path), reader: reader)
        }
        for (keyText, packageValue) in try reader.object(root["packages"] ?? .object([:]), at: "packages") {
            let key = try LockfilePackageKey(keyText)
            lockfile.packages[key] = try package(packageValue, at: reader.member("packages", keyText), reader: reader)
        }
        if let dangling = lockfile.danglingEdges.first {
            throw .danglingEdge(file: file, from: dangling.from, name: dangling.name, target: dangling.target.description)
        }
        return lockfile
    }

    /// Parses lockfile text.
    public static func parse(_ text: String, file: String = "pkg.lock") throws(LockfileError) -> Lockfile {
        try parse(Array(text.utf8), file: file)
    }

    static func importer(_ value: JSONValue, at path: String, reader: LockfileFieldReader) throws(LockfileError) -> LockfileImporter {
        let object = try reader.object(value, at: path)
        var dependencies: [LockfileDependencyKind: [String: LockfileImporterDependency]] = [:]
        for kind in LockfileDependencyKind.allCases {
            guard let mapValue = object[kind.rawValue] else { continue }
            var map: [String: LockfileImporterDependency] = [:]
            for (name, entryValue) in try reader.object(mapValue, at: reader.member(path, kind.rawValue)) {
                let entryPath = reader.member(reader.member(path, kind.rawValue), name)
                try reader.checkDependencyName(name, at: entryPath)
                let entry = try reader.object(entryValue, at: entryPath)
                let specifier = try reader.string(entry["specifier"], at: entryPath + ".specifier", required: true) ?? ""
                let package = try reader.string(entry["package"], at: entryPath + ".package").map { text throws(LockfileError) in
                    try LockfilePackageKey(text)
                }
                map[name] = LockfileImporterDependency(specifier: specifier, package: package)
            }
            dependencies[kind] = map
        }
        return LockfileImporter(dependencies: dependencies)
    }

    static func package(_ value: JSONValue, at path: String, reader: LockfileFieldReader) throws(LockfileError) -> LockfilePackage {
        let object = try reader.object(value, at: path)
        let resolved = try reader.string(object["resolved"], at: path + ".resolved").map(LockfileTarball.init(lockfileText:))
        var integrity: Integrity?
        if let text = try reader.string(object["integrity"], at: path + ".integrity") {
            do { integrity = try Integrity(text) } catch {
                throw reader.invalid(path + ".integrity", expected: "an integrity string such as `sha512-…`")
            }
        }
        var dependencies: [LockfileDependencyKind: [String: LockfilePackageKey]] = [:]
        for kind in LockfileDependencyKind.allCases {
            guard let mapValue = object[kind.rawValue] else { continue }
            var edges: [String: LockfilePackageKey] = [:]
            for (name, target) in try reader.stringMap(mapValue, at: reader.member(path, kind.rawValue)) {
                try reader.checkDependencyName(name, at: reader.member(reader.member(path, kind.rawValue), name))
                edges[name] = try LockfilePackageKey(target)
            }
            dependencies[kind] = edges
        }
        var specifiers: [LockfileDependencyKind: [String: String]] = [:]
        if let specifiersValue = object["specifiers"] {
            let specifiersPath = path + ".specifiers"
            let specifiersObject = try reader.object(specifiersValue, at: specifiersPath)
            for kind in LockfileDependencyKind.allCases {
                guard let mapValue = specifiersObject[kind.rawValue] else { continue }
                specifiers[kind] = try reader.stringMap(mapValue, at: reader.member(specifiersPath, kind.rawValue))
            }
        }
        return LockfilePackage(
            resolved: resolved,
            integrity: integrity,
            dependencies: dependencies,
            dev: try reader.bool(object["dev"], at: path + ".dev"),
            optional: try reader.bool(object["optional"], at: path + ".optional"),
            devOptional: try reader.bool(object["devOptional"], at: path + ".devOptional"),
            peer: try reader.bool(object["peer"], at: path + ".peer"),
            bundled: try reader.bool(object["bundled"], at: path + ".bundled"),
            bin: try object["bin"].map { value throws(LockfileError) in try reader.binMap(value, at: path + ".bin") } ?? [:],
            os: try reader.stringArray(object["os"], at: path + ".os"),
            cpu: try reader.stringArray(object["cpu"], at: path + ".cpu"),
            libc: try reader.stringArray(object["libc"], at: path + ".libc"),
            engines: try object["engines"].map { value throws(LockfileError) in try reader.stringMap(value, at: path + ".engines") } ?? [:],
            hasInstallScript: try reader.bool(object["hasInstallScript"], at: path + ".hasInstallScript"),
            deprecated: try reader.string(object["deprecated"], at: path + ".deprecated"),
            specifiers: specifiers,
            optionalPeers: try reader.stringArray(object["optionalPeers"], at: path + ".optionalPeers"),
            bundleDependencies: try reader.stringArray(object["bundleDependencies"], at: path + ".bundleDependencies")
        )
    }
}

/// Typed field access with errors that name the file and JSON path; shared by both lockfile readers.
struct LockfileFieldReader {
    let file: String

    /// The JSON path of `key` inside `path`: `a.b` for plain keys, `a["x@1.0.0"]` otherwise, so
    /// package keys containing dots stay readable.
    func member(_ path: String, _ key: String) -> String {
        let isPlain = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "$"
        } && !(key.unicodeScalars.first.map { ("0"..."9").contains($0) } ?? true)
        if isPlain { return path.isEmpty ? key : path + "." + key }
        let quoted = JSONValue.string(key).serializedString()
        return path + "[" + quoted + "]"
    }

    /// Dependency names become folder names under node_modules, so a hostile lockfile must not
    /// smuggle in `../x`: only valid npm names are accepted.
    func checkDependencyName(_ name: String, at path: String) throws(LockfileError) {
        guard PackageName.isValid(name) else { throw invalid(path, expected: "a valid package name") }
    }

    /// `bin` names become files in node_modules/.bin and targets paths inside the package, so
    /// neither may leave its folder (npm normalises bins the same way before linking).
    func binMap(_ value: JSONValue, at path: String) throws(LockfileError) -> [String: String] {
        let map = try stringMap(value, at: path)
        for (name, target) in map where !Self.isSafeBin(name: name, target: target) {
            throw invalid(member(path, name), expected: "a command name and a path inside the package")
        }
        return map
    }

    /// Whether a bin entry stays inside node_modules/.bin and inside its package.
    static func isSafeBin(name: String, target: String) -> Bool {
        let components = target.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        return !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
            && !target.isEmpty && !target.hasPrefix("/") && !target.hasPrefix("\\") && !components.contains("..")
    }

    func invalid(_ path: String, expected: String) -> LockfileError {
        .invalidField(file: file, path: path.isEmpty ? "(root)" : path, expected: expected)
    }

    func object(_ value: JSONValue, at path: String) throws(LockfileError) -> JSONObject {
        guard let object = value.objectValue else { throw invalid(path, expected: "an object, found \(value.typeName)") }
        return object
    }

    func string(_ value: JSONValue?, at path: String, required: Bool = false) throws(LockfileError) -> String? {
        guard let value else {
            if required { throw invalid(path, expected: "a string, found nothing") }
            return nil
        }
        guard let string = value.stringValue else { throw invalid(path, expected: "a string, found \(value.typeName)") }
        return string
    }

    func bool(_ value: JSONValue?, at path: String) throws(LockfileError) -> Bool {
        guard let value else { return false }
        guard let bool = value.boolValue else { throw invalid(path, expected: "true or false, found \(value.typeName)") }
        return bool
    }

    func stringArray(_ value: JSONValue?, at path: String) throws(LockfileError) -> [String] {
        guard let value else { return [] }
        guard let array = value.arrayValue else { throw invalid(path, expected: "an array of strings, found \(value.typeName)") }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.stringValue else {
                throw invalid("\(path)[\(index)]", expected: "a string, found \(element.typeName)")
            }
            strings.append(string)
        }
        return strings
    }

    func stringMap(_ value: JSONValue, at path: String) throws(LockfileError) -> [String: String] {
        var map: [String: String] = [:]
        for (key, element) in try object(value, at: path) {
            guard let string = element.stringValue else {
                throw invalid(member(path, key), expected: "a string, found \(element.typeName)")
            }
            map[key] = string
        }
        return map
    }
}
