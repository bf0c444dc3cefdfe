// Reads npm's package-lock.json (lockfileVersion 2 and 3) into a `Lockfile`, for migration.
//
// npm records a node_modules *layout*: entries keyed by install path. pkg records a *graph*. The
// conversion resolves each entry's dependencies the way Node's `require` would find them: from
// the entry's folder, try `<folder>/node_modules/<name>`, then each ancestor folder's
// `node_modules/<name>` (never looking inside a folder that is itself called `node_modules`),
// up to the project root. Unresolvable edges (an unmet peer under legacy-peer-deps, an optional
// package npm skipped) are left out, as they would fail at run time too.
//
// The same `name@version` can sit at several paths. Copies whose resolved dependencies are the
// same graph become one instance; copies that reach different versions become distinct instances
// with a `(…)` suffix naming the differing dependencies (found by partition refinement, so two
// copies differing only deep down are still told apart).

import Foundation

/// Converts npm's `package-lock.json` into pkg's layout-independent ``Lockfile``.
public enum NpmLockfile {
    /// npm's default registry, the one its `resolved` URLs are made relative to by default.
    public static let defaultRegistry = "https://registry.npmjs.org/"

    /// Reads a v2 or v3 `package-lock.json` (or `npm-shrinkwrap.json`).
    ///
    /// - Parameters:
    ///   - file: the name shown in errors.
    ///   - registry: tarball URLs under it are stored relative, so the result works with a mirror.
    /// - Throws: ``LockfileError/npmVersion1(file:)`` for v1 lockfiles, which hold no `packages`;
    ///   other ``LockfileError`` cases for malformed documents and workspace links.
    public static func read(
        _ bytes: some Collection<UInt8>, file: String = "package-lock.json", registry: String = defaultRegistry
    ) throws(LockfileError) -> Lockfile {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .malformedJSON(file: file, reason: ([error.message] + error.detail).joined(separator: "; "))
        }
        let reader = LockfileFieldReader(file: file)
        let root = try reader.object(value, at: "")
        guard let version = root["lockfileVersion"]?.intValue else { throw .missingVersion(file: file) }
        if version == 1 || (version < 4 && root["packages"] == nil) { throw .npmVersion1(file: file) }
        guard version == 2 || version == 3 else {
            throw .unsupportedVersion(file: file, version: version, supported: "npm lockfileVersion 2 and 3")
        }
        let entries = try reader.object(root["packages"] ?? .object([:]), at: "packages")
        var conversion = NpmLockfileConversion(entries: entries, reader: reader, registry: registry)
        return try conversion.convert()
    }
}

/// The state of one conversion: npm's entries by location and the nodes built from them.
private struct NpmLockfileConversion {
    struct Node {
        let location: String
        let name: String
        let version: String
        let entry: JSONObject
        var edges: [(kind: LockfileDependencyKind, name: String, target: Int)] = []
    }

    let entries: JSONObject
    let reader: LockfileFieldReader
    let registry: String
    var nodes: [Node] = []
    var nodeIndex: [String: Int] = [:]

    init(entries: JSONObject, reader: LockfileFieldReader, registry: String) {
        self.entries = entries
        self.reader = reader
        self.registry = registry
    }

    static let edgeKinds: [LockfileDependencyKind] = [.dependencies, .optionalDependencies, .peerDependencies]

    mutating func convert() throws(LockfileError) -> Lockfile {
        for (location, value) in entries where !location.isEmpty {
            let path = reader.member("packages", location)
            let entry = try reader.object(value, at: path)
            if try reader.bool(entry["link"], at: path + ".link") {
                throw .unsupportedNpmFeature(file: reader.file, path: path, feature: "a workspace or `file:` link")
            }
            let folderName = Self.folderName(of: location)
            let name = try reader.string(entry["name"], at: path + ".name") ?? folderName
            guard let version = try reader.string(entry["version"], at: path + ".version", required: true) else { continue }
            nodeIndex[location] = nodes.count
            nodes.append(Node(location: location, name: name, version: version, entry: entry))
        }
        for index in nodes.indices {
            nodes[index].edges = try edges(from: nodes[index].location, entry: nodes[index].entry, kinds: Self.edgeKinds)
        }
        let keys = try instanceKeys()

        var lockfile = Lockfile()
        for (index, node) in nodes.enumerated() {
            let key = keys[index]
            var package = try package(node, keys: keys)
            if let existing = lockfile.packages[key] { package.mergeFlags(with: existing) }
            lockfile.packages[key] = package
        }
        lockfile.root = try importer(keys: keys)
        return lockfile
    }

    /// The last path segment after `node_modules/`, keeping a scope: `@s/n` for `…/node_modules/@s/n`.
    static func folderName(of location: String) -> String {
        guard let range = location.range(of: "node_modules/", options: .backwards) else {
            return String(location.split(separator: "/").last ?? "")
        }
        return String(location[range.upperBound...])
    }

    /// Node's module lookup from `location` for `name`: nearest `node_modules/<name>` walking up.
    func lookup(_ name: String, from location: String) -> Int? {
        var directory = location.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        while true {
            if directory.last != "node_modules" {
                let candidate = (directory + ["node_modules", name]).joined(separator: "/")
                if let index = nodeIndex[candidate] { return index }
            }
            if directory.isEmpty { return nil }
            directory.removeLast()
        }
    }

    func edges(
        from location: String, entry: JSONObject, kinds: [LockfileDependencyKind]
    ) throws(LockfileError) -> [(kind: LockfileDependencyKind, name: String, target: Int)] {
        var result: [(kind: LockfileDependencyKind, name: String, target: Int)] = []
        for kind in kinds {
            guard let mapValue = entry[kind.rawValue] else { continue }
            let map = try reader.object(mapValue, at: reader.member(reader.member("packages", location), kind.rawValue))
            for name in map.keys.sorted() {
                if let target = lookup(name, from: location) { result.append((kind, name, target)) }
            }
        }
        return result
    }

    /// Assigns each node its instance key: `name@version`, plus a suffix where copies differ.
    func instanceKeys() throws(LockfileError) -> [LockfilePackageKey] {
        // Partition refinement: start from name@version, split by the classes edges lead to.
        var classOf = [Int](repeating: 0, count: nodes.count)
        var ids: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            classOf[index] = ids[node.name + "@" + node.version, default: ids.count]
            ids[node.name + "@" + node.version] = classOf[index]
        }
        var nameIDs: [String: Int] = [:]
        for node in nodes {
            for edge in node.edges where nameIDs[edge.name] == nil { nameIDs[edge.name] = nameIDs.count }
        }
        var classCount = ids.count
        while true {
            var signatures: [[Int]: Int] = [:]
            var next = [Int](repeating: 0, count: nodes.count)
            for (index, node) in nodes.enumerated() {
                var signature = [classOf[index]]
                for edge in node.edges {
                    signature += [Self.edgeKinds.firstIndex(of: edge.kind) ?? 0, nameIDs[edge.name] ?? -1, classOf[edge.target]]
                }
                next[index] = signatures[signature, default: signatures.count]
                signatures[signature] = next[index]
            }
            classOf = next
            if signatures.count == classCount { break }
            classCount = signatures.count
        }

        // Group classes by name@version; only groups with more than one class need suffixes.
        var classesByBase: [String: [Int]] = [:]
        var representative: [Int: Int] = [:]
        for (index, node) in nodes.enumerated() where representative[classOf[index]] == nil {
            representative[classOf[index]] = index
            classesByBase[node.name + "@" + node.version, default: []].append(classOf[index])
        }
        var suffixOfClass: [Int: String] = [:]
        for (_, classes) in classesByBase where classes.count > 1 {
            let targets = classes.map { cls -> [String: String] in
                var map: [String: String] = [:]
                for edge in nodes[representative[cls] ?? 0].edges {
                    let target = nodes[edge.target]
                    map[edge.name] = target.name + "@" + target.version
                }
                return map
            }
            let names = Set(targets.flatMap(\.keys))
            let differing = names.filter { name in Set(targets.map { $0[name] ?? "" }).count > 1 }.sorted()
            var used: [String: Int] = [:]
            // Order classes by their first location so numbering is stable for the same input.
            let ordered = zip(classes, targets).sorted {
                nodes[representative[$0.0] ?? 0].location < nodes[representative[$1.0] ?? 0].location
            }
            for (cls, map) in ordered {
                var suffix = differing.map { name in "(" + (map[name].map { $0 } ?? name + "@none") + ")" }.joined()
                let seen = used[suffix, default: 0]
                used[suffix] = seen + 1
                if seen > 0 || suffix.isEmpty { suffix += "(\(seen + 1))" }
                suffixOfClass[cls] = suffix
            }
        }
        var keys: [LockfilePackageKey] = []
        keys.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() {
            keys.append(try LockfilePackageKey(name: node.name, version: node.version, suffix: suffixOfClass[classOf[index]] ?? ""))
        }
        return keys
    }

    func package(_ node: Node, keys: [LockfilePackageKey]) throws(LockfileError) -> LockfilePackage {
        let path = reader.member("packages", node.location)
        let entry = node.entry
        var integrity: Integrity?
        if let text = try reader.string(entry["integrity"], at: path + ".integrity") {
            do { integrity = try Integrity(text) } catch {
                throw reader.invalid(path + ".integrity", expected: "an integrity string such as `sha512-…`")
            }
        }
        var dependencies: [LockfileDependencyKind: [String: LockfilePackageKey]] = [:]
        for edge in node.edges { dependencies[edge.kind, default: [:]][edge.name] = keys[edge.target] }
        return LockfilePackage(
            resolved: try reader.string(entry["resolved"], at: path + ".resolved")
                .map { LockfileTarball(tarballURL: $0, registry: registry) },
            integrity: integrity,
            dependencies: dependencies,
            dev: try reader.bool(entry["dev"], at: path + ".dev"),
            optional: try reader.bool(entry["optional"], at: path + ".optional"),
            devOptional: try reader.bool(entry["devOptional"], at: path + ".devOptional"),
            peer: try reader.bool(entry["peer"], at: path + ".peer"),
            bundled: try reader.bool(entry["inBundle"], at: path + ".inBundle"),
            bin: Self.lenientStringMap(entry["bin"]).filter { LockfileFieldReader.isSafeBin(name: $0.key, target: $0.value) },
            os: Self.lenientStringArray(entry["os"]),
            cpu: Self.lenientStringArray(entry["cpu"]),
            libc: Self.lenientStringArray(entry["libc"]),
            engines: Self.lenientStringMap(entry["engines"]),
            hasInstallScript: entry["hasInstallScript"]?.boolValue ?? false,
            deprecated: entry["deprecated"]?.stringValue
        )
    }

    func importer(keys: [LockfilePackageKey]) throws(LockfileError) -> LockfileImporter {
        guard let rootValue = entries[""] else { return LockfileImporter() }
        let root = try reader.object(rootValue, at: reader.member("packages", ""))
        var dependencies: [LockfileDependencyKind: [String: LockfileImporterDependency]] = [:]
        for kind in LockfileDependencyKind.allCases {
            guard let mapValue = root[kind.rawValue] else { continue }
            let specifiers = try reader.stringMap(mapValue, at: reader.member(reader.member("packages", ""), kind.rawValue))
            dependencies[kind] = specifiers.reduce(into: [:]) { map, pair in
                map[pair.key] = LockfileImporterDependency(
                    specifier: pair.value, package: lookup(pair.key, from: "").map { keys[$0] })
            }
        }
        return LockfileImporter(dependencies: dependencies)
    }

    /// Metadata npm copied from old packages can have odd shapes (`engines` as an array); a
    /// migration keeps what it can read rather than refusing the whole lockfile.
    static func lenientStringMap(_ value: JSONValue?) -> [String: String] {
        guard let object = value?.objectValue else { return [:] }
        var map: [String: String] = [:]
        for (key, element) in object { if let string = element.stringValue { map[key] = string } }
        return map
    }

    static func lenientStringArray(_ value: JSONValue?) -> [String] {
        if let string = value?.stringValue { return [string] }
        return value?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}

extension LockfilePackage {
    /// Combines the flags of two npm copies of one instance: a flag holds only if it held for both.
    fileprivate mutating func mergeFlags(with other: LockfilePackage) {
        let narrow = (dev || optional || devOptional) && (other.dev || other.optional || other.devOptional)
        dev = dev && other.dev
        optional = optional && other.optional
        peer = peer && other.peer
        devOptional = narrow && !dev && !optional
    }
}
