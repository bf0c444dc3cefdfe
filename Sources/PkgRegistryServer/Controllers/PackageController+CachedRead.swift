// The reads of `PackageController.get` that can be answered without awaiting: packuments and
// tarballs whose record and bytes are in memory and unchanged on disk. For the event loop's fast
// path (`CachedReadHandler`). Whenever the router's answer could differ from this one, it returns
// `nil` and the router answers instead.
import Hummingbird
import NIOCore
import PkgModel

extension PackageController {
    /// The answer to `GET /{name}` or `GET /{name}/-/{file}.tgz` when everything it needs is in
    /// memory and the caller's credentials cannot change it; `nil` otherwise.
    func cachedRead(for request: HTTPRequest) -> PreparedResponse? {
        // A query (`?write=true`) or anything but a plain GET is the router's.
        guard request.method == .get, let target = request.path, target.first == "/",
            !target.utf8.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
        else { return nil }
        // Hummingbird closes the connection after such a request; leave it to do that.
        if let connection = request.headerFields[.connection], connection.lowercased().contains("close") { return nil }
        guard let path = cache.packagePath(rawPath: target) else { return nil }
        switch request.headerFields[.authorization] {
        case nil:
            guard access.rules.allows(.access, on: path.name.rawValue, user: nil) else { return nil }
        case let header?:
            // Basic credentials are checked with bcrypt and rate-limited by the middleware; any
            // other scheme yields a user or nobody, which only matters when not everyone may read.
            guard !header.lowercased().hasPrefix("basic"), access.rules.admitsEveryone(.access, on: path.name.rawValue) else {
                return nil
            }
        }
        guard let snapshot = storage.snapshotInMemory(for: path.name), let packument = snapshot.record.packument else { return nil }
        switch path.target {
        case .packument:
            return packumentResponse(
                of: path.name, snapshot: snapshot, packument: packument, request: request.headerFields, forWriting: false,
                baseURL: PackageAccess.baseURL(authority: request.authority, configuration: configuration))
        case .tarball(let fileName):
            guard let shasum = cache.tarballListing(of: path.name, snapshot: snapshot)[fileName],
                let bytes = storage.tarballInMemory(fileName: fileName, for: path.name, shasum: shasum)
            else { return nil }
            return TarballResponse.prepared(shasum: shasum, bytes: bytes, request: request.headerFields)
        case .version, .revision, .tarballRevision:
            return nil
        }
    }
}
