// Processing one dependent: choose its declared edges, resolve its children's peers in its context,
// then create or reuse the children's instances.
import PkgModel

extension ResolutionEngine {
    /// Where a peer edge points before instances have IDs.
    enum PendingTarget {
        case child(Int)
        case existing(PackageID)
        case none
    }

    struct PendingPeer {
        var name: String
        var kind: EdgeKind
        var specifier: String
        var overridden: String?
        var target: PendingTarget
    }

    /// A child of the dependent being processed: a declared edge, an auto-installed peer, or a
    /// peer that conflicted below the root and got its own copy.
    struct PendingChild {
        var edgeName: String
        var kind: EdgeKind
        var specifier: String
        var overridden: String?
        var chosen: ChosenVersion
        var overrideSet: Int
        var chain: [Requirement]
        var optionalEntry: OptionalEntry?
        var isDeclared: Bool
        var peers: [PendingPeer] = []

        var provisionalID: PackageID { PackageID(name: chosen.packageName, version: chosen.version.description) }
    }

    /// What a name resolves to in the dependent's context (its own edges and auto-installed peers).
    struct ContextEntry {
        var target: PendingTarget
        var packageName: String
        var version: Version
        var chain: [Requirement]
    }

    func processDependent(_ dependent: PackageID?) async throws(ResolutionError) {
        let state = dependent.flatMap { instances[$0] }
        let set = state?.overrideSet ?? OverrideRules.root
        let chain = state?.chain ?? []
        let lockLabel = dependent.map { "\($0.name)@\($0.version)" } ?? ""
        var edges = state?.edges ?? [:]
        var children: [PendingChild] = []
        var context: [String: ContextEntry] = [:]
        var deferredOptionalPeers: [DeclaredEdge] = []

        for (name, edge) in edges where edge.kind.isPeer {
            guard let target = edge.target, let version = Version.parse(target.version, loose: true) else { continue }
            context[name] = ContextEntry(target: .existing(target), packageName: target.name, version: version, chain: instances[target]?.chain ?? [])
        }

        for declared in declaredEdges(of: dependent) {
            if declared.kind == .peerOptional {
                deferredOptionalPeers.append(declared)
                continue
            }
            do {
                let (parsed, overridden) = try effectiveSpecifier(edgeName: declared.name, raw: declared.specifier, set: set, chain: chain)
                let requirement = Requirement(dependent: dependent, edgeName: declared.name, specifier: overridden ?? declared.specifier, kind: declared.kind)
                let childChain = chain + [requirement]
                let chosen = try await choose(
                    parsed, edgeName: declared.name, specifierText: overridden ?? declared.specifier, lockDependent: lockLabel, chain: childChain,
                    reusesChosen: dependent != nil
                )
                let entry = declared.kind.isOptional
                    ? OptionalEntry(dependent: dependent, edgeName: declared.name, specifier: declared.specifier) : state?.optionalEntry
                children.append(PendingChild(
                    edgeName: declared.name, kind: declared.kind, specifier: declared.specifier, overridden: overridden, chosen: chosen,
                    overrideSet: overrides.nodeSet(in: set, name: declared.name, version: chosen.version),
                    chain: childChain, optionalEntry: entry, isDeclared: true
                ))
                context[declared.name] = ContextEntry(target: .child(children.count - 1), packageName: chosen.packageName, version: chosen.version, chain: childChain)
            } catch {
                try handleFailure(error, kind: declared.kind, edgeName: declared.name, specifier: declared.specifier, dependent: dependent, inherited: state?.optionalEntry)
                edges[declared.name] = ResolvedEdge(kind: declared.kind, specifier: declared.specifier, target: nil)
            }
        }

        if !options.legacyPeerDependencies {
            var index = 0
            while index < children.count {
                try await resolvePeers(of: index, children: &children, context: &context, dependent: dependent)
                index += 1
            }
        }

        let ids = instantiate(children)
        for (index, child) in children.enumerated() where child.isDeclared {
            edges[child.edgeName] = ResolvedEdge(kind: child.kind, specifier: child.specifier, overriddenSpecifier: child.overridden, target: ids[index])
        }
        for declared in deferredOptionalPeers {
            var target: PackageID?
            if let entry = context[declared.name],
                let parsed = try? effectiveSpecifier(edgeName: declared.name, raw: declared.specifier, set: set, chain: chain).0,
                parsed.packageName == entry.packageName, parsed.registry.accepts(entry.version)
            {
                target = resolve(entry.target, ids: ids)
            }
            edges[declared.name] = ResolvedEdge(kind: declared.kind, specifier: declared.specifier, target: target)
        }
        if let dependent {
            instances[dependent]?.edges = edges
        } else {
            rootEdges = edges
        }
    }

    /// Resolves the peers of `children[index]` in the dependent's context, appending auto-installed
    /// (or conflict-isolated) peers to `children`.
    func resolvePeers(of index: Int, children: inout [PendingChild], context: inout [String: ContextEntry], dependent: PackageID?) async throws(ResolutionError) {
        let child = children[index]
        let metadata = child.chosen.metadata
        for peerName in metadata.peerDependencies.keys.sorted() {
            guard let raw = metadata.peerDependencies[peerName],
                metadata.dependencies[peerName] == nil, metadata.optionalDependencies[peerName] == nil,
                !metadata.bundleDependencies.contains(peerName), peerName != child.edgeName
            else { continue }
            let kind: EdgeKind = metadata.peerDependenciesMeta[peerName]?.optional == true ? .peerOptional : .peer
            var link = PendingPeer(name: peerName, kind: kind, specifier: raw, overridden: nil, target: .none)
            do throws(ResolutionError) {
                let (parsed, overridden) = try effectiveSpecifier(edgeName: peerName, raw: raw, set: child.overrideSet, chain: child.chain)
                link.overridden = overridden
                let requirement = Requirement(dependent: child.provisionalID, edgeName: peerName, specifier: overridden ?? raw, kind: kind)
                let peerChain = child.chain + [requirement]
                if let existing = context[peerName] {
                    let accepts: Bool
                    if case .tag = parsed.registry { accepts = existing.packageName == parsed.packageName } else {
                        accepts = existing.packageName == parsed.packageName && parsed.registry.accepts(existing.version)
                    }
                    if accepts {
                        link.target = existing.target
                    } else {
                        let conflict = PeerConflict(
                            dependent: child.provisionalID, peerName: peerName, peerSpecifier: overridden ?? raw,
                            found: PackageID(name: existing.packageName, version: existing.version.description),
                            foundChain: existing.chain, chain: peerChain
                        )
                        if (dependent == nil || options.strictPeerDependencies) && !options.force {
                            throw .peerConflict(conflict, strict: options.strictPeerDependencies)
                        }
                        warnings.append(.peerConflictOverridden(conflict))
                        let chosen = try await choose(parsed, edgeName: peerName, specifierText: overridden ?? raw, lockDependent: child.chosen.label, chain: peerChain)
                        // One isolated copy per name@version: two isolated peers that need each other
                        // must not keep creating copies forever.
                        if let copy = children.firstIndex(where: { !$0.isDeclared && $0.edgeName == peerName && $0.chosen.label == chosen.label }) {
                            link.target = .child(copy)
                        } else {
                            children.append(peerChild(peerName, kind, raw, overridden, chosen, parent: child, chain: peerChain))
                            link.target = .child(children.count - 1)
                        }
                    }
                } else if kind == .peer {
                    let chosen = try await choose(parsed, edgeName: peerName, specifierText: overridden ?? raw, lockDependent: child.chosen.label, chain: peerChain)
                    children.append(peerChild(peerName, kind, raw, overridden, chosen, parent: child, chain: peerChain))
                    link.target = .child(children.count - 1)
                    context[peerName] = ContextEntry(target: link.target, packageName: chosen.packageName, version: chosen.version, chain: peerChain)
                }
            } catch {
                try handleFailure(error, kind: kind, edgeName: peerName, specifier: raw, dependent: child.provisionalID, inherited: child.optionalEntry)
            }
            children[index].peers.append(link)
        }
    }

    private func peerChild(
        _ name: String, _ kind: EdgeKind, _ specifier: String, _ overridden: String?, _ chosen: ChosenVersion,
        parent: PendingChild, chain: [Requirement]
    ) -> PendingChild {
        PendingChild(
            edgeName: name, kind: kind, specifier: specifier, overridden: overridden, chosen: chosen,
            overrideSet: overrides.nodeSet(in: parent.overrideSet, name: name, version: chosen.version),
            chain: chain, optionalEntry: parent.optionalEntry, isDeclared: false
        )
    }

    /// Skips a failed optional edge (or the optional edge above it) with a warning; rethrows otherwise.
    func handleFailure(
        _ error: ResolutionError, kind: EdgeKind, edgeName: String, specifier: String, dependent: PackageID?, inherited: OptionalEntry?
    ) throws(ResolutionError) {
        if kind.isOptional {
            warnings.append(.optionalSkipped(edgeName: edgeName, specifier: specifier, dependent: dependent, reason: error.message))
        } else if let inherited {
            // If the dependent turns out to be needed outside the optional subtree too, `finish`
            // rethrows this error (npm: only an optional node's failures are forgiven).
            failuresBelowOptional.append((dependent, error))
            if !prunedOptionalEntries.contains(inherited) {
                prunedOptionalEntries.append(inherited)
                warnings.append(.optionalSkipped(
                    edgeName: inherited.edgeName, specifier: inherited.specifier, dependent: inherited.dependent, reason: error.message
                ))
            }
        } else {
            throw error
        }
    }

    /// Parses an edge's specifier and applies the override rule that matches it.
    func effectiveSpecifier(edgeName: String, raw: String, set: Int, chain: [Requirement]) throws(ResolutionError) -> (ParsedSpecifier, String?) {
        let parsed = try parse(edgeName: edgeName, raw: raw, chain: chain)
        guard let rule = overrides.edgeRule(in: set, edgeName: edgeName, range: parsed.range),
            let replacement = overrides.replacement(rule), replacement != raw
        else { return (parsed, nil) }
        return (try parse(edgeName: edgeName, raw: replacement, chain: chain), replacement)
    }

    private func parse(edgeName: String, raw: String, chain: [Requirement]) throws(ResolutionError) -> ParsedSpecifier {
        do {
            return try ParsedSpecifier(edgeName: edgeName, raw: raw, includePrerelease: options.includePrerelease)
        } catch {
            switch error {
            case .unsupported: throw .unsupportedSpecifier(edgeName: edgeName, specifier: raw, chain: chain)
            case let .invalidTag(tag): throw .invalidTagName(edgeName: edgeName, tag: tag, chain: chain)
            }
        }
    }

    /// Creates or reuses an instance for every pending child; returns their IDs by index.
    func instantiate(_ children: [PendingChild]) -> [PackageID] {
        func peerText(_ target: PendingTarget) -> String {
            switch target {
            case let .child(index): children[index].chosen.label
            case let .existing(id): id.description
            case .none: "-"
            }
        }
        var ids: [PackageID] = []
        var created: [Int] = []
        for (index, child) in children.enumerated() {
            let key = InstanceKey(
                packageName: child.chosen.packageName, version: child.chosen.version.description,
                peers: child.peers.map { "\($0.name)=\(peerText($0.target))" }, overrideSet: child.overrideSet
            )
            if let id = instanceByKey[key] {
                ids.append(id)
                continue
            }
            let label = child.chosen.label
            let count = instanceCountByLabel[label, default: 0]
            var id = PackageID(name: child.chosen.packageName, version: child.chosen.version.description)
            if count > 0 {
                var parts = child.peers.filter { if case .none = $0.target { false } else { true } }.map { peerText($0.target) }
                if child.overrideSet != OverrideRules.root { parts.append("overrides:" + overrides.path(child.overrideSet)) }
                id.discriminator = parts.isEmpty ? "\(count)" : parts.joined(separator: ",")
                while instances[id] != nil { id.discriminator = (id.discriminator ?? "") + "#\(count)" }
            }
            instanceCountByLabel[label] = count + 1
            instanceByKey[key] = id
            instances[id] = InstanceState(
                id: id, metadata: child.chosen.metadata, edges: [:], overrideSet: child.overrideSet,
                chain: child.chain, optionalEntry: child.optionalEntry
            )
            queue.append(id)
            created.append(index)
            ids.append(id)
        }
        for index in created {
            let id = ids[index]
            for peer in children[index].peers {
                instances[id]?.edges[peer.name] = ResolvedEdge(
                    kind: peer.kind, specifier: peer.specifier, overriddenSpecifier: peer.overridden, target: resolve(peer.target, ids: ids)
                )
            }
        }
        return ids
    }

    func resolve(_ target: PendingTarget, ids: [PackageID]) -> PackageID? {
        switch target {
        case let .child(index): ids[index]
        case let .existing(id): id
        case .none: nil
        }
    }
}
