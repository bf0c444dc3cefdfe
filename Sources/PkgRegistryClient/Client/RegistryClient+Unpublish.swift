import Foundation
import PkgModel

/// What `unpublish` removed.
public enum UnpublishOutcome: Sendable, Hashable {
    /// One version is gone; the package remains.
    case version(String)
    /// The whole package is gone (asked for, or its only version was removed).
    case package
    /// The version was not published (npm treats this as done).
    case alreadyGone
}

extension RegistryClient {
    /// Removes one version, or the whole package when `version` is `nil`, with npm's requests:
    /// whole package `DELETE /<name>/-rev/<rev>`; one version `PUT /<name>/-rev/<rev>` without it
    /// (its dist-tags dropped, `latest` moved), then `DELETE <tarball path>/-rev/<new rev>`.
    /// Removing the only version removes the package, as npm does.
    /// - Throws: `RegistryError` (`.notFound` for an unknown package).
    public func unpublish(name: String, version: String?, oneTimePassword: String? = nil) async throws(RegistryError) -> UnpublishOutcome {
        let registry = registry(forPackage: name)
        let packageURL = Self.base(registry) + Self.escapedName(name)
        var packument = try await fullPackument(named: name, write: true)
        let revision = packument.revision ?? ""
        let versions = packument.versions
        if let version, !versions.isEmpty, !versions.contains(version) {
            return .alreadyGone
        }
        guard let version, versions.count > 1 else {
            try await deleteResource(packageURL + "/-rev/" + Self.encodeURIComponent(revision), name: name, oneTimePassword: oneTimePassword)
            return .package
        }
        let tarball = packument.manifest(for: version)?.object["dist"]?["tarball"]?.stringValue
        packument.removeVersion(version)
        packument.object["_revisions"] = nil
        packument.object["_attachments"] = nil
        try await putPackument(packument.object, name: name, revision: revision, oneTimePassword: oneTimePassword)

        guard let tarball else { return .version(version) }
        let updated = try await fullPackument(named: name, write: true)
        let path = Self.path(ofTarball: tarball, registry: registry)
        try await deleteResource(Self.base(registry) + path + "/-rev/" + Self.encodeURIComponent(updated.revision ?? ""), name: name, oneTimePassword: oneTimePassword)
        return .version(version)
    }

    /// The tarball URL's path relative to the registry (libnpmpublish's `getPathname`).
    static func path(ofTarball tarball: String, registry: String) -> String {
        let registryPath = URLComponents(string: registry)?.percentEncodedPath ?? ""
        var tarballPath = URLComponents(string: tarball)?.percentEncodedPath ?? ""
        if tarballPath.hasPrefix("/") { tarballPath.removeFirst() }
        let prefix = registryPath.hasPrefix("/") ? String(registryPath.dropFirst()) : registryPath
        if !prefix.isEmpty, tarballPath.hasPrefix(prefix) { tarballPath.removeFirst(prefix.count) }
        return tarballPath
    }
}
