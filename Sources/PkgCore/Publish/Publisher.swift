import Foundation
import PkgArchive
import PkgModel
import PkgRegistryClient

/// Packs a package folder and sends npm's publish document for it.
public struct Publisher: Sendable {
    /// The dist-tag the version gets (`latest` unless `--tag`).
    public var tag: String
    /// `public`, `restricted`, or `nil` for the registry's default.
    public var access: String?

    public init(tag: String = "latest", access: String? = nil) {
        self.tag = tag
        self.access = access
    }

    /// Packs `directory` and builds the document a publish would send, without sending it.
    ///
    /// - Parameter registry: the registry the package's tarball URL is formed under.
    /// - Throws: ``PublishError`` when the folder cannot be packed or package.json is invalid.
    public func prepare(directory: String, registry: String) throws(PublishError) -> (PackedPackage, PublishDocument) {
        let packed = try Packer.pack(directory: directory)
        do {
            let document = try PublishDocument.build(
                manifest: packed.manifest,
                tarball: packed.tarball.bytes,
                tag: tag,
                access: access,
                registry: registry
            )
            return (packed, document)
        } catch {
            throw PublishError.invalidManifest(path: directory + "/package.json", reason: error.message)
        }
    }

    /// Sends a prepared document; `EPUBLISHCONFLICT`, `E401` and `E403` come back as `RegistryError`.
    public func send(_ document: PublishDocument, client: RegistryClient) async throws(RegistryError) {
        try await client.publish(document)
    }
}
