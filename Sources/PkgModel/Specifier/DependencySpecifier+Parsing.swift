// Parsing spec strings into `DependencySpecifier`; the order of the checks is documented in
// DependencySpecifier.swift.

extension DependencySpecifier {
    /// Parses a spec string from package.json (the value in `"dependencies": {"x": "<spec>"}`).
    ///
    /// - Throws: `SpecifierError` for specs npm refuses (invalid tags, unsupported URL schemes,
    ///   nested or non-registry aliases, conflicting git fragments).
    public init(parsing spec: String) throws(SpecifierError) {
        let lowered = spec.lowercased()
        if DependencySpecifier.isFileSpec(spec) || lowered.hasPrefix("file:") {
            self = DependencySpecifier.fromFile(spec)
            return
        }
        if lowered.hasPrefix("npm:") {
            self = try DependencySpecifier.fromAlias(spec)
            return
        }
        if lowered.hasPrefix("link:") {
            self = .link(path: String(spec.dropFirst(5)))
            return
        }
        if lowered.hasPrefix("workspace:") {
            self = .workspace(String(spec.dropFirst(10)))
            return
        }
        if let git = try GitSpecifier.hosted(spec) {
            self = .git(git)
            return
        }
        if DependencySpecifier.looksLikeURL(spec) {
            self = try DependencySpecifier.fromURL(spec)
            return
        }
        if spec.contains("/") || DependencySpecifier.isTarballFileName(spec) {
            self = DependencySpecifier.fromFile(spec)
            return
        }
        self = try DependencySpecifier.fromRegistry(spec, raw: spec)
    }

    /// `^(?:[.]|~[/]|[/]|[a-zA-Z]:)`: a path, not a name.
    static func isFileSpec(_ spec: String) -> Bool {
        let characters = Array(spec.prefix(2))
        guard let first = characters.first else { return false }
        if first == "." || first == "/" { return true }
        guard characters.count == 2 else { return false }
        if first == "~" && characters[1] == "/" { return true }
        return first.isASCII && first.isLetter && characters[1] == ":"
    }

    /// `[.](?:tgz|tar.gz|tar)$`, case-insensitive.
    static func isTarballFileName(_ spec: String) -> Bool {
        let lowered = spec.lowercased()
        return lowered.hasSuffix(".tgz") || lowered.hasSuffix(".tar") || (lowered.hasSuffix("tar.gz") && lowered.dropLast(6).hasSuffix("."))
    }

    /// `^(?:git[+])?[a-z]+:`, case-insensitive.
    static func looksLikeURL(_ spec: String) -> Bool {
        var rest = Substring(spec.lowercased())
        if rest.hasPrefix("git+") { rest = rest.dropFirst(4) }
        let letters = rest.prefix(while: { $0 >= "a" && $0 <= "z" })
        return !letters.isEmpty && rest.dropFirst(letters.count).first == ":"
    }

    /// npm-package-arg's `fromFile`, without resolving against a folder (the model does no I/O):
    /// the path keeps the form npm saves (`file:../x`), with `file://` and `file:///../`
    /// spellings reduced the way npm reduces them.
    static func fromFile(_ spec: String) -> DependencySpecifier {
        var path = spec
        if path.lowercased().hasPrefix("file:") { path = String(path.dropFirst(5)) }
        // `file:/../x`, `file://../x`, `file:///./x` are relative paths written with slashes.
        let slashes = path.prefix(while: { $0 == "/" }).count
        if (1...3).contains(slashes) {
            let rest = path.dropFirst(slashes)
            if rest == "." || rest == ".." || rest.hasPrefix("./") || rest.hasPrefix("../") {
                path = String(rest)
            } else if slashes >= 2 {
                // `file://host/x` is not RFC 8089 local; npm reads it as `/host/x`, and `file:///x` as `/x`.
                path = "/" + rest
            }
        }
        path = path.removingPercentEncodingLeniently()
        return isTarballFileName(spec) ? .file(path: path) : .directory(path: path)
    }

    static func fromAlias(_ spec: String) throws(SpecifierError) -> DependencySpecifier {
        let target = try PackageSpec(parsing: String(spec.dropFirst(4)))
        if case .alias = target.specifier { throw .nestedAlias(raw: spec) }
        guard target.specifier.isRegistry, let name = target.name else {
            throw .aliasTargetNotRegistry(raw: spec)
        }
        return .alias(name: name, target: target.specifier)
    }

    static func fromURL(_ spec: String) throws(SpecifierError) -> DependencySpecifier {
        let lowered = spec.lowercased()
        let scheme = String(lowered.prefix(while: { $0 != ":" }))
        switch scheme {
        case "git", "git+http", "git+https", "git+rsync", "git+ftp", "git+file", "git+ssh":
            let (beforeHash, fragment) = GitSpecifier.splitHash(spec)
            var url = beforeHash
            if url.lowercased().hasPrefix("git+") { url = String(url.dropFirst(4)) }
            if scheme == "git+ssh" {
                // scp-like `git+ssh://git@host:path/repo.git` is not a URL; npm keeps it as written
                // (a `:` followed by digits is a port instead).
                let afterScheme = beforeHash.dropFirst("git+ssh://".count)
                if let colon = afterScheme.firstIndex(of: ":"), colon > afterScheme.startIndex,
                    !afterScheme.indices.contains(where: { afterScheme[$0] == ":" && afterScheme[afterScheme.index(after: $0)...].first?.isNumber == true })
                {
                    url = String(afterScheme)
                }
            }
            guard ParsedGitURL(beforeHash) != nil || scheme == "git+file" else { throw .invalidURL(raw: spec) }
            var git = GitSpecifier(raw: spec, url: url, hosted: nil)
            try git.applyFragment(fragment)
            return .git(git)
        case "http", "https":
            guard spec.contains("://") || spec.dropFirst(scheme.count + 1).hasPrefix("/") else { throw .invalidURL(raw: spec) }
            return .remote(url: spec)
        default:
            throw .unsupportedProtocol(scheme + ":", raw: spec)
        }
    }

    static func fromRegistry(_ spec: String, raw: String) throws(SpecifierError) -> DependencySpecifier {
        let trimmed = spec.trimmingJavaScriptWhitespace()
        // npm-package-arg: `semver.valid(spec, true)`, then `semver.validRange(spec, true)`.
        if Version.parse(trimmed, loose: true) != nil { return .version(trimmed) }
        if (try? VersionRange(trimmed, loose: true)) != nil { return .range(trimmed) }
        guard trimmed.unicodeScalars.allSatisfy(PackageName.isUnreservedInURIComponent) else {
            throw .invalidTag(trimmed, raw: raw)
        }
        return .tag(trimmed)
    }
}
