// The body of `PUT /{package}`: what `npm publish` sends and pkg-registry accepts.
//
// Shape (libnpmpublish): `{_id, name, description, "dist-tags": {tag: version},
// versions: {version: manifest}, access, _attachments: {"<name>-<version>.tgz":
// {content_type, data: base64, length}}}`, with exactly one version and one tarball (a
// `.sigstore` provenance attachment may ride along and is kept, not interpreted).

import Foundation

/// A validated publish body: one version manifest, its dist-tags and its tarball bytes.
public struct PublishDocument: Sendable, Hashable {
    /// The raw body, kept for fields pkg does not model.
    public var object: JSONObject
    /// The package name from the body.
    public let name: String
    /// The one version being published.
    public let version: String
    /// That version's manifest, with `dist` as the client computed it.
    public let manifest: VersionManifest
    /// The tags to point at the version (usually `{"latest": version}`).
    public let distTags: [String: String]
    /// `public`, `restricted`, or `nil` for the registry default.
    public let access: String?
    /// The attachment key, e.g. `left-pad-1.3.0.tgz` (`@scope/name-1.0.0.tgz` for scoped names).
    public let tarballFilename: String
    /// The decoded tarball.
    public let tarball: [UInt8]

    private static let document = "publish body"

    /// Parses and validates a publish body as the registry receives it.
    ///
    /// - Parameter packageName: the (decoded) name from the request URL; the body must agree.
    /// - Throws: ``RegistryDocumentError`` naming the first field that is wrong.
    public init(parsing bytes: some Collection<UInt8>, packageName: String? = nil) throws(RegistryDocumentError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .malformedJSON(document: Self.document, reason: ([error.message] + error.detail).joined(separator: "; "))
        }
        guard let object = value.objectValue else { throw Self.invalid("(root)", "an object, found \(value.typeName)") }
        try self.init(object: object, packageName: packageName)
    }

    /// Validates an already parsed body.
    ///
    /// - Throws: ``RegistryDocumentError`` naming the first field that is wrong.
    public init(object: JSONObject, packageName: String? = nil) throws(RegistryDocumentError) {
        guard let name = object["name"]?.stringValue, !name.isEmpty else { throw Self.invalid("name", "a non-empty string") }
        guard PackageName.isValid(name) else { throw Self.invalid("name", "a valid npm package name") }
        if let packageName, packageName != name { throw .nameMismatch(url: packageName, body: name) }
        if let id = object["_id"], id.stringValue != name { throw Self.invalid("_id", "the package name `\(name)`") }

        guard let versions = object["versions"]?.objectValue else { throw Self.invalid("versions", "an object") }
        guard versions.count == 1, let version = versions.keys.first, let manifestValue = versions.values.first else {
            throw .versionCount(versions.count)
        }
        guard let manifestObject = manifestValue.objectValue else { throw Self.invalid("versions.\(version)", "an object") }
        let manifest = VersionManifest(object: manifestObject)
        try manifest.validate(document: Self.document, path: "versions.\(version)")
        guard manifest.version == version else {
            throw Self.invalid("versions.\(version).version", "`\(version)`, the key it is listed under")
        }
        guard manifest.name == name else { throw Self.invalid("versions.\(version).name", "`\(name)`") }
        // The registry orders versions with semver; an unparsable one could never be installed.
        guard Version.parse(version) != nil else { throw Self.invalid("versions", "a valid semver version, found `\(version)`") }

        guard let tagsObject = object["dist-tags"]?.objectValue, !tagsObject.isEmpty else {
            throw Self.invalid("dist-tags", "an object with at least one tag")
        }
        var distTags: [String: String] = [:]
        for (tag, target) in tagsObject {
            guard target.stringValue == version else { throw Self.invalid("dist-tags.\(tag)", "`\(version)`, the published version") }
            guard !tag.isEmpty, !tag.contains(where: \.isWhitespace) else { throw Self.invalid("dist-tags", "tag names without whitespace") }
            // `pkg add foo@<tag>` must stay unambiguous: a tag that parses as a range would shadow it.
            guard (try? VersionRange(tag)) == nil else { throw Self.invalid("dist-tags.\(tag)", "a tag name that is not a semver range") }
            distTags[tag] = version
        }

        var access: String?
        switch object["access"] {
        case nil, .null?: access = nil
        case .string(let text)? where text == "public" || text == "restricted": access = text
        default: throw Self.invalid("access", "`public`, `restricted` or null")
        }

        guard let attachments = object["_attachments"]?.objectValue else { throw Self.invalid("_attachments", "an object") }
        let tarballs = attachments.filter { $0.key.hasSuffix(".tgz") }
        guard tarballs.count == 1, let only = tarballs.first else { throw .attachmentCount(tarballs.count) }
        let filename = only.key
        let attachmentValue = only.value
        let path = "_attachments.\(filename)"
        guard let attachment = attachmentValue.objectValue else { throw Self.invalid(path, "an object") }
        guard let data = attachment["data"]?.stringValue, let decoded = Data(base64Encoded: data) else {
            throw Self.invalid(path + ".data", "the tarball as a base64 string")
        }
        let tarball = [UInt8](decoded)
        if let lengthValue = attachment["length"] {
            guard let length = lengthValue.intValue, length >= 0 else { throw Self.invalid(path + ".length", "a byte count") }
            guard length == tarball.count else { throw .attachmentLength(file: filename, declared: length, actual: tarball.count) }
        }
        if let contentType = attachment["content_type"], contentType.stringValue == nil {
            throw Self.invalid(path + ".content_type", "a string")
        }

        // The server must not store a tarball that contradicts the checksums it will serve.
        let dist = manifest.dist
        if dist.integrityText != nil || dist.shasum != nil {
            guard let expected = dist.integrity else {
                throw Self.invalid("versions.\(version).dist.integrity", "an integrity string or a sha1 shasum")
            }
            let actual = Integrity.compute(tarball, algorithms: expected.algorithms.isEmpty ? [.sha512] : expected.algorithms)
            guard actual.matches(expected) else {
                throw .tarballIntegrity(file: filename, expected: expected.description, actual: actual.description)
            }
            if let shasum = dist.shasum, dist.integrityText != nil,
               let sha1 = try? Integrity(sha1Hex: shasum), !Integrity.compute(tarball, algorithms: [.sha1]).matches(sha1) {
                throw .tarballIntegrity(file: filename, expected: sha1.description, actual: Integrity.compute(tarball, algorithms: [.sha1]).description)
            }
        }

        self.object = object
        self.name = name
        self.version = version
        self.manifest = manifest
        self.distTags = distTags
        self.access = access
        self.tarballFilename = filename
        self.tarball = tarball
    }

    /// Builds the body `pkg publish` sends, field for field as libnpmpublish builds it.
    ///
    /// The manifest gets `_id`, `dist.integrity` (sha512), `dist.shasum` (sha1 hex) and
    /// `dist.tarball` (npm writes the URL with `http://`; registries rewrite it on read).
    ///
    /// - Parameters:
    ///   - manifest: the package.json as published (already normalised by the caller).
    ///   - tarball: the packed `.tgz` bytes.
    ///   - tag: the dist-tag to set, `latest` unless `--tag` was given.
    ///   - access: `public`/`restricted`, or `nil` for the registry default.
    ///   - registry: the registry base URL the tarball URL is formed under.
    ///   - extraFields: fields npm adds to the manifest, such as `_nodeVersion` and `_npmVersion`.
    /// - Throws: ``RegistryDocumentError`` when `manifest` lacks a `name` or `version`.
    public static func build(
        manifest packageJSON: JSONObject,
        tarball: [UInt8],
        tag: String = "latest",
        access: String? = nil,
        registry: String,
        extraFields: JSONObject = JSONObject()
    ) throws(RegistryDocumentError) -> PublishDocument {
        var manifest = VersionManifest(object: packageJSON)
        try manifest.validate(document: "package.json", path: "")
        guard let name = manifest.name, let version = manifest.version else {
            throw .invalidField(document: "package.json", path: "name", expected: "a string")
        }
        let filename = "\(name)-\(version).tgz"
        let base = registry.hasSuffix("/") ? registry : registry + "/"
        var tarballURL = base + "\(name)/-/\(filename)"
        if tarballURL.hasPrefix("https://") { tarballURL = "http://" + tarballURL.dropFirst("https://".count) }
        let integrity = Integrity.compute(tarball, algorithms: [.sha512, .sha1])

        manifest.id = "\(name)@\(version)"
        for (key, value) in extraFields { manifest.object[key] = value }
        var dist = manifest.dist
        dist.integrityText = integrity.hashes(for: .sha512).first?.description
        dist.shasum = integrity.sha1Hex
        dist.tarball = tarballURL
        manifest.dist = dist

        var body = JSONObject()
        body["_id"] = .string(name)
        body["name"] = .string(name)
        if let description = packageJSON["description"] { body["description"] = description }
        body["dist-tags"] = .object([tag: .string(version)])
        body["versions"] = .object([version: .object(manifest.object)])
        body["access"] = access.map(JSONValue.string) ?? .null
        body["_attachments"] = .object([
            filename: .object([
                "content_type": "application/octet-stream",
                "data": .string(Data(tarball).base64EncodedString()),
                "length": JSONValue(tarball.count),
            ]),
        ])
        return try PublishDocument(object: body)
    }

    /// The compact JSON body to send.
    public func serialized() -> [UInt8] {
        JSONValue.object(object).serialized()
    }

    /// Applies this publish to the stored packument (or starts one): adds the version with its
    /// publish time and points the body's dist-tags at it.
    ///
    /// The caller checks first that the version is new: versions are immutable (`EPUBLISHCONFLICT`).
    ///
    /// - Parameter publisher: the authenticated user, recorded as the version's `_npmUser` and,
    ///   on a first publish, as the package's only maintainer (as npm's registry does).
    public func apply(to packument: Packument?, time: String, publisher: RegistryPerson? = nil) -> Packument {
        var result = packument ?? Packument(name: name)
        var manifest = self.manifest
        if let publisher {
            manifest.npmUser = publisher
            if packument == nil { result.maintainers = [publisher] }
        }
        result.setVersion(manifest, time: time)
        for (tag, version) in distTags.sorted(by: { $0.key < $1.key }) { result.setDistTag(tag, to: version) }
        if result.latest == nil { result.setDistTag("latest", to: version) }
        if let description = object["description"] { result.object["description"] = description }
        return result
    }

    private static func invalid(_ path: String, _ expected: String) -> RegistryDocumentError {
        .invalidField(document: document, path: path, expected: expected)
    }
}
