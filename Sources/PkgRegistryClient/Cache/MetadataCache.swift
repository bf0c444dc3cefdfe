import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The on-disk packument cache: `<cache>/metadata-v1/<registry>/<escaped name>.json` beside
/// `<escaped name>.etag`.
///
/// Versioned (`metadata-v1`) so a future layout change can sit beside this one. Entries are
/// written to a temporary file and renamed, so a reader never sees half a document; the ETag is
/// written after the body, so a stale ETag can at worst cause one unnecessary download.
/// Bump `metadata-v1` here and in `docs/configuration.md` together.
public struct MetadataCache: Sendable {
    public let root: String

    /// - Parameter cacheDirectory: the configured `cache` root (`NpmConfiguration.cache`).
    public init(cacheDirectory: String) {
        root = (cacheDirectory as NSString).appendingPathComponent("metadata-v1")
    }

    /// The folder for one registry: host, `_port` when not default, `_path` when not `/`.
    static func registryFolder(_ registry: String) -> String {
        guard let parts = URLParts(registry) else { return "unknown" }
        var name = parts.hostAndPort.replacingOccurrences(of: ":", with: "_")
        let path = parts.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !path.isEmpty {
            name += "_" + path.replacingOccurrences(of: "/", with: "_")
        }
        return name.replacingOccurrences(of: "..", with: "_")
    }

    /// The cache file for `name` from `registry` (without extension).
    public func entryPath(name: String, registry: String) -> String {
        let escaped = RegistryClient.escapedName(name)
        return ((root as NSString).appendingPathComponent(Self.registryFolder(registry)) as NSString)
            .appendingPathComponent(escaped)
    }

    /// The cached document, or `nil` on a miss (or an unreadable entry, which is then refetched).
    public func read(name: String, registry: String) -> (data: Data, etag: String?)? {
        let base = entryPath(name: name, registry: registry)
        guard let data = FileManager.default.contents(atPath: base + ".json") else { return nil }
        let etag = FileManager.default.contents(atPath: base + ".etag").map { String(decoding: $0, as: UTF8.self) }
        return (data, etag.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Stores a document and its ETag atomically.
    /// - Throws: `RegistryError.cache`.
    public func write(name: String, registry: String, data: Data, etag: String?) throws(RegistryError) {
        let base = entryPath(name: name, registry: registry)
        do {
            try FileManager.default.createDirectory(atPath: (base as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Self.atomicWrite(data, to: base + ".json")
            try Self.atomicWrite(Data((etag ?? "").utf8), to: base + ".etag")
        } catch {
            throw .cache(path: base + ".json", reason: "\(error)")
        }
    }

    private static func atomicWrite(_ data: Data, to path: String) throws {
        let temporary = path + ".\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw CocoaError(.fileWriteUnknown)
        }
        if rename(temporary, path) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
