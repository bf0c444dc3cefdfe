// Git dependencies, as npm-package-arg and hosted-git-info read them.
//
// - Hosted shortcuts: `github:user/repo`, `gitlab:group/sub/repo`, `bitbucket:user/repo`,
//   `gist:id`, and the bare GitHub shorthand `user/repo` (no `@`, `:`, whitespace or second `/`
//   before the `#`, not starting with `.` or `/`).
// - Hosted URLs: `git+https://github.com/user/repo.git`, `git@github.com:user/repo.git`,
//   `https://github.com/user/repo` (a plain https URL to a repository root is git, not a tarball;
//   `https://github.com/user/repo/archive/x.tar.gz` stays a remote tarball).
// - Other git URLs: `git:`, `git+ssh:`, `git+http(s):`, `git+file:`, `git+rsync:`, `git+ftp:`,
//   including scp-like `git+ssh://git@host:path/repo.git`.
// - The fragment after `#` is `::`-separated: a plain item is a commit-ish, `semver:<range>`
//   selects the highest matching tag, `path:<dir>` a subdirectory; a committish and a range
//   exclude each other.

/// A git dependency: where the repository is and which commit, tag range or subdirectory to use.
public struct GitSpecifier: Sendable, Hashable {
    /// A known git host, for which npm can fetch a tarball instead of cloning.
    public enum Host: String, Sendable, Hashable, CaseIterable {
        case github, gitlab, bitbucket, gist

        var domain: String {
            switch self {
            case .github: "github.com"
            case .gitlab: "gitlab.com"
            case .bitbucket: "bitbucket.org"
            case .gist: "gist.github.com"
            }
        }
    }

    /// A repository on a known host.
    public struct HostedRepository: Sendable, Hashable {
        public var host: Host
        /// The owner (a GitLab group path may contain `/`); `nil` for an anonymous gist.
        public var user: String?
        /// The repository (or gist id), without `.git`.
        public var project: String

        /// Creates a hosted repository reference, for tests and for rewriting specs.
        public init(host: Host, user: String?, project: String) {
            self.host = host
            self.user = user
            self.project = project
        }

        /// The HTTPS clone URL, the first thing npm tries to clone.
        public var httpsURL: String {
            let owner = user.map { "\($0)/" } ?? ""
            return "https://\(host.domain)/\(owner)\(project).git"
        }

        /// The SSH clone URL, npm's fallback for private repositories.
        public var sshURL: String {
            let owner = user.map { "\($0)/" } ?? ""
            return "git+ssh://git@\(host.domain)/\(owner)\(project).git"
        }
    }

    /// The spec as written, which is what gets saved back to package.json.
    public var raw: String
    /// The clone URL without the `git+` prefix and fragment (`https://host/repo.git`); for hosted
    /// repositories their HTTPS URL.
    public var url: String
    /// The hosted repository, when the host is known.
    public var hosted: HostedRepository?
    /// A branch, tag or commit to check out; `nil` means the default branch.
    public var committish: String?
    /// `#semver:<range>`: the highest tag satisfying the range.
    public var semverRange: String?
    /// `#path:<dir>`: the package lives in a subdirectory, given with a leading `/`.
    public var subdirectory: String?

    /// Creates a git specifier directly; parsing normally builds it from a spec string.
    public init(
        raw: String, url: String, hosted: HostedRepository? = nil, committish: String? = nil,
        semverRange: String? = nil, subdirectory: String? = nil
    ) {
        self.raw = raw
        self.url = url
        self.hosted = hosted
        self.committish = committish
        self.semverRange = semverRange
        self.subdirectory = subdirectory
    }
}

extension GitSpecifier {
    /// Applies a `#` fragment (npm-package-arg's `setGitAttrs`).
    mutating func applyFragment(_ fragment: String?) throws(SpecifierError) {
        guard let fragment, !fragment.isEmpty else { return }
        for part in fragment.split(separator: "::", omittingEmptySubsequences: false).map(String.init) {
            guard let colon = part.firstIndex(of: ":") else {
                if semverRange != nil {
                    throw .conflictingGitFragment("cannot override existing semver range with a committish", raw: raw)
                }
                if committish != nil {
                    throw .conflictingGitFragment("cannot override existing committish with a second committish", raw: raw)
                }
                committish = part
                continue
            }
            let key = part[..<colon]
            let valueEnd = part[part.index(after: colon)...].firstIndex(of: ":") ?? part.endIndex
            let value = String(part[part.index(after: colon)..<valueEnd])
            switch key {
            case "semver":
                if committish != nil {
                    throw .conflictingGitFragment("cannot override existing committish with a semver range", raw: raw)
                }
                if semverRange != nil {
                    throw .conflictingGitFragment("cannot override existing semver range with a second semver range", raw: raw)
                }
                semverRange = value.removingPercentEncodingLeniently()
            case "path":
                if subdirectory != nil {
                    throw .conflictingGitFragment("cannot override existing path with a second path", raw: raw)
                }
                subdirectory = "/" + value
            default:
                continue  // npm warns "ignoring unknown key" and goes on
            }
        }
    }

    /// hosted-git-info's `fromUrl`, for the forms listed in the file comment; `nil` when the spec
    /// is not a repository on a known host.
    static func hosted(_ spec: String) throws(SpecifierError) -> GitSpecifier? {
        guard !spec.isEmpty else { return nil }
        let corrected = isGitHubShorthand(spec) ? "github:" + spec : spec
        let (beforeHash, hash) = splitHash(corrected)
        for host in Host.allCases where beforeHash.lowercased().hasPrefix(host.rawValue + ":") {
            var path = String(beforeHash.dropFirst(host.rawValue.count + 1))
            while path.hasPrefix("/") { path.removeFirst() }
            if let at = path.firstIndex(of: "@") { path = String(path[path.index(after: at)...]) }
            var user: String?
            var project = path
            if let slash = path.lastIndex(of: "/") {
                user = String(path[..<slash]).removingPercentEncodingLeniently()
                if user?.isEmpty == true { user = nil }
                project = String(path[path.index(after: slash)...])
            }
            project = project.removingPercentEncodingLeniently()
            if project.hasSuffix(".git") { project.removeLast(4) }
            let repository = HostedRepository(host: host, user: user, project: project)
            var result = GitSpecifier(raw: spec, url: repository.httpsURL, hosted: repository)
            try result.applyFragment(hash.map { $0.removingPercentEncodingLeniently() })
            return result
        }
        guard let parsed = ParsedGitURL(beforeHash) else { return nil }
        let host: Host
        switch parsed.hostname.hasPrefix("www.") ? String(parsed.hostname.dropFirst(4)) : parsed.hostname {
        case "github.com": host = .github
        case "gitlab.com": host = .gitlab
        case "bitbucket.org": host = .bitbucket
        case "gist.github.com": host = .gist
        default: return nil
        }
        let allowed: Set<String> = switch host {
        case .github: ["git", "http", "git+ssh", "git+https", "ssh", "https"]
        case .gitlab, .bitbucket: ["git+ssh", "git+https", "ssh", "https"]
        case .gist: ["git", "git+ssh", "git+https", "ssh", "https"]
        }
        guard allowed.contains(parsed.scheme) else { return nil }
        let segments = parsed.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        func segment(_ index: Int) -> String? { index < segments.count && !segments[index].isEmpty ? segments[index] : nil }
        var user: String?
        var project: String?
        var committish = hash
        switch host {
        case .github:
            user = segment(1)
            project = segment(2)
            if let type = segment(3) {
                guard type == "tree" else { return nil }
                committish = segment(4)
            }
        case .bitbucket:
            if segment(3) == "get" { return nil }
            user = segment(1)
            project = segment(2)
        case .gitlab:
            let path = String(parsed.path.dropFirst())
            if path.contains("/-/") || path.contains("/archive.tar.gz") { return nil }
            var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            project = parts.popLast()
            user = parts.joined(separator: "/")
        case .gist:
            if segment(3) == "raw" { return nil }
            user = segment(1)
            project = segment(2)
            if project == nil {
                project = user
                user = nil
            }
        }
        if var name = project, name.hasSuffix(".git") {
            name.removeLast(4)
            project = name
        }
        guard let project, !project.isEmpty, host == .gist || (user?.isEmpty == false) else { return nil }
        let repository = HostedRepository(host: host, user: user?.removingPercentEncodingLeniently(), project: project.removingPercentEncodingLeniently())
        var result = GitSpecifier(raw: spec, url: repository.httpsURL, hosted: repository)
        try result.applyFragment(committish.map { $0.removingPercentEncodingLeniently() })
        return result
    }

    /// hosted-git-info's `isGitHubShorthand`.
    static func isGitHubShorthand(_ spec: String) -> Bool {
        let characters = Array(spec)
        let hashIndex = characters.firstIndex(of: "#")
        func beforeHashOnly(_ index: Int?) -> Bool {
            guard let index else { return true }
            return hashIndex.map { index > $0 } ?? false
        }
        guard let firstSlash = characters.firstIndex(of: "/"), firstSlash > 0 else { return false }
        let secondSlash = characters[(firstSlash + 1)...].firstIndex(of: "/")
        let firstSpace = characters.firstIndex(where: { $0.isWhitespace })
        let endsWithSlash: Bool
        if let hashIndex {
            endsWithSlash = hashIndex > 0 && characters[hashIndex - 1] == "/"
        } else {
            endsWithSlash = spec.hasSuffix("/")
        }
        return beforeHashOnly(firstSpace) && !endsWithSlash && !spec.hasPrefix(".")
            && beforeHashOnly(characters.firstIndex(of: "@")) && beforeHashOnly(characters.firstIndex(of: ":"))
            && beforeHashOnly(secondSlash)
    }

    static func splitHash(_ text: String) -> (String, String?) {
        guard let hash = text.firstIndex(of: "#") else { return (text, nil) }
        return (String(text[..<hash]), String(text[text.index(after: hash)...]))
    }
}

/// The parts of a git URL npm looks at: scheme, host name and path; scp-like
/// `user@host:path` is read as `git+ssh://user@host/path`, as hosted-git-info corrects it.
struct ParsedGitURL {
    var scheme: String
    var hostname: String
    var path: String

    init?(_ text: String) {
        var text = text
        if let at = text.firstIndex(of: "@"), let colon = text.lastIndex(of: ":"), colon > at {
            // scp-like: replace the last `:` after the `@` with `/`
            text.replaceSubrange(colon...colon, with: "/")
            if !text.contains("://") { text = "git+ssh://" + text }
        }
        guard let schemeEnd = text.firstRange(of: "://") else { return nil }
        scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0 == "+" }) else { return nil }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        var authority = afterScheme[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if let colon = authority.firstIndex(of: ":") { authority = authority[..<colon] }
        hostname = authority.lowercased()
        guard !hostname.isEmpty else { return nil }
        path = String(afterScheme[authorityEnd...])
        if path.isEmpty { path = "/" }
    }
}

extension String {
    /// `decodeURIComponent`, keeping the text unchanged where it is not valid percent-encoding.
    func removingPercentEncodingLeniently() -> String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        let utf8 = Array(self.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
