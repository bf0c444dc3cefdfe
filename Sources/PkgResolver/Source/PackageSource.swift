// PkgResolver owns dependency resolution: a pure function from a project's requirements and a
// `PackageSource` (metadata only) to a resolved graph. It imports only PkgModel and must never
// import HTTP, archive, file-system or server code; PkgCore adapts the registry to `PackageSource`
// and PkgTestSupport provides an in-memory one.
import PkgModel

/// Where the resolver gets package metadata; the only way it learns about the outside world.
///
/// The resolver calls `metadata(for:)` concurrently, once per package name and as soon as the name
/// is discovered, so implementations must tolerate many calls in flight at once (they should
/// share one HTTP client and cache). Calls for the same name are never repeated in one resolution.
public protocol PackageSource: Sendable {
    /// The metadata of `name` (the real package name, never an alias).
    ///
    /// - Returns: `.notFound` when the registry says the package does not exist (npm's E404).
    /// - Throws: when the metadata could not be obtained (network, HTTP 5xx, malformed JSON); the
    ///   resolver reports it with the requirement chain, or skips it for an optional dependency.
    func metadata(for name: String) async throws -> PackageMetadataResult
}

/// The answer of a `PackageSource`: absence is a value, kept apart from failure (a thrown error).
public enum PackageMetadataResult: Sendable, Hashable {
    /// The registry knows the package.
    case found(PackageMetadata)
    /// The registry answered that no package has this name.
    case notFound
}
