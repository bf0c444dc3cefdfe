// `npm dist-tag ls/add/rm`: `GET/PUT/DELETE /-/package/{pkg}/dist-tags[/{tag}]`.
import Hummingbird
import PkgModel

struct DistTagController<Storage: PackageStorage>: Sendable {
    let storage: Storage
    let access: PackageAccess

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.get("/-/package/**", use: handle)
        router.put("/-/package/**", use: handle)
        router.post("/-/package/**", use: handle)
        router.delete("/-/package/**", use: handle)
    }

    @Sendable func handle(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(3)
        let (name, rest) = try PackagePath.splitName(segments)
        guard rest.first == "dist-tags", rest.count <= 2 else { throw RegistryError.notFound("not found") }
        let tag = rest.count == 2 ? rest[1] : nil
        switch (request.method, tag) {
        case (.get, nil):
            try access.check(.access, on: name, identity: context.identity)
            guard let packument = try await storage.record(for: name)?.packument else {
                throw RegistryError.notFound("package `\(name)` not found")
            }
            return JSONResponse.make(packument["dist-tags"] ?? .object(JSONObject()))
        case (.put, let tag?), (.post, let tag?):
            let identity = try context.requireWriter()
            try access.check(.publish, on: name, identity: identity)
            try DistTags.validate(tag: tag)
            let body = try await RequestBodyReader.json(request, limit: 64 * 1024)
            guard let version = body.stringValue else { throw RegistryError.invalidDocument("the body must be a JSON string naming a version") }
            try await change(name, identity: identity) { packument, tags in
                guard packument["versions"]?[version] != nil else {
                    throw RegistryError.notFound("version `\(version)` of `\(name)` not found")
                }
                tags[tag] = .string(version)
            }
            return JSONResponse.make(.object(JSONObject([("ok", true)])), status: .created)
        case (.delete, let tag?):
            let identity = try context.requireWriter()
            try access.check(.publish, on: name, identity: identity)
            guard tag != "latest" else { throw RegistryError.invalidDocument("the `latest` dist-tag cannot be removed") }
            try await change(name, identity: identity) { _, tags in
                guard tags[tag] != nil else { throw RegistryError.notFound("dist-tag `\(tag)` of `\(name)` not found") }
                tags[tag] = nil
            }
            return JSONResponse.ok()
        default:
            throw RegistryError.notFound("not found")
        }
    }

    private func change(
        _ name: RegistryPackageName, identity: RegistryIdentity,
        _ body: @escaping @Sendable (JSONObject, inout JSONObject) throws -> Void
    ) async throws {
        let storage = storage
        let access = access
        try await storage.withWriteLock(on: name) {
            guard var record = try await storage.record(for: name), var packument = record.packument else {
                throw RegistryError.notFound("package `\(name)` not found")
            }
            try access.requireMaintainer(packument, name: name, user: identity.name)
            var tags = packument["dist-tags"]?.objectValue ?? JSONObject()
            try body(packument, &tags)
            packument["dist-tags"] = .object(tags)
            var time = packument["time"]?.objectValue ?? JSONObject()
            time["modified"] = .string(UserDirectory.timestamp())
            packument["time"] = .object(time)
            record.packument = packument
            record.revision += 1
            try await storage.save(record, for: name)
        }
    }
}
