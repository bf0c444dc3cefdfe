/// The `dist` object of a version manifest: where the tarball is and how to check it.
///
/// Wraps the raw object so fields pkg does not model (`attestations`, `npm-signature`) survive
/// when the registry rewrites a document.
public struct VersionDistribution: Sendable, Hashable {
    /// The raw `dist` object.
    public var object: JSONObject

    /// Wraps a raw `dist` object.
    public init(object: JSONObject = JSONObject()) {
        self.object = object
    }

    /// The tarball URL.
    public var tarball: String? {
        get { object["tarball"]?.stringValue }
        set { object["tarball"] = newValue.map(JSONValue.string) }
    }

    /// The raw `integrity` string (SRI, usually sha512).
    public var integrityText: String? {
        get { object["integrity"]?.stringValue }
        set { object["integrity"] = newValue.map(JSONValue.string) }
    }

    /// The legacy sha1 hex checksum, the only checksum of documents from before 2017.
    public var shasum: String? {
        get { object["shasum"]?.stringValue }
        set { object["shasum"] = newValue.map(JSONValue.string) }
    }

    /// What to verify the tarball against: `integrity` when it parses, else `shasum` as sha1.
    ///
    /// This mirrors pacote, which falls back to the shasum for old packages, so a tarball is
    /// never accepted unchecked just because its document predates SRI.
    public var integrity: Integrity? {
        if let text = integrityText, let parsed = try? Integrity(text) { return parsed }
        if let shasum, let parsed = try? Integrity(sha1Hex: shasum) { return parsed }
        return nil
    }

    /// The number of files in the tarball.
    public var fileCount: Int? {
        get { object["fileCount"]?.intValue }
        set { object["fileCount"] = newValue.map { JSONValue($0) } }
    }

    /// The total size of the unpacked files, in bytes.
    public var unpackedSize: Int? {
        get { object["unpackedSize"]?.intValue }
        set { object["unpackedSize"] = newValue.map { JSONValue($0) } }
    }

    /// The registry's ECDSA signatures over `name@version:integrity` (`npm audit signatures`).
    public var signatures: [RegistrySignature] {
        get {
            (object["signatures"]?.arrayValue ?? []).compactMap { value in
                guard let keyID = value["keyid"]?.stringValue, let signature = value["sig"]?.stringValue else { return nil }
                return RegistrySignature(keyID: keyID, signature: signature)
            }
        }
        set {
            object["signatures"] = newValue.isEmpty
                ? nil
                : .array(newValue.map { .object(["keyid": .string($0.keyID), "sig": .string($0.signature)]) })
        }
    }
}

/// One registry signature in `dist.signatures`.
public struct RegistrySignature: Sendable, Hashable {
    /// Which registry key signed (`SHA256:…`), looked up in `/-/npm/v1/keys`.
    public var keyID: String
    /// The base64 signature.
    public var signature: String

    /// Creates a signature entry.
    public init(keyID: String, signature: String) {
        self.keyID = keyID
        self.signature = signature
    }
}
