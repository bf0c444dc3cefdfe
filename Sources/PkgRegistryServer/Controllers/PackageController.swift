// Package documents and tarballs: read the packument (full or abbreviated), one version or a
// tarball; publish; edit the packument (deprecate, remove versions, owners); unpublish.
import Foundation
import Hummingbird
import NIOCore
import PkgArchive
import PkgModel

struct PackageController<Storage: PackageStorage>: Sendable {
    let storage: Storage
    let users: UserDirectory
    let configuration: RegistryConfiguration
    let access: PackageAccess
    /// Encoded packuments and tarball listings, shared by every request of this registry.
    let cache: PackageReadCache

    static var abbreviatedMediaType: String { "application/vnd.npm.install-v1+json" }

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.get("**", use: get)
        router.put("**", use: put)
        router.delete("**", use: delete)
    }

    // MARK: Reading

    @Sendable func get(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let path = try PackagePath(rawPath: request.uri.path)
        try access.check(.access, on: path.name, identity: context.identity)
        guard let snapshot = try await storage.snapshot(for: path.name), let packument = snapshot.record.packument else {
            throw RegistryError.notFound("package `\(path.name)` not found")
        }
        let baseURL = PackageAccess.baseURL(authority: request.head.authority, configuration: configuration)
        switch path.target {
        case .packument:
            return packumentResponse(
                of: path.name, snapshot: snapshot, packument: packument, request: request.headers,
                forWriting: request.uri.queryParameters.get("write") == "true", baseURL: baseURL
            ).response
        case .version(let versionOrTag):
            let version = packument["dist-tags"]?[versionOrTag]?.stringValue ?? versionOrTag
            guard let manifest = packument["versions"]?[version] else {
                throw RegistryError.notFound("version `\(versionOrTag)` of `\(path.name)` not found")
            }
            let document = EncodedDocument(PackumentView.version(manifest, baseURL: baseURL))
            return Self.cachedJSON(document, request: request.headers, contentType: "application/json").response
        case .tarball(let fileName):
            return try await tarball(fileName: fileName, name: path.name, snapshot: snapshot, request: request, context: context)
        case .revision, .tarballRevision:
            throw RegistryError.notFound("not found")
        }
    }

    /// The packument view a request asks for: abbreviated (`Accept: application/vnd.npm.install-v1+json`)
    /// unless it reads for writing (`?write=true`), encoded once per record generation and base URL.
    func packumentResponse(
        of name: RegistryPackageName, snapshot: RecordSnapshot, packument: JSONObject, request: HTTPFields,
        forWriting: Bool, baseURL: String
    ) -> PreparedResponse {
        let wantsAbbreviated = request[.accept]?.contains(Self.abbreviatedMediaType) == true && !forWriting
        let document = cache.document(wantsAbbreviated ? .abbreviated : .full, of: name, snapshot: snapshot, baseURL: baseURL) {
            .object(wantsAbbreviated
                ? PackumentView.abbreviated(packument, baseURL: baseURL)
                : PackumentView.full(snapshot.record, packument: packument, baseURL: baseURL))
        }
        return Self.cachedJSON(document, request: request, contentType: wantsAbbreviated ? Self.abbreviatedMediaType : "application/json")
    }

    /// A JSON response with a content-derived `ETag`; `304` when the client already has it; gzip
    /// when the client accepts it and the document is big enough to gain from it.
    ///
    /// The gzip variant carries its own `ETag` (`"…-gzip"`), as a strong validator must differ
    /// between encodings; a client revalidating either variant gets its `304`.
    static func cachedJSON(_ document: EncodedDocument, request: HTTPFields, contentType: String) -> PreparedResponse {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-cache"
        headers[.vary] = "Accept, Accept-Encoding"
        let gzip = ResponseCompression.acceptsGzip(request[.acceptEncoding]) ? document.gzip : nil
        headers[.eTag] = gzip == nil ? document.identityTag : document.gzipTag
        if let match = request[.ifNoneMatch], match.split(separator: ",").contains(where: {
            let tag = trimmedWhitespace($0)
            return [document.identityTag, document.gzipTag, "W/" + document.identityTag, "W/" + document.gzipTag].contains(tag)
        }) {
            return PreparedResponse(status: .notModified, headers: headers, body: nil)
        }
        let body = gzip ?? document.identity
        if gzip != nil { headers[.contentEncoding] = "gzip" }
        headers[.contentType] = contentType
        headers[.contentLength] = String(body.readableBytes)
        return PreparedResponse(status: .ok, headers: headers, body: body)
    }

    private func tarball(
        fileName: String, name: RegistryPackageName, snapshot: RecordSnapshot, request: Request, context: RegistryRequestContext
    ) async throws -> Response {
        guard let shasum = cache.tarballListing(of: name, snapshot: snapshot)[fileName] else {
            throw RegistryError.notFound("tarball `\(fileName)` of `\(name)` not found")
        }
        // The listed bytes held in memory answer first, here as on the fast path: a version never
        // changes, so a file altered on disk since does not change what is served.
        if let bytes = storage.tarballInMemory(fileName: fileName, for: name, shasum: shasum) {
            return TarballResponse.prepared(shasum: shasum, bytes: bytes, request: request.headers).response
        }
        guard let stored = try await storage.tarball(fileName: fileName, for: name) else {
            throw RegistryError.notFound("tarball `\(fileName)` of `\(name)` not found")
        }
        switch stored {
        case .bytes(let bytes):
            return TarballResponse.prepared(shasum: shasum, bytes: bytes, request: request.headers).response
        case .file(let path, let size):
            if TarballResponse.isNotModified(shasum: shasum, request: request.headers) {
                return Response(status: .notModified, headers: TarballResponse.headers(shasum: shasum, contentLength: nil))
            }
            let body = try await FileIO().loadFile(path: path, context: context)
            return Response(status: .ok, headers: TarballResponse.headers(shasum: shasum, contentLength: size), body: body)
        }
    }

    // MARK: Writing

    @Sendable func put(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let path = try PackagePath(rawPath: request.uri.path)
        let identity = try context.requireWriter()
        let document = try await RequestBodyReader.json(request, limit: configuration.maximumBodySize)
        guard document.objectValue != nil else { throw RegistryError.invalidDocument("the body must be a JSON object") }
        switch path.target {
        case .packument:
            if let attachments = document["_attachments"]?.objectValue, !attachments.isEmpty {
                return try await publish(document, name: path.name, identity: identity)
            }
            return try await edit(document, name: path.name, revision: nil, identity: identity)
        case .revision(let revision):
            return try await edit(document, name: path.name, revision: revision, identity: identity)
        default:
            throw RegistryError.notFound("not found")
        }
    }

    private func publish(_ document: JSONValue, name: RegistryPackageName, identity: RegistryIdentity) async throws -> Response {
        try access.check(.publish, on: name, identity: identity)
        let email = await users.user(named: identity.name)?.email ?? ""
        let publisher = Publisher(name: identity.name, email: email)
        let storage = storage
        let access = access
        let limit = configuration.maximumTarballSize
        let legacyNames = configuration.allowLegacyNames
        let rev = try await storage.withWriteLock(on: name) {
            let existing = try await storage.record(for: name)
            if let packument = existing?.packument {
                try access.requireMaintainer(packument, name: name, user: identity.name)
            }
            if existing == nil, !legacyNames {
                try name.validateForNewPackage()
            }
            // Decoding and inspecting the tarball is CPU work: keep it off the event loop.
            let publication = try await BlockingWork.run {
                try Publication(document: document, name: name, existing: existing, publisher: publisher, maximumTarballSize: limit)
            }
            // Tarball first: a crash between the two writes leaves an unlisted file, never a listed version without bytes.
            try await storage.storeTarball(publication.tarball, fileName: publication.tarballFileName, for: name)
            try await storage.save(publication.record, for: name)
            return publication.record.rev
        }
        return JSONResponse.make(
            .object(JSONObject([("ok", true), ("id", .string(name.rawValue)), ("rev", .string(rev)), ("success", true)])),
            status: .created)
    }

    private func edit(_ document: JSONValue, name: RegistryPackageName, revision: String?, identity: RegistryIdentity) async throws -> Response {
        try access.check(.publish, on: name, identity: identity)
        var emails: [String: String] = [:]
        for user in await users.allUsers() { emails[user.name] = user.email }
        let storage = storage
        let access = access
        let knownEmails = emails
        let rev = try await storage.withWriteLock(on: name) {
            guard let record = try await storage.record(for: name), let packument = record.packument else {
                throw RegistryError.notFound("package `\(name)` not found")
            }
            try access.requireMaintainer(packument, name: name, user: identity.name)
            if let expected = revision ?? document["_rev"]?.stringValue, expected != record.rev {
                throw RegistryError.conflict("`\(name)` changed since revision `\(expected)`; fetch it again and retry")
            }
            let edit = try PackumentEdit(document: document, name: name, record: record, users: knownEmails)
            if !edit.removedVersions.isEmpty {
                try access.check(.unpublish, on: name, identity: identity)
            }
            try await storage.save(edit.record, for: name)
            for version in edit.removedVersions {
                try await storage.removeTarball(fileName: name.tarballFileName(version: version), for: name)
            }
            return edit.record.rev
        }
        return JSONResponse.make(.object(JSONObject([("ok", true), ("id", .string(name.rawValue)), ("rev", .string(rev))])))
    }

    // MARK: Unpublishing

    @Sendable func delete(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let path = try PackagePath(rawPath: request.uri.path)
        let identity = try context.requireWriter()
        try access.check(.unpublish, on: path.name, identity: identity)
        let name = path.name
        let storage = storage
        let access = access
        switch path.target {
        case .revision(let revision):
            try await storage.withWriteLock(on: name) {
                guard var record = try await storage.record(for: name), let packument = record.packument else {
                    throw RegistryError.notFound("package `\(name)` not found")
                }
                try access.requireMaintainer(packument, name: name, user: identity.name)
                guard revision == record.rev else {
                    throw RegistryError.conflict("`\(name)` changed since revision `\(revision)`; fetch it again and retry")
                }
                record.revision += 1
                record.packument = nil
                try await storage.save(record, for: name)
                for version in packument["versions"]?.objectValue?.keys ?? [] {
                    try await storage.removeTarball(fileName: name.tarballFileName(version: version), for: name)
                }
            }
            return JSONResponse.ok()
        case .tarballRevision(let fileName, let revision):
            try await storage.withWriteLock(on: name) {
                guard let record = try await storage.record(for: name) else {
                    throw RegistryError.notFound("package `\(name)` not found")
                }
                if let packument = record.packument {
                    try access.requireMaintainer(packument, name: name, user: identity.name)
                    guard revision == record.rev else {
                        throw RegistryError.conflict("`\(name)` changed since revision `\(revision)`; fetch it again and retry")
                    }
                    let listed = packument["versions"]?.objectValue?.keys.contains { name.tarballFileName(version: $0) == fileName } ?? false
                    guard !listed else {
                        throw RegistryError.invalidDocument("`\(fileName)` belongs to a published version; unpublish the version first")
                    }
                }
                try await storage.removeTarball(fileName: fileName, for: name)
            }
            return JSONResponse.ok()
        default:
            throw RegistryError.notFound("not found")
        }
    }
}
