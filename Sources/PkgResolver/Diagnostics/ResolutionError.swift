import PkgModel

/// Why no graph could be built. Each case carries the requirement chain from the root, which the
/// rendered text prints first (STYLE.md section 3: a resolution failure is explained as a chain).
public enum ResolutionError: Diagnostic, Hashable {
    /// ETARGET: no published version (or tag) satisfies the specifier.
    case noMatchingVersion(name: String, specifier: String, chain: [Requirement], versions: [String], distTags: [String: String])
    /// ENOVERSIONS: the package exists but has no versions at all.
    case noVersions(name: String, chain: [Requirement])
    /// E404: the registry has no package with this name.
    case packageNotFound(name: String, chain: [Requirement])
    /// The source failed (network, server error); `reason` is the source's error, rendered.
    case metadataUnavailable(name: String, chain: [Requirement], reason: String)
    /// A specifier form the resolver does not handle (file:, git, URLs…).
    case unsupportedSpecifier(edgeName: String, specifier: String, chain: [Requirement])
    /// A dist-tag that is not a valid tag name (npm's EINVALIDTAGNAME).
    case invalidTagName(edgeName: String, tag: String, chain: [Requirement])
    /// ERESOLVE: a peer dependency conflicts with what its dependent's context already resolved.
    case peerConflict(PeerConflict, strict: Bool)
    /// EOVERRIDE: an override changes the specifier of one of the root's own dependencies.
    case overrideConflict(name: String, specifier: String, override: String)
    /// EOVERRIDE: `$name` names nothing in the root's dependencies.
    case unresolvedOverrideReference(String)
    /// EBADPLATFORM: a non-optional package does not support this os/cpu/libc.
    case unsupportedPlatform(PackageID, wanted: String, current: String, chain: [Requirement])
    /// EBADENGINE with `engine-strict`: a non-optional package does not support this node or npm.
    case unsupportedEngine(PackageID, engine: String, required: String, current: String)

    public var code: String {
        switch self {
        case .noMatchingVersion: "ETARGET"
        case .noVersions: "ENOVERSIONS"
        case .packageNotFound: "E404"
        case .metadataUnavailable: "EMETADATA"
        case .unsupportedSpecifier: "EUNSUPPORTEDPROTOCOL"
        case .invalidTagName: "EINVALIDTAGNAME"
        case .peerConflict: "ERESOLVE"
        case .overrideConflict, .unresolvedOverrideReference: "EOVERRIDE"
        case .unsupportedPlatform: "EBADPLATFORM"
        case .unsupportedEngine: "EBADENGINE"
        }
    }

    public var message: String {
        switch self {
        case let .noMatchingVersion(name, specifier, _, _, _):
            "No matching version found for `\(name)@\(specifier)`"
        case let .noVersions(name, _):
            "No versions available for `\(name)`"
        case let .packageNotFound(name, _):
            "`\(name)` is not in the registry"
        case let .metadataUnavailable(name, _, _):
            "Could not fetch the metadata of `\(name)`"
        case let .unsupportedSpecifier(edgeName, specifier, _):
            "Unsupported specifier `\(specifier)` for `\(edgeName)`"
        case let .invalidTagName(edgeName, tag, _):
            "Invalid tag name `\(tag)` for `\(edgeName)`"
        case let .peerConflict(conflict, _):
            "Could not resolve the peer dependency `\(conflict.peerName)@\(conflict.peerSpecifier)` of `\(conflict.dependent)`"
        case let .overrideConflict(name, specifier, override):
            "Override `\(override)` for `\(name)@\(specifier)` conflicts with a direct dependency"
        case let .unresolvedOverrideReference(reference):
            "Unable to resolve override reference `\(reference)`"
        case let .unsupportedPlatform(id, _, _, _):
            "Unsupported platform for `\(id)`"
        case let .unsupportedEngine(id, engine, _, _):
            "Unsupported \(engine) engine for `\(id)`"
        }
    }

    public var detail: [String] {
        switch self {
        case let .noMatchingVersion(name, _, chain, versions, distTags):
            return chain.map(\.description) + [Self.summary(of: versions, name: name, distTags: distTags)]
        case let .noVersions(_, chain), let .packageNotFound(_, chain):
            return chain.map(\.description)
        case let .metadataUnavailable(_, chain, reason):
            return chain.map(\.description) + [reason]
        case let .unsupportedSpecifier(_, _, chain), let .invalidTagName(_, _, chain):
            return chain.map(\.description)
        case let .peerConflict(conflict, _):
            var lines = ["Found: \(conflict.found)"]
            lines += conflict.foundChain.map { "  " + $0.description }
            lines.append("Could not resolve dependency:")
            lines += conflict.chain.map { "  " + $0.description }
            return lines
        case .overrideConflict, .unresolvedOverrideReference:
            return []
        case let .unsupportedPlatform(_, wanted, current, chain):
            return chain.map(\.description) + ["wanted \(wanted), current \(current)"]
        case let .unsupportedEngine(_, engine, required, current):
            return ["wanted \(engine) \(required), current \(current)"]
        }
    }

    public var hint: String? {
        switch self {
        case .noMatchingVersion:
            "change the range in the chain above to one that matches a published version"
        case .noVersions:
            "publish a version of the package, or remove the dependency on it"
        case .packageNotFound:
            "check the name for typos, or set `--registry` to a registry that has the package"
        case .metadataUnavailable:
            "check the network and the registry, then retry"
        case .unsupportedSpecifier:
            "use a registry range, version, dist-tag or `npm:` alias instead"
        case .invalidTagName:
            "use a semver range or a valid dist-tag"
        case let .peerConflict(_, strict):
            strict
                ? "rerun without --strict-peer-deps, with --force, or with --legacy-peer-deps to ignore peer dependencies"
                : "rerun with --legacy-peer-deps to ignore peer dependencies, or with --force to accept the conflict"
        case .overrideConflict:
            "make the override equal to the direct dependency's specifier, or reference it as `$name`"
        case .unresolvedOverrideReference:
            "add the referenced package to the root's dependencies, or write the specifier out"
        case .unsupportedPlatform:
            "install on a supported platform, or ask the dependent to make it an optional dependency"
        case .unsupportedEngine:
            "switch to a supported engine version, or turn off engine-strict"
        }
    }

    /// `` `b` has 3 versions: 1.0.0, 1.1.0, 2.0.0 (dist-tags: latest=2.0.0) ``; long lists are elided.
    static func summary(of versions: [String], name: String, distTags: [String: String]) -> String {
        let listed: String
        if versions.count <= 8 {
            listed = versions.joined(separator: ", ")
        } else {
            listed = (versions.prefix(3) + ["…"] + versions.suffix(4)).joined(separator: ", ")
        }
        let tags = distTags.keys.sorted().map { "\($0)=\(distTags[$0] ?? "")" }.joined(separator: ", ")
        let count = versions.count == 1 ? "1 version" : "\(versions.count) versions"
        return "`\(name)` has \(count): \(listed)" + (tags.isEmpty ? "" : " (dist-tags: \(tags))")
    }
}

/// The facts of an ERESOLVE: which peer of which package met which existing choice.
public struct PeerConflict: Sendable, Hashable {
    /// The package declaring the peer dependency.
    public var dependent: PackageID
    public var peerName: String
    public var peerSpecifier: String
    /// The instance the dependent's context already has for `peerName`.
    public var found: PackageID
    /// Why `found` is there: the requirement that chose it.
    public var foundChain: [Requirement]
    /// From the root to the failing peer edge.
    public var chain: [Requirement]

    public init(dependent: PackageID, peerName: String, peerSpecifier: String, found: PackageID, foundChain: [Requirement], chain: [Requirement]) {
        self.dependent = dependent
        self.peerName = peerName
        self.peerSpecifier = peerSpecifier
        self.found = found
        self.foundChain = foundChain
        self.chain = chain
    }
}
