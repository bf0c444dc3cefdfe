// What the registry stores per package: the full packument it serves, plus what it must
// remember beyond the packument (every version ever published, so an unpublished version can
// never be published again with different bytes). One record is one file, so it changes
// atomically: a version is fully there or not at all.

/// The stored state of one package name.
struct PackageRecord: Sendable, Equatable {
    /// Bumped on every write; the `_rev` clients send back must name the current one.
    var revision: Int
    /// The full packument, or `nil` once the whole package was unpublished (a tombstone).
    var packument: JSONObject?
    /// Every version ever published under this name, in publish order; never shrinks.
    var publishedVersions: [String]

    /// The CouchDB-style revision string npm echoes back in `-rev/{rev}` URLs.
    var rev: String { "\(revision)-\(String(UInt64(truncatingIfNeeded: revision) &* 0x9E37_79B9_7F4A_7C15, radix: 16))" }

    /// The on-disk format version; bump it (and docs/registry-storage.md) on incompatible change.
    static let formatVersion = 1

    var json: JSONValue {
        .object(JSONObject([
            ("formatVersion", .integer(Self.formatVersion)),
            ("revision", .integer(revision)),
            ("publishedVersions", .array(publishedVersions.map { .string($0) })),
            ("packument", packument.map(JSONValue.object) ?? .null),
        ]))
    }

    init(revision: Int, packument: JSONObject?, publishedVersions: [String]) {
        self.revision = revision
        self.packument = packument
        self.publishedVersions = publishedVersions
    }

    /// Reads a record written by `json`.
    ///
    /// - Throws: `StorageError.corrupt` when the file is not a record of a known format.
    init(json: JSONValue, location: String) throws(StorageError) {
        guard json["formatVersion"]?.intValue == Self.formatVersion, let revision = json["revision"]?.intValue,
            let versions = json["publishedVersions"]?.arrayValue
        else { throw .corrupt(location) }
        self.revision = revision
        self.publishedVersions = versions.compactMap(\.stringValue)
        switch json["packument"] {
        case .object(let packument): self.packument = packument
        case .null: self.packument = nil
        default: throw .corrupt(location)
        }
    }
}

/// A storage failure; never shown to clients (it becomes a logged 500).
import PkgModel
enum StorageError: Error, CustomStringConvertible {
    case corrupt(String)
    case io(String, errno: Int32)

    var description: String {
        switch self {
        case .corrupt(let location): "stored record `\(location)` is not readable"
        case .io(let operation, let errno): "\(operation) failed with errno \(errno)"
        }
    }
}
