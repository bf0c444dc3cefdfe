/// Why an integrity string could not be used, or why content failed verification.
///
/// A mismatch is `EINTEGRITY`, as npm reports it; the other cases are about the string itself.
public enum IntegrityError: Diagnostic, Equatable {
    /// The string holds no `algorithm-digest` entry ssri would accept.
    case invalidIntegrity(String)
    /// A legacy `shasum` is not 40 hexadecimal digits.
    case invalidShasum(String)
    /// Every entry uses an algorithm pkg cannot compute, so nothing can be verified.
    case unsupportedAlgorithms(Integrity)
    /// The content's digest differs from the expected one; the content must not be used.
    case mismatch(subject: String?, expected: Integrity, actual: Integrity, byteCount: Int)

    public var code: String {
        switch self {
        case .invalidIntegrity, .invalidShasum: "EINVALIDINTEGRITY"
        case .unsupportedAlgorithms: "EINTEGRITYALGORITHM"
        case .mismatch: "EINTEGRITY"
        }
    }

    public var message: String {
        switch self {
        case .invalidIntegrity(let text):
            "`\(text)` is not a valid integrity string"
        case .invalidShasum(let text):
            "`\(text)` is not a valid sha1 shasum"
        case .unsupportedAlgorithms(let integrity):
            "integrity `\(integrity)` uses no algorithm pkg can verify"
        case .mismatch(let subject, _, _, _):
            if let subject {
                "\(subject) does not match its expected integrity"
            } else {
                "content does not match its expected integrity"
            }
        }
    }

    public var detail: [String] {
        switch self {
        case .invalidIntegrity:
            ["expected `algorithm-base64digest` entries separated by whitespace, e.g. `sha512-…`"]
        case .invalidShasum:
            ["expected 40 hexadecimal digits"]
        case .unsupportedAlgorithms:
            ["supported: " + IntegrityAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")]
        case .mismatch(_, let expected, let actual, let byteCount):
            ["expected \(expected), got \(actual) (\(byteCount) bytes)"]
        }
    }

    public var hint: String? {
        switch self {
        case .invalidIntegrity, .invalidShasum:
            "check the `integrity` or `shasum` field of the lockfile or registry document"
        case .unsupportedAlgorithms:
            "republish the package from a client that records a sha512 integrity"
        case .mismatch:
            "verify the registry has not been tampered with, then clear the cache and retry"
        }
    }
}
