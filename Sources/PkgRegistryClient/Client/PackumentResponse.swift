import Foundation
import PkgModel

/// The outcome of asking for a package's metadata. Absence is an answer, not an error (uv's
/// `VersionsResponse`): the resolver reports a missing package its own way.
public enum PackumentResponse: Sendable {
    case found(PackumentDocument)
    /// The registry answered 404.
    case notFound(name: String)
    /// `--offline` and no cached copy.
    case offline(name: String)

    /// The document, or `nil` when absent.
    public var document: PackumentDocument? {
        if case .found(let document) = self { return document }
        return nil
    }
}

/// A packument's raw JSON bytes as the registry sent them, with its validator.
///
/// Raw bytes rather than a model: decoding is PkgModel's job and the bytes are what the cache keeps.
public struct PackumentDocument: Sendable, Hashable {
    public var name: String
    /// The JSON body (abbreviated `application/vnd.npm.install-v1+json` when the registry supports it).
    public var data: Data
    /// The registry's `ETag`, sent back as `If-None-Match` to revalidate.
    public var etag: String?
    public var source: Source

    /// Where the bytes came from this time.
    public enum Source: String, Sendable, Hashable {
        /// Downloaded (no usable cached copy, or it changed).
        case network
        /// The cached copy, confirmed unchanged by a 304.
        case revalidated
        /// The cached copy, used without asking (`--offline`, `--prefer-offline`).
        case cache
    }

    public init(name: String, data: Data, etag: String?, source: Source) {
        self.name = name
        self.data = data
        self.etag = etag
        self.source = source
    }

    /// Decodes the bytes into PkgModel's `Packument` (abbreviated and full share one type).
    /// - Throws: `RegistryError.invalidPackument` when the bytes are not a packument.
    public func packument() throws(RegistryError) -> Packument {
        do {
            return try Packument(parsing: data)
        } catch {
            throw .invalidPackument(name: name, error)
        }
    }
}

/// How much to trust the metadata cache (npm's `--offline`, `--prefer-offline`, `--prefer-online`).
public enum CachePolicy: Sendable, Hashable {
    /// Revalidate cached metadata with `If-None-Match`; download on a miss.
    case revalidate
    /// Use cached metadata without asking; download only on a miss.
    case preferOffline
    /// Never touch the network; a miss is `.offline`.
    case offline
}
