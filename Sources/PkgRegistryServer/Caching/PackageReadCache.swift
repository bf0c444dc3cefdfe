// What the package controller derives from a record, kept while the record's generation stays
// the same: the encoded packument views (per base URL, since tarball URLs are absolute) and the
// tarball file names a record lists. A new generation (any write) makes every entry miss.
// Also what request paths address (`PackagePath`), which depends on nothing but the path: the
// fast paths ask for the same hot packuments and tarballs over and over, and checking a name
// against npm's rules each time was a twentieth of a cached GET's cost.
import PkgModel

/// Encoded packuments and tarball listings, keyed by package and checked against the record's generation.
final class PackageReadCache: Sendable {
    /// The default memory budget for encoded documents.
    static let defaultCapacity = 128 << 20

    enum View: Hashable, Sendable {
        case full
        case abbreviated
    }

    private struct DocumentKey: Hashable, Sendable {
        let name: RegistryPackageName
        let view: View
        let baseURL: String
    }

    private struct Versioned<Value: Sendable>: Sendable {
        let generation: UInt64
        let value: Value
    }

    private let documents: BoundedCache<DocumentKey, Versioned<EncodedDocument>>
    private let tarballListings: BoundedCache<RegistryPackageName, Versioned<[String: String]>>
    private let paths: BoundedCache<String, PackagePath>

    init(capacity: Int = defaultCapacity) {
        documents = BoundedCache(capacity: capacity)
        tarballListings = BoundedCache(capacity: max(1, capacity / 8))
        paths = BoundedCache(capacity: max(1, capacity / 64))
    }

    /// What `rawPath` addresses, as `PackagePath(rawPath:)` parses it; `nil` when that throws.
    func packagePath(rawPath: String) -> PackagePath? {
        if let cached = paths.value(for: rawPath) { return cached }
        guard let path = try? PackagePath(rawPath: rawPath) else { return nil }
        paths.store(path, cost: 2 * rawPath.utf8.count + 64, for: rawPath)
        return path
    }

    /// The encoded `view` of `snapshot`'s packument, encoding it with `make` on a miss.
    func document(
        _ view: View, of name: RegistryPackageName, snapshot: RecordSnapshot, baseURL: String, make: () -> JSONValue
    ) -> EncodedDocument {
        let key = DocumentKey(name: name, view: view, baseURL: baseURL)
        if let cached = documents.value(for: key), cached.generation == snapshot.generation { return cached.value }
        let document = EncodedDocument(make())
        documents.store(Versioned(generation: snapshot.generation, value: document), cost: document.cost, for: key)
        return document
    }

    /// The tarball file names `snapshot`'s packument lists, each with its version's `shasum` (empty when absent).
    func tarballListing(of name: RegistryPackageName, snapshot: RecordSnapshot) -> [String: String] {
        if let cached = tarballListings.value(for: name), cached.generation == snapshot.generation { return cached.value }
        var listing: [String: String] = [:]
        var cost = 0
        for (version, manifest) in snapshot.record.packument?["versions"]?.objectValue ?? JSONObject() {
            let fileName = name.tarballFileName(version: version)
            let shasum = manifest["dist"]?["shasum"]?.stringValue ?? ""
            listing[fileName] = shasum
            cost += fileName.utf8.count + shasum.utf8.count + 32
        }
        tarballListings.store(Versioned(generation: snapshot.generation, value: listing), cost: cost, for: name)
        return listing
    }
}
