// The install pipeline: package.json + pkg.lock → resolve (or reuse the lock) → pkg.lock →
// fetch what the store lacks (verified, concurrently, overlapping resolution) → hoist → link →
// allowed scripts.
import Foundation
import PkgModel
import PkgRegistryClient
import PkgResolver

/// Runs installs for one project.
package struct Installer: Sendable {
    package var projectDirectory: String
    package var store: Store
    package var source: any PackageSource
    package var tarballs: any TarballSource
    package var lockfile: any LockfileCoding
    package var environment: [String: String]
    package var progress: @Sendable (InstallProgress) -> Void

    package init(
        projectDirectory: String, store: Store, source: any PackageSource, tarballs: any TarballSource,
        lockfile: (any LockfileCoding)? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        progress: @escaping @Sendable (InstallProgress) -> Void = { _ in }
    ) {
        self.projectDirectory = projectDirectory
        self.store = store
        self.source = source
        self.tarballs = tarballs
        // By default tarballs are stored relative to the registry the tarball source downloads from.
        self.lockfile = lockfile ?? PkgLockfileCoding(registry: Self.registryLookup(tarballs))
        self.environment = environment
        self.progress = progress
    }

    /// The configured registry per package name when `tarballs` is registry-backed, else npm's.
    static func registryLookup(_ tarballs: any TarballSource) -> @Sendable (String) -> String {
        guard let registryTarballs = tarballs as? RegistryTarballSource else { return { _ in "https://registry.npmjs.org/" } }
        let configuration = registryTarballs.client.configuration
        return { name in configuration.registry(forPackage: name) }
    }

    /// Installs the project as package.json and pkg.lock describe it.
    ///
    /// The stages overlap (docs/architecture.md, "The install pipeline"): tarballs are fetched
    /// into the store while the resolver is still choosing versions, and linking starts once both
    /// are done. A repeated install with nothing changed stops after comparing file stamps.
    /// - Throws: `InstallError`, `ResolutionError`, or the tarball source's errors.
    package func install(_ options: InstallOptions) async throws -> InstallSummary {
        // The last install's record, read once: the no-op check and, after a crash, the relink need it.
        let state = InstallStateOutline.load(nodeModules: Linker(projectDirectory: projectDirectory).nodeModules)
        let journal = StoreSyncJournal(store: store)
        if let summary = upToDateSummary(options, state: state, journal: journal) { return summary }
        // Files linked from writes a crash interrupted may be damaged: every folder is linked again.
        let relinkAll = state.map { !Self.allWhole($0.pendingSyncs, journal: journal) } ?? false
        // `node --version` (for `engines`) runs while the lockfile is read, not before.
        let nodeVersion = options.resolution.nodeVersion == nil ? Self.inBackground(options.nodeVersion) : nil
        // What this install adds to the store becomes durable (StoreDurability), also when it
        // fails: the entries stay for the next install.
        let durability = StoreDurability(journal: journal, mode: options.storeSync)
        let pipeline = TarballPipeline(
            store: store, tarballs: tarballs, concurrency: options.concurrency, offline: options.offline,
            beforeCommit: { () throws(InstallError) in try durability.willCommit() }
        ) { [progress, tarballs] counts in
            if counts.downloaded > 0 { durability.committed() }
            progress(.downloading(done: counts.finished, total: counts.requested, bytes: tarballs.bytesReceived))
        }
        do {
            let summary = try await install(
                options, nodeVersion: nodeVersion, pipeline: pipeline, journal: journal, relinkAll: relinkAll)
            await pipeline.finish()
            await durability.finish()
            return summary
        } catch {
            await pipeline.finish()
            await durability.finish()
            throw error
        }
    }

    /// The settings that shape node_modules besides package.json and pkg.lock.
    static func settingsStamp(_ options: InstallOptions) -> String {
        let platform = options.resolution.platform.map { "\($0.os)-\($0.cpu)-\($0.libc ?? "")" } ?? "any"
        let omit = options.omit.map(\.rawValue).sorted().joined(separator: ",")
        return "omit=\(omit);platform=\(platform);legacy-peer-deps=\(options.resolution.legacyPeerDependencies)"
            + ";strict-peer-deps=\(options.resolution.strictPeerDependencies);ignore-scripts=\(options.ignoreScripts)"
    }

    /// The no-op check: when package.json, pkg.lock and the settings are those of the last
    /// completed install and its folders are still there, nothing else needs reading.
    private func upToDateSummary(_ options: InstallOptions, state: InstallStateOutline?, journal: StoreSyncJournal?) -> InstallSummary? {
        guard options.additions.isEmpty, options.removals.isEmpty, options.update == .none, !options.lockfileOnly else { return nil }
        let manifestPath = projectDirectory + "/package.json"
        let lockfilePath = projectDirectory + "/" + Project.lockfileName
        let linker = Linker(projectDirectory: projectDirectory)
        guard let state, let recorded = state.inputs, Self.allWhole(state.pendingSyncs, journal: journal),
              let current = InstallInputs.current(manifestPath: manifestPath, lockfilePath: lockfilePath, settings: Self.settingsStamp(options)),
              current.matches(recorded, manifestPath: manifestPath, lockfilePath: lockfilePath),
              linker.foldersExist(folders: state.folders, binLinks: state.binLinks)
        else { return nil }
        var summary = InstallSummary()
        summary.upToDate = true
        summary.unchanged = state.folders.count
        return summary
    }

    /// `compute` on a thread of its own (it may block, as `node --version` does), awaited later.
    static func inBackground<Value: Sendable>(_ compute: @escaping @Sendable () -> Value) -> Task<Value, Never> {
        Task {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: compute()) }.start()
            }
        }
    }

    /// Whether none of the store writes `markers` covered was interrupted by a crash (without a
    /// journal to ask, only an empty list is known to be whole).
    static func allWhole(_ markers: [String], journal: StoreSyncJournal?) -> Bool {
        guard !markers.isEmpty else { return true }
        guard let journal else { return false }
        return markers.allSatisfy { journal.status(of: $0) != .interrupted }
    }

    /// The stamps to record once node_modules matches package.json and pkg.lock.
    private func inputs(_ options: InstallOptions, project: Project) -> InstallInputs? {
        guard let current = InstallInputs.current(
            manifestPath: project.manifestPath, lockfilePath: project.lockfilePath, settings: Self.settingsStamp(options)
        ) else { return nil }
        var inputs = current
        inputs.manifest = current.manifest.hashed(path: project.manifestPath)
        inputs.lockfile = current.lockfile.hashed(path: project.lockfilePath)
        return inputs
    }

    private func install(
        _ options: InstallOptions, nodeVersion: Task<String?, Never>?, pipeline: TarballPipeline, journal: StoreSyncJournal?,
        relinkAll: Bool
    ) async throws -> InstallSummary {
        var options = options
        var summary = InstallSummary()
        // After a crash that interrupted an earlier install's sync, damaged entries go before any is reused.
        if let journal, !options.lockfileOnly {
            let recovery = try journal.recoverIfNeeded(store)
            if !recovery.removed.isEmpty {
                summary.notices.append("the store lost \(recovery.removed.count) unsynced package(s) in a crash; they are downloaded again")
            }
        }
        var project = try Project(directory: projectDirectory)
        for name in options.removals {
            project.document.removeDependency(name: name)
        }
        for addition in options.additions {
            project.document.setDependency(name: addition.name, spec: addition.resolvingSpecifier, kind: options.saveKind)
        }
        do {
            project.manifest = try project.document.manifest()
        } catch {
            throw InstallError.invalidProjectFile(path: project.manifestPath, reason: error.message)
        }
        let previous = try lockfile.read(path: project.lockfilePath)
        if let nodeVersion { options.resolution.nodeVersion = await nodeVersion.value }
        // Speculative fetching is for installs that lay out node_modules with every kind of
        // dependency; with `--omit` a chosen version may be one that is left out.
        let speculate = !options.lockfileOnly && options.omit.isEmpty
        let resolution: Resolution
        // A lockfile that still matches package.json is the answer, as npm takes it: resolving
        // again could only move versions (or peer contexts) nothing asked to move.
        let differences = previous.map { LockfileSync.differences(manifest: project.manifest, locked: $0) }
        let lockStillMatches = differences?.isEmpty == true
            && options.update == .none && options.additions.isEmpty && options.removals.isEmpty
        if options.frozenLockfile || lockStillMatches {
            guard let previous, let differences else { throw InstallError.missingLockfile(path: project.lockfilePath) }
            guard differences.isEmpty else { throw InstallError.lockfileOutOfSync(differences: differences) }
            // Every locked tarball is needed (up to platform-restricted optionals, which
            // `prefetch` leaves alone): downloads start now, while the tree is placed.
            if speculate {
                for id in previous.sortedIDs {
                    guard let package = previous.packages[id] else { continue }
                    pipeline.prefetch(name: package.name, metadata: package.metadata)
                }
            }
            resolution = Resolution.locked(previous, options: options.resolution)
        } else {
            progress(.resolving)
            if speculate, let previous, options.update == .none {
                for id in previous.sortedIDs {
                    guard let package = previous.packages[id] else { continue }
                    pipeline.prefetch(name: package.name, metadata: package.metadata)
                }
            }
            let request = Self.request(for: project.manifest, previous: previous, options: options)
            var onChoice: (@Sendable (String, VersionMetadata) -> Void)?
            if speculate {
                onChoice = { @Sendable name, metadata in pipeline.prefetch(name: name, metadata: metadata) }
            }
            let resolver = Resolver(source: source, onChoice: onChoice)
            var resolved = try await resolver.resolve(request)
            for addition in options.additions {
                guard let version = resolved.graph.rootEdges[addition.name]?.target?.version else { continue }
                let saved = addition.savedSpecifier(chosenVersion: version, exact: options.saveExact)
                project.document.setDependency(name: addition.name, spec: saved, kind: options.saveKind)
                resolved.graph.rootEdges[addition.name]?.specifier = saved
            }
            try project.saveManifest()
            resolution = resolved
            for warning in resolution.warnings {
                if case .optionalSkipped = warning {
                    summary.notices.append(warning.rendered(severity: .warning))
                } else {
                    summary.warnings.append(warning.rendered(severity: .warning))
                }
            }
            let bytes = try lockfile.encode(resolution.graph, rootName: project.manifest.name, rootVersion: project.manifest.version)
            if FileManager.default.contents(atPath: project.lockfilePath) != bytes {
                try FileOperations.writeAtomically(bytes, to: project.lockfilePath)
                summary.lockfileWritten = true
            }
        }
        if options.lockfileOnly { return summary }

        let installing = resolution.packagesToInstall(omit: options.omit)
        progress(.resolved(packages: installing.count))
        let placement = try Hoister.place(Self.layoutGraph(resolution.graph, installing: Set(installing)))
        let packagesByID = Dictionary(uniqueKeysWithValues: resolution.graph.packages.map { ($0.key.description, $0.value) })
        let targets = placement.packages.map { placed in
            let package = packagesByID[placed.nodeID]
            return LinkTarget(placed: placed, integrity: package?.integrity ?? "url:" + (package?.tarball ?? placed.nodeID))
        }
        let linker = Linker(projectDirectory: project.directory)
        let inputs = self.inputs(options, project: project)
        if !relinkAll, linker.isUpToDate(targets) {
            if let inputs { try? linker.record(inputs) }
            summary.upToDate = true
            summary.unchanged = targets.count
            return summary
        }

        let needed = Set(placement.packages.map(\.nodeID)).sorted().compactMap { packagesByID[$0] }
        // Without a node_modules folder there is nothing to compare or prune: top-level folders
        // are linked as their entries arrive, while other tarballs still download.
        let incremental = relinkAll || FileOperations.exists(linker.nodeModules)
            ? nil : IncrementalLinker(projectDirectory: project.directory, targets: targets, concurrency: 2)
        let entries: [String: StoreEntry]
        do {
            entries = try await fetchEntries(needed, pipeline: pipeline, incremental: incremental, summary: &summary)
        } catch {
            // Nothing may be written into the project once the install has returned, and a
            // failed install leaves no half-linked node_modules where there was none.
            if let incremental {
                _ = await incremental.finish()
                try? FileOperations.remove(linker.nodeModules)
            }
            throw error
        }
        let early = await incremental?.finish() ?? IncrementalLinker.Outcome()
        progress(.linking(packages: targets.count))
        // The state names the store writes not yet on disk, this install's and others' linked from.
        let report = try linker.link(
            targets, entries: entries, inputs: inputs, early: early, relinkAll: relinkAll,
            pendingSyncs: journal?.pendingMarkers() ?? [])
        summary.added = report.added
        summary.removed = report.removed
        summary.changed = report.changed
        summary.unchanged = report.unchanged
        summary.warnings += report.warnings.map { $0.rendered(severity: .warning) }

        if !options.ignoreScripts {
            let materialized = Set(report.materialized)
            let packages = placement.packages.compactMap { placed -> (placed: PlacedPackage, entry: StoreEntry)? in
                guard materialized.contains(placed.relativePath), let entry = entries[placed.nodeID] else { return nil }
                return (placed, entry)
            }
            progress(.runningScripts)
            let scripts = try DependencyScripts.run(
                packages: packages, policy: ScriptPolicy(manifest: project.manifest),
                runner: ScriptRunner(projectDirectory: project.directory, environment: environment, command: "install")
            )
            summary.skippedScripts = scripts.skipped
        }
        return summary
    }

    /// Store entries for every needed package: all are started at once (the pipeline bounds the
    /// downloads), then awaited in name order so the first error reported does not depend on timing.
    /// With an `incremental` linker each entry is handed to it the moment it is ready.
    private func fetchEntries(
        _ packages: [ResolvedPackage], pipeline: TarballPipeline, incremental: IncrementalLinker?,
        summary: inout InstallSummary
    ) async throws -> [String: StoreEntry] {
        pipeline.start(packages)
        var entries: [String: StoreEntry] = [:]
        if let incremental {
            let results = await withTaskGroup(of: (Int, Result<StoreEntry, any Error>).self) { group in
                for (index, package) in packages.enumerated() {
                    group.addTask {
                        do {
                            let entry = try await pipeline.entry(for: package)
                            incremental.entryReady(nodeID: package.id.description, entry: entry)
                            return (index, .success(entry))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                var results = [Result<StoreEntry, any Error>?](repeating: nil, count: packages.count)
                for await (index, result) in group { results[index] = result }
                return results
            }
            for (package, result) in zip(packages, results) {
                guard let result else { continue }
                entries[package.id.description] = try result.get()
            }
        } else {
            for package in packages {
                entries[package.id.description] = try await pipeline.entry(for: package)
            }
        }
        let counts = pipeline.counts
        summary.downloaded = counts.downloaded
        summary.reusedFromStore = counts.reused
        return entries
    }

    /// Downloads one tarball into a staging folder and commits it; on any failure (EINTEGRITY
    /// included) the staging folder is deleted, so nothing of the tarball is kept.
    static func fetch(
        name: String, label: String, tarball: String, integrity: String?, store: Store, tarballs: any TarballSource,
        beforeCommit: @Sendable () throws(InstallError) -> Void = {}
    ) async throws -> StoreEntry {
        let staging = try store.makeStagingArea()
        do {
            let fetched = try await tarballs.fetchTarball(
                url: tarball, packageName: name, label: label, expectedIntegrity: integrity, into: staging
            )
            let integrity = integrity ?? fetched.integrity
            guard let key = StoreKey(integrity: integrity) else {
                throw InstallError.integrityMismatch(package: label, expected: integrity, actual: fetched.integrity)
            }
            try beforeCommit()
            return try store.commit(staging, key: key, integrity: integrity, files: fetched.files)
        } catch {
            staging.discard()
            throw error
        }
    }

    /// The resolver's request for a manifest.
    package static func request(for manifest: PackageManifest, previous: ResolvedGraph?, options: InstallOptions) -> ResolutionRequest {
        var request = ResolutionRequest(
            rootName: manifest.name, rootVersion: manifest.version,
            dependencies: manifest.dependencies, devDependencies: manifest.devDependencies,
            optionalDependencies: manifest.optionalDependencies, peerDependencies: manifest.peerDependencies,
            overrides: Overrides(overrides(manifest.overrides)),
            options: options.resolution, previous: previous, update: options.update
        )
        for (name, meta) in manifest.peerDependenciesMeta {
            request.peerDependenciesMeta[name] = .init(optional: meta.optional)
        }
        return request
    }

    private static func overrides(_ value: JSONValue?) -> [String: OverrideValue] {
        guard let object = value?.objectValue else { return [:] }
        var result: [String: OverrideValue] = [:]
        for key in object.keys {
            switch object[key] {
            case .string(let text)?: result[key] = .replacement(text)
            case .object?: result[key] = .nested(overrides(object[key]))
            default: continue
            }
        }
        return result
    }

    /// The hoister's view of the packages being installed.
    package static func layoutGraph(_ graph: ResolvedGraph, installing: Set<PackageID>) -> LayoutGraph {
        var root: [String: String] = [:]
        for (name, edge) in graph.rootEdges {
            if let target = edge.target, installing.contains(target) { root[name] = target.description }
        }
        var nodes: [LayoutGraph.Node] = []
        for id in installing {
            guard let package = graph.packages[id] else { continue }
            var dependencies: [String: String] = [:]
            var peers = Set<String>()
            for (name, edge) in package.edges {
                guard let target = edge.target, installing.contains(target) else { continue }
                dependencies[name] = target.description
                if edge.kind.isPeer { peers.insert(name) }
            }
            nodes.append(.init(id: id.description, dependencies: dependencies, peers: peers))
        }
        return LayoutGraph(rootDependencies: root, nodes: nodes)
    }
}
