// Turning npm's publish document into a stored version. The stored manifest is derived from the
// tarball's own `package.json` plus npm's publish metadata, never from the document's manifest,
// so what `npm install` resolves is what the tarball installs (no manifest confusion).
import Foundation
import PkgModel

/// A validated publish: the new record to save and the tarball to store first.
struct Publication: Sendable {
    var record: PackageRecord
    var version: String
    var tarballFileName: String
    var tarball: [UInt8]
}

/// Who publishes, as recorded in `_npmUser` and `maintainers`.
struct Publisher: Sendable {
    var name: String
    var email: String

    var json: JSONValue { .object(JSONObject([("name", .string(name)), ("email", .string(email))])) }
}

extension Publication {
    /// The longest readme kept in a packument, as npm's registry truncates it.
    static let maximumReadmeLength = 64 * 1024

    /// Validates `document` (npm's publish body for `name`) against the stored `record`.
    ///
    /// - Throws: `RegistryError` — 400 for a malformed document, 409 for a version that exists
    ///   or existed, 413 for an oversized tarball, 422 for a tarball that does not match.
    init(
        document: JSONValue, name: RegistryPackageName, existing: PackageRecord?, publisher: Publisher,
        maximumTarballSize: Int, now: Date = Date()
    ) throws(RegistryError) {
        guard let document = document.objectValue else { throw .invalidDocument("the publish document must be a JSON object") }
        guard document["name"]?.stringValue == name.rawValue else {
            throw .invalidDocument("the document's `name` must be `\(name)`, the name in the URL")
        }
        if let id = document["_id"], id.stringValue != name.rawValue {
            throw .invalidDocument("the document's `_id` must be `\(name)`")
        }
        guard let versions = document["versions"]?.objectValue else { throw .invalidDocument("the publish document has no `versions`") }
        guard let attachments = document["_attachments"]?.objectValue, attachments.count == 1,
            let attachment = attachments.first(where: { _ in true })
        else { throw .invalidDocument("a publish must carry exactly one tarball in `_attachments`") }

        let (attachmentName, attachmentValue) = (attachment.key, attachment.value)
        let current = existing?.packument
        let existingVersions = Set(current?["versions"]?.objectValue?.keys ?? [])
        let newVersions = versions.keys.filter { !existingVersions.contains($0) }
        guard newVersions.count == 1, let version = newVersions.first else {
            if newVersions.isEmpty, let stated = versions.keys.first {
                throw .conflict("cannot publish over the previously published version `\(name)@\(stated)`; versions are immutable")
            }
            throw .invalidDocument("a publish must add exactly one version, found \(newVersions.count)")
        }
        guard let parsedVersion = Version.parse(version), parsedVersion.descriptionWithBuild == version else {
            throw .invalidDocument("`\(version)` is not a valid semver version")
        }
        if let existing, existing.publishedVersions.contains(where: { Version.parse($0)?.description == parsedVersion.description }) {
            throw .conflict("cannot publish over the previously published version `\(name)@\(version)`; versions are immutable, even after unpublish")
        }
        guard let documentManifest = versions[version]?.objectValue else {
            throw .invalidDocument("`versions[\"\(version)\"]` must be an object")
        }
        guard documentManifest["name"]?.stringValue == name.rawValue, documentManifest["version"]?.stringValue == version else {
            throw .invalidDocument("`versions[\"\(version)\"]` must name `\(name)@\(version)`")
        }
        let expectedFileNames = [name.tarballFileName(version: version), "\(name.rawValue)-\(version).tgz"]
        guard expectedFileNames.contains(attachmentName) else {
            throw .invalidDocument("the attachment must be named `\(expectedFileNames[0])`, not `\(attachmentName)`")
        }
        guard let encoded = attachmentValue["data"]?.stringValue,
            let decoded = Data(base64Encoded: encoded)
        else { throw .invalidDocument("the attachment's `data` is not valid base64") }
        let tarball = [UInt8](decoded)
        guard tarball.count <= maximumTarballSize else { throw .bodyTooLarge(limit: maximumTarballSize) }
        if let length = attachmentValue["length"] {
            guard length.intValue == tarball.count else {
                throw .invalidDocument("the attachment's `length` does not match its \(tarball.count) decoded bytes")
            }
        }
        let digests = TarballDigests(of: tarball)
        let statedDist = documentManifest["dist"]?.objectValue
        if let integrity = statedDist?["integrity"]?.stringValue, !digests.matches(subresourceIntegrity: integrity) {
            throw .invalidTarball("`dist.integrity` does not match the tarball: expected \(integrity), got \(digests.integrity)")
        }
        if let shasum = statedDist?["shasum"]?.stringValue, shasum.lowercased() != digests.shasum {
            throw .invalidTarball("`dist.shasum` does not match the tarball: expected \(shasum), got \(digests.shasum)")
        }

        let inspection = try PublishTarballInspection(tarball: tarball, unpackedLimit: max(maximumTarballSize * 20, 256 * 1024 * 1024))
        let packageJSON: JSONObject
        do {
            guard let object = try JSONValue.parseStrict(inspection.packageJSON).objectValue else {
                throw RegistryError.invalidTarball("`package/package.json` must be a JSON object")
            }
            packageJSON = object
        } catch let error as JSONError {
            throw .invalidTarball("`package/package.json` is not valid JSON: \(error.reasonText)")
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .invalidTarball("`package/package.json` is not valid JSON")
        }
        guard packageJSON["name"]?.stringValue == name.rawValue, packageJSON["version"]?.stringValue == version else {
            throw .invalidTarball(
                "the tarball's package.json names `\(packageJSON["name"]?.stringValue ?? "?")@\(packageJSON["version"]?.stringValue ?? "?")`, but the publish is for `\(name)@\(version)`")
        }

        // The stored manifest: the tarball's package.json, then the publish metadata npm adds.
        var manifest = JSONObject()
        for (key, value) in packageJSON where !key.hasPrefix("_") && key != "readme" && key != "dist" {
            manifest[key] = value
        }
        manifest["_id"] = .string("\(name)@\(version)")
        for key in ["_nodeVersion", "_npmVersion", "gitHead"] {
            if let value = documentManifest[key]?.stringValue { manifest[key] = .string(value) }
        }
        manifest["_npmUser"] = publisher.json
        let scripts = packageJSON["scripts"]?.objectValue
        if ["preinstall", "install", "postinstall"].contains(where: { scripts?[$0] != nil }) {
            manifest["hasInstallScript"] = true
        }
        manifest["_hasShrinkwrap"] = .bool(inspection.hasShrinkwrap)
        let tarballFileName = name.tarballFileName(version: version)
        manifest["dist"] = .object(JSONObject([
            ("integrity", .string(digests.integrity)),
            ("shasum", .string(digests.shasum)),
            ("tarball", .string("/\(name.rawValue)/-/\(tarballFileName)")),
            ("fileCount", .integer(inspection.fileCount)),
            ("unpackedSize", .integer(inspection.unpackedSize)),
        ]))

        // Tags: those the document points at the new version (npm sends `{tag: version}`).
        var tags: [String] = []
        for (tag, value) in document["dist-tags"]?.objectValue ?? JSONObject() where value.stringValue == version {
            try DistTags.validate(tag: tag)
            tags.append(tag)
        }
        if tags.isEmpty { tags = ["latest"] }

        let timestamp = JSONValue.string(UserDirectory.timestamp(now))
        var packument = current ?? JSONObject([
            ("_id", .string(name.rawValue)),
            ("name", .string(name.rawValue)),
            ("dist-tags", .object(JSONObject())),
            ("versions", .object(JSONObject())),
            ("time", .object(JSONObject([("created", timestamp)]))),
            ("maintainers", .array([publisher.json])),
        ])
        var storedVersions = packument["versions"]?.objectValue ?? JSONObject()
        storedVersions[version] = .object(manifest)
        packument["versions"] = .object(storedVersions)
        var time = packument["time"]?.objectValue ?? JSONObject()
        time["modified"] = timestamp
        time[version] = timestamp
        packument["time"] = .object(time)
        var distTags = packument["dist-tags"]?.objectValue ?? JSONObject()
        for tag in tags { distTags[tag] = .string(version) }
        if distTags["latest"] == nil { distTags["latest"] = .string(version) }
        packument["dist-tags"] = .object(distTags)
        if distTags["latest"]?.stringValue == version || current == nil {
            for key in ["description", "keywords", "license", "author", "repository", "homepage", "bugs"] {
                packument[key] = packageJSON[key]
            }
            let readme = document["readme"]?.stringValue ?? documentManifest["readme"]?.stringValue ?? ""
            packument["readme"] = .string(String(readme.prefix(Self.maximumReadmeLength)))
            if let filename = documentManifest["readmeFilename"]?.stringValue { packument["readmeFilename"] = .string(filename) }
        }

        var record = existing ?? PackageRecord(revision: 0, packument: nil, publishedVersions: [])
        record.revision += 1
        record.publishedVersions.append(version)
        record.packument = packument
        self.init(record: record, version: version, tarballFileName: tarballFileName, tarball: tarball)
    }
}
