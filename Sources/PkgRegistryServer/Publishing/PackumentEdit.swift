// A PUT of a whole packument (no attachment) is how npm deprecates, removes versions
// (`unpublish name@version`), retags and changes maintainers (`owner add/rm`). It may change only
// those things: every other field must be what the registry stored, so a client cannot rewrite a
// published manifest after the fact.
import Foundation
import PkgModel

/// The result of applying an edited packument to a record.
struct PackumentEdit: Sendable {
    var record: PackageRecord
    /// Versions the edit removed; their tarballs are deleted after the record is saved.
    var removedVersions: [String]
    var changesMaintainers: Bool

    /// Fields a client may change; the rest must match what is stored.
    static let editableKeys: Set<String> = ["versions", "dist-tags", "maintainers", "users", "time", "_rev", "_id", "_attachments", "_revisions"]

    /// Applies `document` to `record`.
    ///
    /// - Parameter users: name → email of every registry user, to validate maintainers.
    /// - Throws: `RegistryError.invalidDocument` for a change npm's commands never make.
    init(document: JSONValue, name: RegistryPackageName, record: PackageRecord, users: [String: String], now: Date = Date()) throws(RegistryError) {
        guard let document = document.objectValue else { throw .invalidDocument("the document must be a JSON object") }
        guard var packument = record.packument else { throw .notFound("package `\(name)` not found") }
        if let documentName = document["name"], documentName.stringValue != name.rawValue {
            throw .invalidDocument("the document's `name` must be `\(name)`, the name in the URL")
        }
        if let attachments = document["_attachments"]?.objectValue, !attachments.isEmpty {
            throw .invalidDocument("attachments are only accepted when publishing a new version")
        }
        for (key, value) in document where !Self.editableKeys.contains(key) {
            guard let stored = packument[key], stored.isEquivalent(to: value) else {
                throw .invalidDocument("`\(key)` cannot be changed by a packument update; only deprecations, dist-tags, maintainers and removed versions can")
            }
        }

        var removed: [String] = []
        var versions = packument["versions"]?.objectValue ?? JSONObject()
        if let incoming = document["versions"] {
            guard let incoming = incoming.objectValue else { throw .invalidDocument("`versions` must be an object") }
            for key in incoming.keys where versions[key] == nil {
                throw .invalidDocument("`\(name)@\(key)` is not published; publish new versions with their tarball")
            }
            var edited = JSONObject()
            for (version, stored) in versions {
                guard let proposed = incoming[version] else {
                    removed.append(version)
                    continue
                }
                guard var storedManifest = stored.objectValue, let proposedManifest = proposed.objectValue,
                    JSONValue.object(Self.comparable(proposedManifest)).isEquivalent(to: .object(Self.comparable(storedManifest)))
                else {
                    throw .invalidDocument("`\(name)@\(version)` cannot be changed except for its `deprecated` message")
                }
                switch proposedManifest["deprecated"] {
                case .string(let message) where !message.isEmpty: storedManifest["deprecated"] = .string(message)
                case nil, .string, .bool(false), .null: storedManifest["deprecated"] = nil
                default: throw .invalidDocument("`deprecated` must be a string")
                }
                edited[version] = .object(storedManifest)
            }
            versions = edited
            packument["versions"] = .object(versions)
        }

        var tags = packument["dist-tags"]?.objectValue ?? JSONObject()
        if let incoming = document["dist-tags"] {
            guard let incoming = incoming.objectValue else { throw .invalidDocument("`dist-tags` must be an object") }
            for (tag, value) in incoming {
                try DistTags.validate(tag: tag)
                guard let target = value.stringValue, versions[target] != nil || removed.contains(target) else {
                    throw .invalidDocument("the dist-tag `\(tag)` must name a published version")
                }
            }
            tags = incoming
        }
        // When the version `latest` named is removed, the registry picks the new `latest` (the
        // highest release) rather than the client: npm's unpublish would pick a prerelease.
        if let latest = packument["dist-tags"]?["latest"]?.stringValue, removed.contains(latest) {
            tags["latest"] = nil
        }
        packument["dist-tags"] = .object(DistTags.repaired(tags, versions: versions.keys))

        var changesMaintainers = false
        if let incoming = document["maintainers"] {
            guard let list = incoming.arrayValue, !list.isEmpty else { throw .invalidDocument("`maintainers` must be a non-empty array") }
            var maintainers: [JSONValue] = []
            var seen: Set<String> = []
            for entry in list {
                guard let maintainer = entry["name"]?.stringValue else { throw .invalidDocument("each maintainer needs a `name`") }
                guard let email = users[maintainer] else { throw .notFound("user `\(maintainer)` not found") }
                if seen.insert(maintainer).inserted {
                    maintainers.append(Publisher(name: maintainer, email: email).json)
                }
            }
            changesMaintainers = packument["maintainers"].map { !$0.isEquivalent(to: .array(maintainers)) } ?? true
            packument["maintainers"] = .array(maintainers)
        }
        if let stars = document["users"] {
            guard stars.objectValue != nil else { throw .invalidDocument("`users` must be an object") }
            packument["users"] = stars
        }

        var time = packument["time"]?.objectValue ?? JSONObject()
        time["modified"] = .string(UserDirectory.timestamp(now))
        packument["time"] = .object(time)

        var updated = record
        updated.revision += 1
        updated.packument = versions.isEmpty ? nil : packument
        self.record = updated
        self.removedVersions = removed
        self.changesMaintainers = changesMaintainers
    }

    /// A manifest without what an edit may change or what serving rewrites (`dist.tarball`).
    private static func comparable(_ manifest: JSONObject) -> JSONObject {
        var copy = manifest
        copy["deprecated"] = nil
        if var dist = copy["dist"]?.objectValue {
            dist["tarball"] = nil
            copy["dist"] = .object(dist)
        }
        return copy
    }
}
