import Foundation

/// npm's "nerf dart": the protocol-less prefix of a registry URL that scopes its credentials.
///
/// `https://r.example/npm/` → `//r.example/npm/`; `https://r.example/npm` → `//r.example/` (cut
/// back to the last `/`). Host names are lowercased and default ports dropped, as WHATWG URL
/// parsing does in npm, so `https://R.example:443/` and `https://r.example/` share credentials.
public enum NerfDart {
    /// The nerf dart of `url`, or `nil` when it is not an absolute URL with a host.
    public static func of(_ url: String) -> String? {
        guard let parts = URLParts(url) else { return nil }
        let directory = parts.path[..<(parts.path.lastIndex(of: "/").map { parts.path.index(after: $0) } ?? parts.path.endIndex)]
        return "//" + parts.hostAndPort + directory
    }

    /// The keys npm tries, longest first, when looking up credentials for a request to `url`:
    /// `//host/a/b`, `//host/a/`, `//host/a`, `//host/`, `//host` (npm-registry-fetch `regFromURI`).
    public static func lookupKeys(for url: String) -> [String] {
        guard let parts = URLParts(url) else { return [] }
        var key = "//" + parts.hostAndPort + parts.path
        var keys: [String] = []
        while key.count > 2 {
            keys.append(key)
            if key.hasSuffix("/") {
                key.removeLast()
            } else if let slash = key.lastIndex(of: "/") {
                key = String(key[...slash])
            } else {
                break
            }
        }
        return keys
    }

    /// Whether two URLs name the same host and port.
    static func sameHost(_ left: String, _ right: String) -> Bool {
        guard let left = URLParts(left), let right = URLParts(right) else { return false }
        return left.hostAndPort == right.hostAndPort
    }
}

/// The pieces of an absolute URL that credential scoping needs.
struct URLParts {
    var scheme: String
    /// Lowercased host, with `:port` unless it is the scheme's default.
    var hostAndPort: String
    /// The path without query or fragment; `/` when empty.
    var path: String

    init?(_ url: String) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        scheme = url[..<schemeEnd.lowerBound].lowercased()
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            authority = authority[authority.index(after: at)...]
        }
        guard !authority.isEmpty else { return nil }
        var host = authority.lowercased()
        let defaultPort = scheme == "https" ? ":443" : scheme == "http" ? ":80" : nil
        if let defaultPort, host.hasSuffix(defaultPort) {
            host.removeLast(defaultPort.count)
        }
        hostAndPort = host
        let afterAuthority = rest[authorityEnd...]
        let pathEnd = afterAuthority.firstIndex { $0 == "?" || $0 == "#" } ?? afterAuthority.endIndex
        let rawPath = String(afterAuthority[..<pathEnd])
        path = rawPath.isEmpty ? "/" : rawPath
    }
}
