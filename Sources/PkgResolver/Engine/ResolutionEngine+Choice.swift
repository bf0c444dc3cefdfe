// Choosing a version for one edge, in this order:
// 1. the lockfile's choice for this very edge, if it still satisfies (and the name is not updated);
// 2. a version already chosen in this resolution that satisfies (dedupe: fewer copies than npm),
//    except for the root's own edges, which get npm's pick so direct dependencies match npm's;
// 3. the highest locked version of the name that satisfies (keeps the lockfile stable);
// 4. npm's pick from the metadata (VersionPicker).
// Steps 1-3 need no metadata request, so an unchanged lockfile resolves with zero requests.
import PkgModel

extension ResolutionEngine {
    func choose(
        _ specifier: ParsedSpecifier, edgeName: String, specifierText: String, lockDependent: String, chain: [Requirement],
        reusesChosen: Bool = true
    ) async throws(ResolutionError) -> ChosenVersion {
        let name = specifier.packageName
        let lockAllowed = !updateAll && !updateNames.contains(name)
        let chosen: ChosenVersion
        if lockAllowed, let locked = lockedChoice(specifier, edgeName: edgeName, specifierText: specifierText, lockDependent: lockDependent) {
            chosen = locked
        } else if reusesChosen, let reused = highest(chosenVersions[name].map { Array($0.values) }, accepting: specifier.registry) {
            chosen = reused
        } else if lockAllowed, let locked = highest(previousVersionsByName[name], accepting: specifier.registry) {
            chosen = locked
        } else {
            chosen = try await fetchAndPick(specifier, chain: chain)
        }
        if chosenVersions[name]?[chosen.version.description] == nil {
            chosenVersions[name, default: [:]][chosen.version.description] = chosen
            onChoice?(name, chosen.metadata)
        }
        discover(chosen.metadata)
        return chosen
    }

    private func lockedChoice(_ specifier: ParsedSpecifier, edgeName: String, specifierText: String, lockDependent: String) -> ChosenVersion? {
        guard let edge = previousEdges[lockDependent]?[edgeName], let target = edge.target, target.name == specifier.packageName,
            let package = previousPackages[target], let version = Version.parse(target.version, loose: true)
        else { return nil }
        let valid: Bool
        if case .tag = specifier.registry {
            valid = edge.effectiveSpecifier == specifierText  // npm never re-checks a tag; pkg re-resolves when it changed
        } else {
            valid = specifier.registry.accepts(version)
        }
        return valid ? ChosenVersion(packageName: target.name, version: version, metadata: package.metadata) : nil
    }

    private func highest(_ candidates: [ChosenVersion]?, accepting specifier: RegistrySpecifier) -> ChosenVersion? {
        guard let candidates else { return nil }
        if case .tag = specifier { return nil }
        return candidates.filter { specifier.accepts($0.version) }.max { $0.version < $1.version }
    }

    private func fetchAndPick(_ specifier: ParsedSpecifier, chain: [Requirement]) async throws(ResolutionError) -> ChosenVersion {
        let name = specifier.packageName
        switch await prefetcher.metadata(for: name) {
        case let .failure(error):
            throw .metadataUnavailable(name: name, chain: chain, reason: String(describing: error))
        case .success(.notFound):
            throw .packageNotFound(name: name, chain: chain)
        case let .success(.found(metadata)):
            guard !metadata.versions.isEmpty else { throw .noVersions(name: name, chain: chain) }
            guard let (version, manifest) = picker.pick(specifier.registry, from: metadata) else {
                throw .noMatchingVersion(
                    name: name, specifier: specifier.registryText.isEmpty ? "*" : specifier.registryText, chain: chain,
                    versions: metadata.sortedVersionTexts, distTags: metadata.distTags
                )
            }
            return ChosenVersion(packageName: name, version: version, metadata: manifest)
        }
    }

    /// Starts metadata requests for every name `metadata` depends on that the lockfile cannot answer.
    func discover(_ metadata: VersionMetadata) {
        let specifiers = [metadata.dependencies, metadata.optionalDependencies, options.legacyPeerDependencies ? [:] : metadata.peerDependencies]
        for group in specifiers {
            for (edgeName, raw) in group.sorted(by: { $0.key < $1.key }) where !metadata.bundleDependencies.contains(edgeName) {
                discover(edgeName: edgeName, raw: raw)
            }
        }
    }

    func discover(edgeName: String, raw: String) {
        guard let parsed = try? ParsedSpecifier(edgeName: edgeName, raw: raw, includePrerelease: options.includePrerelease) else { return }
        let name = parsed.packageName
        if !updateAll, !updateNames.contains(name), previousVersionsByName[name] != nil { return }
        prefetcher.prefetch(name)
    }
}
