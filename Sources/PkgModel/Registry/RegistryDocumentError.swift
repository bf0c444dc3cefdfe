/// Why a registry document (packument, version manifest, publish body) was refused.
///
/// The registry server turns these into `400` responses whose `error` text is ``message``, so
/// each case says exactly which field is wrong and what was expected.
public enum RegistryDocumentError: Diagnostic, Equatable {
    /// The body is not JSON; `reason` is the JSON parser's message.
    case malformedJSON(document: String, reason: String)
    /// A field is missing, has the wrong JSON type, or an invalid value.
    case invalidField(document: String, path: String, expected: String)
    /// The publish body names a different package than the URL it was sent to.
    case nameMismatch(url: String, body: String)
    /// A publish body must carry exactly one version; npm never sends more.
    case versionCount(Int)
    /// A publish body must carry exactly one tarball attachment.
    case attachmentCount(Int)
    /// The decoded attachment's size differs from its declared `length`.
    case attachmentLength(file: String, declared: Int, actual: Int)
    /// The tarball does not match the `dist.integrity` or `dist.shasum` the manifest declares.
    case tarballIntegrity(file: String, expected: String, actual: String)

    public var code: String {
        switch self {
        case .malformedJSON: "EJSONPARSE"
        case .tarballIntegrity: "EINTEGRITY"
        default: "EBADDOCUMENT"
        }
    }

    public var message: String {
        switch self {
        case .malformedJSON(let document, _):
            "the \(document) is not valid JSON"
        case .invalidField(let document, let path, _):
            "the \(document) has an invalid `\(path)`"
        case .nameMismatch(let url, let body):
            "the publish body names `\(body)` but was sent to `\(url)`"
        case .versionCount(let count):
            "a publish body must contain exactly one version, found \(count)"
        case .attachmentCount(let count):
            "a publish body must contain exactly one tarball attachment, found \(count)"
        case .attachmentLength(let file, let declared, let actual):
            "attachment `\(file)` declares \(declared) bytes but holds \(actual)"
        case .tarballIntegrity(let file, _, _):
            "attachment `\(file)` does not match the manifest's `dist` checksums"
        }
    }

    public var detail: [String] {
        switch self {
        case .malformedJSON(_, let reason): [reason]
        case .invalidField(_, _, let expected): ["expected \(expected)"]
        case .tarballIntegrity(_, let expected, let actual): ["expected \(expected), got \(actual)"]
        default: []
        }
    }

    public var hint: String? {
        switch self {
        case .nameMismatch: "publish to the URL of the package named in package.json"
        case .versionCount, .attachmentCount, .attachmentLength, .tarballIntegrity:
            "publish with `pkg publish` or `npm publish`, which build a valid body"
        default: nil
        }
    }
}
