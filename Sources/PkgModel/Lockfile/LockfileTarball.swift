/// Where a locked package's tarball comes from, stored relative to its registry when possible.
///
/// A lockfile that records `left-pad/-/left-pad-1.3.0.tgz` instead of
/// `https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz` keeps working when the team
/// switches to a mirror or a self-hosted registry: the installer joins the path to whichever
/// registry is configured for the package's scope. Only a tarball from outside that registry is
/// kept absolute.
public enum LockfileTarball: Sendable, Hashable, CustomStringConvertible {
    /// A path relative to the registry configured for the package (no leading `/`).
    case registryPath(String)
    /// An absolute URL on another host or outside the registry's path.
    case url(String)

    /// Records `tarballURL`, made relative when it lies under `registry`.
    ///
    /// `registry` is compared with a trailing `/` added, so `https://r.example/npm` does not
    /// claim `https://r.example/npm-other/x.tgz`.
    public init(tarballURL: String, registry: String) {
        let base = registry.hasSuffix("/") ? registry : registry + "/"
        if tarballURL.hasPrefix(base), tarballURL.count > base.count {
            self = .registryPath(String(tarballURL.dropFirst(base.count)))
        } else {
            self = .url(tarballURL)
        }
    }

    /// Reads the form stored in `pkg.lock`: anything with a URL scheme is absolute.
    public init(lockfileText text: String) {
        self = text.contains("://") ? .url(text) : .registryPath(text)
    }

    /// The absolute URL to download from, given the registry configured for this package.
    public func url(registry: String) -> String {
        switch self {
        case .registryPath(let path):
            (registry.hasSuffix("/") ? registry : registry + "/") + path
        case .url(let url):
            url
        }
    }

    /// The text stored in `pkg.lock`.
    public var description: String {
        switch self {
        case .registryPath(let path): path
        case .url(let url): url
        }
    }
}
