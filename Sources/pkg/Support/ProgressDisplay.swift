import Foundation
import PkgCore
import Synchronization

/// The live install display on a terminal: one line, rewritten at most every 100 ms, saying what
/// the pipeline is doing (`resolving · 412 fetched/530 · 12.3 MB`, then `linking 1199 packages`).
///
/// Events come from many tasks at once (downloads finish on the pipeline's tasks), so the state
/// sits behind a lock. Off a terminal, or with `--silent`, `Console.progress` prints nothing and
/// only the summary line remains.
final class ProgressDisplay: Sendable {
    private struct State {
        var phase = "resolving"
        var resolved: Int?
        var done = 0
        var total = 0
        var bytes = 0
        var lastRender: ContinuousClock.Instant?
    }

    private let console: Console
    private let state = Mutex(State())

    init(console: Console) {
        self.console = console
    }

    func handle(_ event: InstallProgress) {
        let line: String? = state.withLock { state in
            var force = false
            switch event {
            case .resolving:
                state.phase = "resolving"
                force = true
            case .resolved(let count):
                state.phase = "fetching"
                state.resolved = count
                force = true
            case .downloading(let done, let total, let bytes):
                state.done = done
                state.total = total
                state.bytes = bytes
            case .linking(let count):
                state.phase = "linking \(count) packages"
                force = true
            case .runningScripts:
                state.phase = "running install scripts"
                force = true
            }
            let now = ContinuousClock.now
            if !force, let last = state.lastRender, now - last < .milliseconds(100) { return nil }
            state.lastRender = now
            return Self.render(state, paint: console.useColor)
        }
        if let line { console.progress(line) }
    }

    private static func render(_ state: State, paint: Bool) -> String {
        var parts = [paint ? "\u{1B}[36m\(state.phase)\u{1B}[0m" : state.phase]
        if state.phase.hasPrefix("linking") || state.phase.hasPrefix("running") { return parts[0] }
        if let resolved = state.resolved { parts.append("\(resolved) packages") }
        if state.total > 0 {
            parts.append("\(state.done)/\(state.total) tarballs")
            if state.bytes > 0 { parts.append(formatBytes(state.bytes)) }
        }
        return parts.joined(separator: " · ")
    }

    static func formatBytes(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f kB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / (1024 * 1024))
    }
}
