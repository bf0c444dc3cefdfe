import Foundation

/// Finds the real dependency graphs of `../shared/corpus` (beside the checkout, in CI and on
/// developers' machines) for tests and benchmarks, which must skip with a message when it is absent.
package enum SharedCorpus {
    /// The corpus folder: `PKG_CORPUS_DIR` when set, else the first `shared/corpus` found walking
    /// up from this source file; `nil` when neither exists.
    package static func directory(filePath: String = #filePath) -> URL? {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["PKG_CORPUS_DIR"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            candidates.append(directory.appendingPathComponent("shared/corpus"))
            directory.deleteLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("README.md").path) }
    }

    /// One project of the corpus (`node-tar`, `uptime-kuma`, `saleor-dashboard`), or `nil`.
    package static func project(_ name: String) -> URL? {
        guard let project = directory()?.appendingPathComponent(name),
            FileManager.default.fileExists(atPath: project.appendingPathComponent("package-lock.json").path)
        else { return nil }
        return project
    }
}
