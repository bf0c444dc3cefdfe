// npm's version choice (npm-pick-manifest 9, NPM-SEMANTICS.md §1):
// - a dist-tag returns exactly the tagged version (no deprecated/engines filter);
// - an exact version returns that version, even deprecated or engine-failing;
// - a range first tries the default tag (`latest`): taken when the range is `*` or it satisfies the
//   range, and it is neither deprecated nor engine-failing;
// - otherwise the satisfying versions are sorted by (not deprecated and engines ok, engines ok,
//   not deprecated, highest version) and the first wins. Prereleases only match ranges that name a
//   prerelease of the same major.minor.patch (VersionRange implements that rule).
import PkgModel

/// Picks a version from one package's metadata the way npm does.
struct VersionPicker: Sendable {
    var defaultTag: String
    var engines: EngineCheck

    /// The chosen version, or `nil` when nothing matches (ETARGET).
    func pick(_ specifier: RegistrySpecifier, from metadata: PackageMetadata) -> (version: Version, metadata: VersionMetadata)? {
        switch specifier {
        case let .tag(tag):
            guard let tagged = metadata.distTags[tag], let version = Version.parse(tagged, loose: true),
                let manifest = metadata.versions[tagged]
            else { return nil }
            return (version, manifest)
        case let .version(exact):
            return metadata.versionsByParsed.first { $0.version == exact }
        case let .range(range, isAny):
            if let latestText = metadata.distTags[defaultTag],
                let latest = metadata.versions[latestText],
                let latestVersion = Version.parse(latestText, loose: true),
                isAny || range.satisfied(by: latestVersion),
                latest.deprecated == nil,
                engines.failure(of: latest) == nil
            {
                return (latestVersion, latest)
            }
            var best: (rank: (Bool, Bool, Bool), version: Version, metadata: VersionMetadata)?
            for candidate in metadata.versionsByParsed where range.satisfied(by: candidate.version) {
                let enginesOK = engines.failure(of: candidate.metadata) == nil
                let notDeprecated = candidate.metadata.deprecated == nil
                let rank = (notDeprecated && enginesOK, enginesOK, notDeprecated)
                if let current = best {
                    if Self.isBetter(rank, candidate.version, than: current.rank, current.version) {
                        best = (rank, candidate.version, candidate.metadata)
                    }
                } else {
                    best = (rank, candidate.version, candidate.metadata)
                }
            }
            return best.map { ($0.version, $0.metadata) }
        }
    }

    private static func isBetter(_ rank: (Bool, Bool, Bool), _ version: Version, than otherRank: (Bool, Bool, Bool), _ otherVersion: Version) -> Bool {
        if rank.0 != otherRank.0 { return rank.0 }
        if rank.1 != otherRank.1 { return rank.1 }
        if rank.2 != otherRank.2 { return rank.2 }
        return version > otherVersion
    }
}

extension PackageMetadata {
    /// Versions whose key parses (loosely), highest first; invalid keys are ignored as npm does.
    var versionsByParsed: [(version: Version, metadata: VersionMetadata)] {
        versions.compactMap { key, value in Version.parse(key, loose: true).map { ($0, value) } }
            .sorted { $0.version > $1.version }
    }

    /// Version keys in ascending order, for error messages.
    var sortedVersionTexts: [String] {
        versionsByParsed.reversed().map(\.version.description)
    }
}

/// npm-install-checks' `checkEngine`: `engines.node` and `engines.npm` against the running versions,
/// with prereleases included. A missing field, or an unknown running version, passes.
struct EngineCheck: Sendable {
    var nodeVersion: Version?
    var npmVersion: Version?

    init(nodeVersion: String?, npmVersion: String?) {
        self.nodeVersion = nodeVersion.flatMap { Version.parse($0, loose: true) }
        self.npmVersion = npmVersion.flatMap { Version.parse($0, loose: true) }
    }

    /// The first failing engine as (engine, required range, current version), or `nil` when all pass.
    func failure(of metadata: VersionMetadata) -> (engine: String, required: String, current: String)? {
        for (engine, current) in [("node", nodeVersion), ("npm", npmVersion)] {
            guard let current, let required = metadata.engines[engine] else { continue }
            let range = try? VersionRange(required, includePrerelease: true)
            if range?.satisfied(by: current) != true { return (engine, required, current.description) }
        }
        return nil
    }
}

/// npm-install-checks' `checkPlatform` (`checkList`): `!x` negates, `any` passes, a package that
/// names a libc only matches on linux with a known libc.
struct PlatformCheck: Sendable {
    var platform: Platform

    /// `nil` when the package supports the platform, else a description of the mismatch.
    func failure(of metadata: VersionMetadata) -> (wanted: String, current: String)? {
        let libc = platform.os == "linux" ? platform.libc : nil
        let passes = Self.matches(metadata.os, platform.os) && Self.matches(metadata.cpu, platform.cpu)
            && Self.matches(metadata.libc, libc)
        guard !passes else { return nil }
        var wanted: [String] = []
        if !metadata.os.isEmpty { wanted.append("os \(metadata.os.joined(separator: ","))") }
        if !metadata.cpu.isEmpty { wanted.append("cpu \(metadata.cpu.joined(separator: ","))") }
        if !metadata.libc.isEmpty { wanted.append("libc \(metadata.libc.joined(separator: ","))") }
        var current = ["os \(platform.os)", "cpu \(platform.cpu)"]
        if !metadata.libc.isEmpty { current.append("libc \(libc ?? "unknown")") }
        return (wanted.joined(separator: " "), current.joined(separator: " "))
    }

    static func matches(_ list: [String], _ actual: String?) -> Bool {
        guard !list.isEmpty, list != ["any"] else { return true }
        var positiveMatch = false
        var allNegated = true
        for entry in list {
            if entry.hasPrefix("!") {
                if String(entry.dropFirst()) == actual { return false }
            } else {
                allNegated = false
                if entry == actual || entry == "any" { positiveMatch = true }
            }
        }
        return positiveMatch || allNegated
    }
}
