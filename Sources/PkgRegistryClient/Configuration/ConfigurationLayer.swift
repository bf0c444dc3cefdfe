/// Where a setting came from; earlier cases win (NPM-SEMANTICS §10.1).
public enum ConfigurationLayer: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Command-line flags.
    case cli
    /// `npm_config_*` environment variables.
    case env
    /// `<project>/.npmrc`, the nearest ancestor with a `package.json` or `node_modules`.
    case project
    /// `~/.npmrc` or the `userconfig` setting.
    case user
    /// `<prefix>/etc/npmrc` or the `globalconfig` setting.
    case global
    /// Built-in defaults.
    case defaults = "default"

    public static func < (left: Self, right: Self) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }

    /// Whether un-nerfed credentials are refused here (npm accepts them only on the CLI and in env).
    var isFile: Bool { self == .project || self == .user || self == .global }
}
