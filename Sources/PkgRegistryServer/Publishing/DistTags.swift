// Dist-tag rules shared by publish, the dist-tags routes and packument edits: a tag is never a
// version (npm would read `1.0.0` as a version, not a tag), and `latest` always exists while any
// version does, pointing at the highest release when it must be recomputed.
import PkgModel

enum DistTags {
    /// - Throws: `RegistryError.invalidDocument` for an empty tag, one that parses as a version, or an unsafe one.
    static func validate(tag: String) throws(RegistryError) {
        guard !tag.isEmpty, tag.utf8.count <= 128 else { throw .invalidDocument("a dist-tag must have 1 to 128 characters") }
        guard Version.parse(tag, loose: true) == nil else {
            throw .invalidDocument("the dist-tag `\(tag)` looks like a version; tags must not be versions")
        }
        guard !tag.contains("/"), !tag.contains("%"), tag.allSatisfy({ !$0.isWhitespace }) else {
            throw .invalidDocument("the dist-tag `\(tag)` may not contain `/`, `%` or spaces")
        }
    }

    /// The version `latest` should name when it must be recomputed: the highest release, or the
    /// highest prerelease when there is no release.
    static func recomputedLatest(among versions: [String]) -> String? {
        let parsed = versions.compactMap { version in Version.parse(version).map { ($0, version) } }
        let releases = parsed.filter { !$0.0.isPrerelease }
        return (releases.isEmpty ? parsed : releases).max { $0.0 < $1.0 }?.1
    }

    /// Drops tags naming missing versions and makes sure `latest` exists when versions do.
    static func repaired(_ tags: JSONObject, versions: [String]) -> JSONObject {
        var result = JSONObject()
        for (tag, value) in tags where value.stringValue.map(versions.contains) == true {
            result[tag] = value
        }
        if result["latest"] == nil, let latest = recomputedLatest(among: versions) {
            result["latest"] = .string(latest)
        }
        return result
    }
}
