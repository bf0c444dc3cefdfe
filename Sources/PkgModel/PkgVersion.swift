/// The version both executables report with `--version`, and that `pkg` sends in its user agent.
///
/// Bump it here only; `docs/architecture.md` explains the release numbering.
public enum PkgVersion {
    public static let current = "0.1.0"
}
