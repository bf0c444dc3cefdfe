// The two packument shapes clients ask for. Stored `dist.tarball` values are paths; the base
// URL (config `publicURL`, else the request's Host) is added when serving, so moving a registry
// to another address needs no rewrite of its data.
import PkgModel

enum PackumentView {
    /// Fields of a version kept in the abbreviated ("corgi") document npm installs from.
    static let abbreviatedVersionKeys = [
        "name", "version", "deprecated", "dependencies", "optionalDependencies", "devDependencies",
        "bundleDependencies", "bundledDependencies", "peerDependencies", "peerDependenciesMeta", "acceptDependencies",
        "bin", "directories", "engines", "os", "cpu", "libc", "funding", "hasInstallScript", "_hasShrinkwrap", "dist",
    ]

    /// The full document, with `_rev` and absolute tarball URLs.
    static func full(_ record: PackageRecord, packument: JSONObject, baseURL: String) -> JSONObject {
        var document = JSONObject()
        document["_id"] = packument["_id"]
        document["_rev"] = .string(record.rev)
        for (key, value) in packument where key != "_id" {
            document[key] = key == "versions" ? .object(absoluteVersions(value.objectValue, baseURL: baseURL)) : value
        }
        return document
    }

    /// The abbreviated document for `Accept: application/vnd.npm.install-v1+json`.
    static func abbreviated(_ packument: JSONObject, baseURL: String) -> JSONObject {
        var versions = JSONObject()
        for (version, manifest) in absoluteVersions(packument["versions"]?.objectValue, baseURL: baseURL) {
            var slim = JSONObject()
            for key in abbreviatedVersionKeys {
                if let value = manifest[key] { slim[key] = value }
            }
            versions[version] = .object(slim)
        }
        return JSONObject([
            ("name", packument["name"] ?? .null),
            ("modified", packument["time"]?["modified"] ?? .null),
            ("dist-tags", packument["dist-tags"] ?? .object(JSONObject())),
            ("versions", .object(versions)),
        ])
    }

    /// One version's manifest with an absolute tarball URL.
    static func version(_ manifest: JSONValue, baseURL: String) -> JSONValue {
        absolute(manifest, baseURL: baseURL)
    }

    private static func absoluteVersions(_ versions: JSONObject?, baseURL: String) -> JSONObject {
        var result = JSONObject()
        for (version, manifest) in versions ?? JSONObject() {
            result[version] = absolute(manifest, baseURL: baseURL)
        }
        return result
    }

    private static func absolute(_ manifest: JSONValue, baseURL: String) -> JSONValue {
        guard var object = manifest.objectValue, var dist = object["dist"]?.objectValue,
            let path = dist["tarball"]?.stringValue, path.hasPrefix("/")
        else { return manifest }
        dist["tarball"] = .string(baseURL + escapedTarballPath(path))
        object["dist"] = .object(dist)
        return .object(object)
    }

    /// Tarball paths keep `@scope/name/-/file.tgz`; nothing else in a valid name needs escaping.
    private static func escapedTarballPath(_ path: String) -> String { path }
}
