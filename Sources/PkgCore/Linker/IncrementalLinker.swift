// Linking while downloading. When an install starts without a `node_modules` folder (a clean
// install, `pkg ci` on a CI machine) there is nothing to compare and nothing to prune, so each
// top-level package can be linked from the store the moment its entry is committed, while other
// tarballs are still downloading and extracting. `Linker.link` then does the rest (nested
// folders, `.bin`, the state file) and leaves these folders as they are.
//
// Only top-level folders (`node_modules/<name>`) are linked early: a nested folder lives inside
// its parent's, which must be complete first, and there are few of them.
import Dispatch
import Synchronization

/// Links top-level packages into a new `node_modules` as their store entries arrive.
package final class IncrementalLinker: Sendable {
    /// What was linked early, for `Linker.link`.
    package struct Outcome: Sendable {
        /// Relative paths (`node_modules/<name>`) of the folders already complete.
        package var linked: Set<String> = []
        package var methods: Set<MaterializationMethod> = []
        /// The first failure by path, so the error does not depend on timing.
        package var failures: [String: InstallError] = [:]
    }

    private let projectDirectory: String
    /// Top-level folders by the node id installed in them.
    private let folders: [String: [String]]
    /// One serial queue per core: the work is system calls, and more threads would only queue in the kernel.
    private let queues: [DispatchQueue]
    private let group = DispatchGroup()
    private let state = Mutex((outcome: Outcome(), next: 0))

    /// - Parameter targets: the whole plan; only its top-level folders are linked here.
    package init(projectDirectory: String, targets: [LinkTarget], concurrency: Int) {
        self.projectDirectory = projectDirectory
        var folders: [String: [String]] = [:]
        for target in targets where target.placed.path.count == 1 {
            folders[target.placed.nodeID, default: []].append(target.placed.relativePath)
        }
        self.folders = folders
        queues = (0..<max(1, concurrency)).map { DispatchQueue(label: "pkg.link.\($0)") }
    }

    /// Links the folders that install `nodeID` from `entry`, in the background.
    package func entryReady(nodeID: String, entry: StoreEntry) {
        guard let paths = folders[nodeID] else { return }
        for path in paths {
            let queue = state.withLock { state in
                state.next += 1
                return queues[state.next % queues.count]
            }
            let folder = projectDirectory + "/" + path
            queue.async(group: group) { [self] in
                let result = Result { () throws(InstallError) in try Linker.materialize(entry, into: folder) }
                state.withLock { state in
                    switch result {
                    case .success(let methods):
                        state.outcome.linked.insert(path)
                        state.outcome.methods.formUnion(methods)
                    case .failure(let error):
                        state.outcome.failures[path] = error
                    }
                }
            }
        }
    }

    /// Waits for every link started so far.
    package func finish() async -> Outcome {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            group.notify(queue: .global()) { done.resume() }
        }
        return state.withLock { $0.outcome }
    }
}
