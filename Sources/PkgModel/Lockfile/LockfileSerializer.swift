// Writes `pkg.lock` bytes. The layout is documented in docs/lockfile.md; change both together.
//
// Byte stability: every map (importers, packages, dependency maps, bin, engines) is written in
// UTF-8 byte order of its keys; each record's fields are written in one fixed order; arrays keep
// their order (os/cpu/libc as the package wrote them); the output is `JSON.stringify(…, null, 2)`
// plus a trailing newline. So the same resolution always gives the same bytes.

/// Turns a ``Lockfile`` into the exact bytes of `pkg.lock`.
///
/// A separate type from the model so that the format is decided in one place, next to
/// ``LockfileParser``, and a future format version can be written side by side.
public enum LockfileSerializer {
    /// The UTF-8 bytes of the lockfile, ending with a newline.
    public static func serialize(_ lockfile: Lockfile) -> [UInt8] {
        var bytes = JSONValue.object(document(lockfile)).serialized(.pretty)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// The lockfile as text, for messages and tests.
    public static func serializedString(_ lockfile: Lockfile) -> String {
        String(decoding: serialize(lockfile), as: UTF8.self)
    }

    /// The JSON document, exposed so tools can embed or inspect it.
    public static func document(_ lockfile: Lockfile) -> JSONObject {
        var root = JSONObject()
        // Version first: a reader decides how to read the rest from it.
        root["lockfileVersion"] = JSONValue(lockfile.lockfileVersion)
        root["importers"] = .object(sortedObject(lockfile.importers.map { ($0.key, importer($0.value)) }))
        root["packages"] = .object(sortedObject(lockfile.packages.map { ($0.key.description, package($0.value)) }))
        return root
    }

    static func importer(_ importer: LockfileImporter) -> JSONValue {
        var object = JSONObject()
        for kind in LockfileDependencyKind.allCases {
            guard let dependencies = importer.dependencies[kind], !dependencies.isEmpty else { continue }
            object[kind.rawValue] = .object(sortedObject(dependencies.map { name, dependency in
                var entry = JSONObject()
                entry["specifier"] = .string(dependency.specifier)
                if let package = dependency.package { entry["package"] = .string(package.description) }
                return (name, .object(entry))
            }))
        }
        return .object(object)
    }

    static func package(_ package: LockfilePackage) -> JSONValue {
        var object = JSONObject()
        if let resolved = package.resolved { object["resolved"] = .string(resolved.description) }
        if let integrity = package.integrity { object["integrity"] = .string(integrity.description) }
        if package.dev { object["dev"] = true }
        if package.optional { object["optional"] = true }
        if package.devOptional { object["devOptional"] = true }
        if package.peer { object["peer"] = true }
        if package.bundled { object["bundled"] = true }
        for kind in LockfileDependencyKind.allCases {
            guard let edges = package.dependencies[kind], !edges.isEmpty else { continue }
            object[kind.rawValue] = .object(sortedObject(edges.map { ($0.key, .string($0.value.description)) }))
        }
        if !package.specifiers.isEmpty {
            var specifiers = JSONObject()
            for kind in LockfileDependencyKind.allCases {
                guard let map = package.specifiers[kind], !map.isEmpty else { continue }
                specifiers[kind.rawValue] = stringMap(map)
            }
            object["specifiers"] = .object(specifiers)
        }
        if !package.optionalPeers.isEmpty { object["optionalPeers"] = .array(package.optionalPeers.map(JSONValue.string)) }
        if !package.bundleDependencies.isEmpty {
            object["bundleDependencies"] = .array(package.bundleDependencies.map(JSONValue.string))
        }
        if !package.bin.isEmpty { object["bin"] = stringMap(package.bin) }
        if !package.os.isEmpty { object["os"] = .array(package.os.map(JSONValue.string)) }
        if !package.cpu.isEmpty { object["cpu"] = .array(package.cpu.map(JSONValue.string)) }
        if !package.libc.isEmpty { object["libc"] = .array(package.libc.map(JSONValue.string)) }
        if !package.engines.isEmpty { object["engines"] = stringMap(package.engines) }
        if package.hasInstallScript { object["hasInstallScript"] = true }
        if let deprecated = package.deprecated { object["deprecated"] = .string(deprecated) }
        return .object(object)
    }

    static func stringMap(_ map: [String: String]) -> JSONValue {
        .object(sortedObject(map.map { ($0.key, .string($0.value)) }))
    }

    /// Builds an object whose keys are in UTF-8 byte order, independent of locale and normalisation.
    static func sortedObject(_ pairs: [(String, JSONValue)]) -> JSONObject {
        JSONObject(pairs.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
    }
}
