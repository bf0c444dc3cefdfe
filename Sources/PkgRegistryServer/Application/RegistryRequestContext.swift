import Hummingbird
import NIOCore
import PkgModel

/// Who is making a request, as the authentication middleware established it.
struct RegistryIdentity: Sendable, Equatable {
    var name: String
    /// The key of the token used, when a token was used (Basic auth has none).
    var tokenKey: String?
    var readonly: Bool
}

/// The per-request context: Hummingbird's core storage plus the caller's identity.
///
/// Identity travels here, never in globals (STYLE.md section 5).
package struct RegistryRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    var identity: RegistryIdentity?
    /// The client's address, for per-address login rate limiting.
    var remoteAddress: String

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The maximum body is enforced per route by `RequestBodyReader`; this only bounds Hummingbird's decoders.
    package var maxUploadSize: Int { 1024 * 1024 }

    /// The identity of a logged-in caller.
    ///
    /// - Throws: `RegistryError.unauthorized` when the request carries no valid credentials.
    func requireIdentity() throws(RegistryError) -> RegistryIdentity {
        guard let identity else { throw .unauthorized("you must be logged in to do this; run `npm login`") }
        return identity
    }

    /// The identity of a caller allowed to write.
    func requireWriter() throws(RegistryError) -> RegistryIdentity {
        let identity = try requireIdentity()
        guard !identity.readonly else { throw .forbidden("this token is read-only") }
        return identity
    }
}
