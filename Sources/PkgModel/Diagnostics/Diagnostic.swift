// The error protocol every module's errors conform to (STYLE.md section 3).
//
// A diagnostic is part of the product: a stable code that scripts and docs can name (npm's where
// npm has one: `E404`, `ETARGET`, `EINTEGRITY`, `ERESOLVE`, `EPUBLISHCONFLICT`), a one-sentence
// message with names in backticks, optional detail lines, and a hint that starts with a verb.

/// A user-facing error or warning with a stable code, a message and an optional hint.
///
/// Each module declares its own error enum and conforms it to `Diagnostic`; the command line and
/// the server render every failure through this one shape, so no module prints its own errors.
public protocol Diagnostic: Error, Sendable, CustomStringConvertible {
    /// A stable, greppable identifier such as `ETARGET` or `EINVALIDNAME`.
    var code: String { get }
    /// One sentence naming what failed, with package names and values in backticks.
    var message: String { get }
    /// Extra lines that explain the failure (expected vs. actual, a requirement chain).
    var detail: [String] { get }
    /// What the user can do next, starting with a verb; `nil` when there is nothing useful to say.
    var hint: String? { get }
}

extension Diagnostic {
    public var detail: [String] { [] }
    public var hint: String? { nil }
    public var description: String { rendered(severity: .error) }

    /// Renders the diagnostic the way `pkg` prints it on stderr.
    ///
    /// ```
    /// error EINTEGRITY: tarball for `left-pad@1.3.0` does not match the lockfile
    ///   expected sha512-Yb…Q==, got sha512-9x…A==
    ///
    /// hint: run `pkg cache verify`, then investigate
    /// ```
    public func rendered(severity: DiagnosticSeverity = .error) -> String {
        var lines = ["\(severity.rawValue) \(code): \(message)"]
        lines += detail.map { "  " + $0 }
        if let hint {
            lines.append("")
            lines.append("hint: \(hint)")
        }
        return lines.joined(separator: "\n")
    }
}

/// How serious a rendered diagnostic is; only the prefix of the first line changes.
public enum DiagnosticSeverity: String, Sendable {
    case error
    case warning = "warn"
}
