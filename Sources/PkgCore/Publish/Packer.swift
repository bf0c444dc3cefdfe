import Foundation
import PkgArchive
import PkgModel

/// A package folder packed as `npm pack` packs it: the tarball and what `npm pack` reports about it.
public struct PackedPackage: Sendable {
    /// package.json as read from the folder, the document the publish manifest starts from.
    public var manifest: JSONObject
    public var name: String
    public var version: String
    /// The tarball and its entries in archive order.
    public var tarball: PackedTarball
    /// sha512 and sha1 of the compressed tarball.
    public var integrity: Integrity

    /// `name-version.tgz`, with a scope's `@` dropped and its `/` turned into `-` (npm's file name).
    public var filename: String {
        var base = name
        if base.hasPrefix("@") { base.removeFirst() }
        return base.replacingOccurrences(of: "/", with: "-") + "-" + version + ".tgz"
    }

    /// The sha1 of the tarball as lowercase hex (the `shasum` npm prints and publishes).
    public var shasum: String { integrity.sha1Hex ?? "" }

    /// The sha512 Subresource Integrity string.
    public var sha512: String { integrity.hashes(for: .sha512).first?.description ?? "" }

    /// The bundled packages (`node_modules/<name>` or `node_modules/@scope/name` of the entries),
    /// in archive order, as npm's pack report names them.
    public var bundled: [String] {
        var names: [String] = []
        for entry in tarball.entries where entry.path.hasPrefix("node_modules/") {
            let parts = entry.path.split(separator: "/").dropFirst()
            guard let first = parts.first else { continue }
            var name = String(first)
            if name.hasPrefix("@"), parts.count > 1 { name += "/" + parts[parts.startIndex + 1] }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The summary `npm pack --json` prints for one package, with the same keys.
    public var reportJSON: JSONValue {
        let files: [JSONValue] = tarball.entries
            .sorted { $0.path.compare($1.path, locale: Locale(identifier: "en")) == .orderedAscending }
            .map { entry in
                .object(["path": .string(entry.path), "size": JSONValue(Int(entry.size)), "mode": JSONValue(Int(entry.mode))])
            }
        return .object([
            "id": .string("\(name)@\(version)"),
            "name": .string(name),
            "version": .string(version),
            "size": JSONValue(tarball.bytes.count),
            "unpackedSize": JSONValue(Int(tarball.unpackedSize)),
            "shasum": .string(shasum),
            "integrity": .string(sha512),
            "filename": .string(filename),
            "files": .array(files),
            "entryCount": JSONValue(tarball.fileCount),
            "bundled": .array(bundled.map(JSONValue.string)),
        ])
    }
}

/// Packs a package folder: npm's packlist, written by ``TarballPacker``.
public enum Packer {
    /// Packs `directory` into memory.
    ///
    /// - Throws: ``PublishError`` when package.json is missing or lacks a name or version, or a
    ///   file cannot be read.
    public static func pack(directory: String) throws(PublishError) -> PackedPackage {
        let packlist = try Packlist(directory: directory)
        let manifestPath = directory + "/package.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw PublishError.missingManifest(path: directory)
        }
        let object: JSONObject
        do {
            guard let parsed = try JSONValue(parsing: [UInt8](data)).objectValue else {
                throw PublishError.invalidManifest(path: manifestPath, reason: "package.json is not an object")
            }
            object = parsed
        } catch let error as PublishError {
            throw error
        } catch {
            throw PublishError.invalidManifest(path: manifestPath, reason: "\(error)")
        }
        guard let name = object["name"]?.stringValue, !name.isEmpty else {
            throw PublishError.invalidManifest(path: manifestPath, reason: "`name` is missing")
        }
        guard let version = object["version"]?.stringValue, !version.isEmpty else {
            throw PublishError.invalidManifest(path: manifestPath, reason: "`version` is missing")
        }
        let bins = BinNormalization.normalize(object["bin"], packageName: name)
        let packer = TarballPacker(binTargets: bins.values)
        let files = packlist.files.map { TarballPacker.File(path: $0, sourcePath: directory + "/" + $0) }
        let tarball: PackedTarball
        do { tarball = try packer.pack(files) } catch {
            throw PublishError.packing(reason: "\(error)")
        }
        let integrity = Integrity.compute(tarball.bytes, algorithms: [.sha512, .sha1])
        return PackedPackage(manifest: object, name: name, version: version, tarball: tarball, integrity: integrity)
    }
}
