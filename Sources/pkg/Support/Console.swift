import Foundation
import PkgModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where pkg talks to people: stderr only (stdout is for data), colour only on a TTY without
/// `NO_COLOR`, and never colour alone to carry meaning.
struct Console: Sendable {
    var silent: Bool
    var verbose: Bool
    let isTerminal: Bool
    let useColor: Bool

    init(silent: Bool, verbose: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.silent = silent
        self.verbose = verbose
        isTerminal = isatty(STDERR_FILENO) == 1
        useColor = isTerminal && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func info(_ text: String) {
        if !silent { write(text) }
    }

    func detail(_ text: String) {
        if verbose && !silent { write(text) }
    }

    func warning(_ diagnostic: any Diagnostic) {
        guard !silent else { return }
        write(colorPrefix(diagnostic.rendered(severity: .warning), "warn", "33"))
    }

    /// A warning already rendered with its `warn` prefix (`Diagnostic.rendered(severity: .warning)`).
    func renderedWarning(_ rendered: String) {
        guard !silent else { return }
        write(colorPrefix(rendered, "warn", "33"))
    }

    func warning(_ text: String) {
        if !silent { write(paint("warn", "33") + " " + text) }
    }

    /// Errors are shown even with `--silent`: the exit code alone does not say what to fix.
    func error(_ error: any Error) {
        if let diagnostic = error as? any Diagnostic {
            write(colorPrefix(diagnostic.rendered(severity: .error), "error", "31"))
        } else {
            write(paint("error", "31") + " " + String(describing: error))
        }
    }

    /// A transient progress line on a TTY (overwritten by the next one); nothing otherwise.
    func progress(_ text: String) {
        guard isTerminal, !silent else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
    }

    func clearProgress() {
        guard isTerminal, !silent else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// Prints data on stdout (JSON for `--json`, paths for `cache dir`).
    func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    private func colorPrefix(_ rendered: String, _ word: String, _ code: String) -> String {
        guard useColor, rendered.hasPrefix(word) else { return rendered }
        return paint(word, code) + rendered.dropFirst(word.count)
    }
}
