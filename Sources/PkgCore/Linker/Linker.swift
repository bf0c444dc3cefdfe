// The linker: materialises a placement in `node_modules` from the store.
//
// Files are hard-linked from the store (clone, then copy, across file systems); `.bin` gets
// relative symlinks; extraneous folders are removed; `.pkg-state.json` records the result. A
// folder whose integrity is unchanged since the last install is left alone, so an unchanged
// install does nothing but compare the plan's fingerprint and check that folders and links exist.
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One folder to install: where, which instance, and the integrity of its tarball.
package struct LinkTarget: Sendable, Hashable {
    package var placed: PlacedPackage
    package var integrity: String

    package init(placed: PlacedPackage, integrity: String) {
        self.placed = placed
        self.integrity = integrity
    }
}

/// What a link changed.
package struct LinkReport: Sendable {
    package var added = 0
    package var removed = 0
    package var changed = 0
    package var unchanged = 0
    package var upToDate = false
    /// Folders (relative paths) that were (re)materialised, for lifecycle scripts.
    package var materialized: [String] = []
    /// Warnings such as refused bins.
    package var warnings: [InstallError] = []
    package var methods: Set<MaterializationMethod> = []
}

package struct Linker: Sendable {
    package let projectDirectory: String

    package init(projectDirectory: String) {
        self.projectDirectory = projectDirectory
    }

    package var nodeModules: String { projectDirectory + "/node_modules" }

    /// A stable fingerprint of a plan: every folder and the integrity it holds.
    package static func fingerprint(_ targets: [LinkTarget]) -> String {
        var fingerprint = Fingerprint()
        for target in targets.sorted(by: { $0.placed < $1.placed }) {
            fingerprint.update(target.placed.relativePath + "\t" + target.placed.nodeID + "\t" + target.integrity + "\n")
        }
        return fingerprint.finalize()
    }

    /// Whether `node_modules` already holds exactly this plan: same fingerprint as recorded, and
    /// every folder and bin link still there. Reads one file and stats; writes nothing.
    package func isUpToDate(_ targets: [LinkTarget]) -> Bool {
        guard let state = InstallState.load(nodeModules: nodeModules),
              state.fingerprint == Self.fingerprint(targets), state.packages.count == targets.count
        else { return false }
        return foldersExist(folders: state.packages.keys, binLinks: state.binLinks)
    }

    /// Whether every recorded folder and bin link is still there (one `lstat` each, relative to
    /// the project folder opened once, so the kernel does not walk the project's own path again
    /// for each of a large project's thousands of folders).
    package func foldersExist(folders: some Sequence<String>, binLinks: [String]) -> Bool {
        let project = open(projectDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard project >= 0 else { return false }
        defer { close(project) }
        func exists(_ relative: String) -> Bool {
            var info = stat()
            return fstatat(project, relative, &info, AT_SYMLINK_NOFOLLOW) == 0
        }
        for path in folders where !exists(path + "/package.json") {
            return false
        }
        return binLinks.allSatisfy(exists)
    }

    /// Records the inputs an up-to-date layout matches, so the next install stops at the stamps.
    package func record(_ inputs: InstallInputs) throws(InstallError) {
        guard var state = InstallState.load(nodeModules: nodeModules), state.inputs != inputs else { return }
        state.inputs = inputs
        try state.save(nodeModules: nodeModules)
    }

    /// Makes `node_modules` match `targets`, taking files from `entries` (keyed by node id).
    /// - Throws: `InstallError.fileSystem` when a folder cannot be written.
    /// `inputs`, when given, is recorded for the no-op check of the next install.
    /// `early` holds the folders `IncrementalLinker` completed during the downloads; they count as added.
    /// `relinkAll` links every folder again, unchanged or not (after a crash, `StoreSyncJournal`);
    /// `pendingSyncs` (the journal's markers) is recorded so a later install can tell the same.
    package func link(
        _ targets: [LinkTarget], entries: [String: StoreEntry], inputs: InstallInputs? = nil,
        early: IncrementalLinker.Outcome = .init(), relinkAll: Bool = false, pendingSyncs: [String] = []
    ) throws(InstallError) -> LinkReport {
        var report = LinkReport()
        if let path = early.failures.keys.sorted().first, let failure = early.failures[path] { throw failure }
        let previous = InstallState.load(nodeModules: nodeModules)?.packages ?? [:]
        var desired: [String: LinkTarget] = [:]
        for target in targets { desired[target.placed.relativePath] = target }

        // A folder is rebuilt when new, when its integrity changed, or when it lies inside a rebuilt one.
        var rebuild = Set<String>()
        for target in targets.sorted(by: { $0.placed < $1.placed }) {
            let path = target.placed.relativePath
            if early.linked.contains(path) {
                report.added += 1
                continue
            }
            let parentRebuilt = target.placed.path.indices.dropLast().contains { index in
                rebuild.contains(PlacedPackage(path: Array(target.placed.path[...index]), nodeID: "").relativePath)
            }
            let folderPresent = FileOperations.exists(projectDirectory + "/" + path + "/package.json")
            if relinkAll || parentRebuilt || !folderPresent || previous[path]?.integrity != target.integrity || previous[path]?.id != target.placed.nodeID {
                rebuild.insert(path)
                if previous[path] != nil && folderPresent { report.changed += 1 } else { report.added += 1 }
            } else {
                report.unchanged += 1
            }
        }
        try FileOperations.makeDirectory(nodeModules)
        report.removed = try prune(nodeModulesPath: [], desired: desired, rebuild: rebuild)

        let work = rebuild.sorted().compactMap { path -> (String, StoreEntry)? in
            guard let target = desired[path], let entry = entries[target.placed.nodeID] else { return nil }
            return (path, entry)
        }
        let missing = rebuild.filter { desired[$0].map { entries[$0.placed.nodeID] == nil } ?? true }
        if let path = missing.sorted().first {
            throw .fileSystem(operation: "find the store entry for", path: path, reason: "the package was not fetched")
        }
        report.methods = try materialize(work).union(early.methods)
        report.materialized = (work.map(\.0) + early.linked).sorted()

        let binPackages = targets.map { target in (placed: target.placed, bin: entries[target.placed.nodeID]?.index.bin ?? [:]) }
        let (links, refused) = BinLinks.plan(binPackages)
        report.warnings += refused
        try writeBinLinks(links, targets: targets)

        var installed: [String: InstalledPackage] = [:]
        for target in targets {
            installed[target.placed.relativePath] = InstalledPackage(id: target.placed.nodeID, integrity: target.integrity)
        }
        let state = InstallState(
            fingerprint: Self.fingerprint(targets), packages: installed,
            binLinks: links.map { $0.directory + "/" + $0.name }.sorted(), inputs: inputs,
            pendingSyncs: pendingSyncs.isEmpty ? nil : pendingSyncs
        )
        try state.save(nodeModules: nodeModules)
        return report
    }

    /// Removes every package folder that is not desired or will be rebuilt; returns how many
    /// undesired folders were removed.
    private func prune(nodeModulesPath: [String], desired: [String: LinkTarget], rebuild: Set<String>) throws(InstallError) -> Int {
        let directory = projectDirectory + "/" + (nodeModulesPath.map { "node_modules/" + $0 + "/" }.joined()) + "node_modules"
        var removed = 0
        var names: [String] = []
        for entry in FileOperations.entries(of: directory) where !entry.hasPrefix(".") {
            if entry.hasPrefix("@") && FileOperations.isDirectory(directory + "/" + entry) {
                let scoped = FileOperations.entries(of: directory + "/" + entry).filter { !$0.hasPrefix(".") }
                names += scoped.map { entry + "/" + $0 }
                if scoped.isEmpty { try FileOperations.remove(directory + "/" + entry) }
            } else {
                names.append(entry)
            }
        }
        for name in names {
            let path = nodeModulesPath + [name]
            let relative = PlacedPackage(path: path, nodeID: "").relativePath
            if desired[relative] == nil {
                try FileOperations.remove(projectDirectory + "/" + relative)
                removed += 1
            } else if rebuild.contains(relative) {
                try FileOperations.remove(projectDirectory + "/" + relative)
            } else {
                removed += try prune(nodeModulesPath: path, desired: desired, rebuild: rebuild)
            }
        }
        // Empty scope folders left behind by removals.
        for scope in Set(names.compactMap { $0.contains("/") ? String($0.split(separator: "/")[0]) : nil })
        where FileOperations.entries(of: directory + "/" + scope).isEmpty {
            try FileOperations.remove(directory + "/" + scope)
        }
        return removed
    }

    /// Copies each store entry into its folder, several packages at a time.
    private func materialize(_ work: [(String, StoreEntry)]) throws(InstallError) -> Set<MaterializationMethod> {
        let results = LockedBox<(errors: [InstallError], methods: Set<MaterializationMethod>)>((errors: [], methods: []))
        let project = projectDirectory
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            let (path, entry) = work[index]
            switch Result(catching: { () throws(InstallError) in try Self.materialize(entry, into: project + "/" + path) }) {
            case .success(let methods): results.withLock { $0.methods.formUnion(methods) }
            case .failure(let error): results.withLock { $0.errors.append(error) }
            }
        }
        let outcome = results.withLock { $0 }
        if let error = outcome.errors.first { throw error }
        return outcome.methods
    }

    /// Links (or copies) every file of `entry` into `folder`, creating folders on the way.
    static func materialize(_ entry: StoreEntry, into folder: String) throws(InstallError) -> Set<MaterializationMethod> {
        // Folders made so far, relative to `folder` ("" is the package folder itself). Paths in
        // the index are normalised (no `.`, `..` or empty components), so the text before the
        // last `/` is the parent; no Foundation path calls, which cost more than the links here.
        var created: Set<Substring> = [""]
        var methods = Set<MaterializationMethod>()
        var hardLinks = true
        try FileOperations.makeDirectory(folder)
        for file in entry.index.files {
            let destination = folder + "/" + file.path
            // The last `/` byte: a `/` followed by a combining mark is not a `Character` `/`.
            let parent = file.path.utf8.lastIndex(of: UInt8(ascii: "/")).map { file.path[..<$0] } ?? ""
            if !created.contains(parent) {
                try FileOperations.makeDirectory(folder + "/" + parent)
                created.insert(parent)
            }
            let method = try FileOperations.materialize(entry.path(of: file), at: destination, allowHardLink: hardLinks)
            // One failed hard link (another file system) means they all fail: stop trying.
            if method != .hardLink { hardLinks = false }
            methods.insert(method)
        }
        return methods
    }

    /// Makes every `.bin` folder hold exactly the planned links.
    private func writeBinLinks(_ links: [BinLinks.Link], targets: [LinkTarget]) throws(InstallError) {
        var byDirectory: [String: [BinLinks.Link]] = [:]
        for link in links { byDirectory[link.directory, default: []].append(link) }
        var directories = Set(byDirectory.keys)
        directories.insert("node_modules/.bin")
        for target in targets { directories.insert(target.placed.relativePath + "/node_modules/.bin") }
        for directory in directories.sorted() {
            let absolute = projectDirectory + "/" + directory
            let wanted = byDirectory[directory] ?? []
            guard !wanted.isEmpty else {
                if FileOperations.exists(absolute) { try FileOperations.remove(absolute) }
                continue
            }
            try FileOperations.makeDirectory(absolute)
            let wantedNames = Set(wanted.map(\.name))
            for existing in FileOperations.entries(of: absolute) where !wantedNames.contains(existing) {
                try FileOperations.remove(absolute + "/" + existing)
            }
            for link in wanted {
                let path = absolute + "/" + link.name
                if let current = try? FileManager.default.destinationOfSymbolicLink(atPath: path), current == link.destination {
                    continue
                }
                try FileOperations.remove(path)
                guard symlink(link.destination, path) == 0 else { throw FileOperations.error("create bin link", path) }
                let target = projectDirectory + "/" + link.targetPath
                if FileOperations.exists(target) { try FileOperations.makeExecutable(target) }
            }
        }
    }
}

/// A value behind a lock, for results gathered from concurrent work.
final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
