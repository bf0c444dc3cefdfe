import Foundation
import PkgModel

extension RegistryClient {
    /// Sets (or, with an empty message, clears) the deprecation message of every version of `name`
    /// satisfying `range`, prereleases included, as `npm deprecate` does: read the packument with
    /// `?write=true`, edit `versions[v].deprecated`, `PUT /<name>`.
    /// - Returns: the versions changed; empty when none matched (nothing is sent then).
    /// - Throws: `RegistryError` from the read or the write.
    public func deprecate(name: String, range: VersionRange, message: String, oneTimePassword: String? = nil) async throws(RegistryError) -> [String] {
        var packument = try await fullPackument(named: name, write: true)
        let matching = packument.versions.filter { text in
            Version.parse(text, loose: true).map(range.satisfied(by:)) ?? false
        }
        guard !matching.isEmpty else { return [] }
        for version in matching {
            // npm stores the message as given; "" is how the registry learns to remove it.
            guard var manifest = packument.object["versions"]?[version]?.objectValue else { continue }
            manifest["deprecated"] = .string(message)
            var versions = packument.object["versions"]?.objectValue ?? JSONObject()
            versions[version] = .object(manifest)
            packument.object["versions"] = .object(versions)
        }
        try await putPackument(packument.object, name: name, oneTimePassword: oneTimePassword)
        return matching
    }
}
