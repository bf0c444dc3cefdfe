// npm package names, validated by the rules of validate-npm-package-name 5 (bundled with npm 10).
//
// Two levels, as npm has them:
// - Existing names (`init(_:)`, used on every read: registry documents, lockfiles, package.json of
//   installed packages): not empty; no leading `.` or `_`; no leading or trailing whitespace; not
//   `node_modules` or `favicon.ico` (case-insensitive); URL-friendly: every character survives
//   JavaScript's `encodeURIComponent` unchanged (`A-Z a-z 0-9 - _ . ! ~ * ' ( )`), except the one
//   `/` of a scoped name `@scope/name` whose two halves are each URL-friendly.
// - New names (`validateForNewPackage()`, used on publish and `pkg init`): additionally at most
//   214 characters, no capital letters, not a node core module name (`http`, `fs/promises`…,
//   node 20's `module.builtinModules`), and no `~'!()*` in the part after the scope.
// The rules are checked in npm's order and the first broken one is reported.

/// A valid npm package name such as `left-pad` or `@babel/core`.
///
/// Names are validated once, at the boundary, so the rest of the code can build URLs, folder
/// names and tarball names from them without re-checking.
public struct PackageName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name exactly as written: `@scope/name` or `name`.
    public let rawValue: String

    /// Validates `name` by the rules npm applies to names that already exist in a registry.
    ///
    /// - Throws: `PackageNameError` naming the first broken rule.
    public init(_ name: String) throws(PackageNameError) {
        if let rule = PackageName.brokenExistingRule(name) {
            throw PackageNameError(name: name, rule: rule)
        }
        rawValue = name
    }

    /// Whether `name` is valid for an existing package (npm's `validForOldPackages`).
    public static func isValid(_ name: String) -> Bool {
        brokenExistingRule(name) == nil
    }

    /// Checks the stricter rules for publishing a new package (npm's `validForNewPackages`).
    ///
    /// - Throws: `PackageNameError` naming the first broken rule for new names.
    public func validateForNewPackage() throws(PackageNameError) {
        if let rule = PackageName.brokenNewRule(rawValue) {
            throw PackageNameError(name: rawValue, rule: rule)
        }
    }

    /// The scope with its `@` (`@babel` for `@babel/core`), the form `.npmrc` keys use; `nil` if unscoped.
    public var scope: String? {
        guard rawValue.hasPrefix("@"), let slash = rawValue.firstIndex(of: "/") else { return nil }
        return String(rawValue[..<slash])
    }

    /// The name without its scope (`core` for `@babel/core`): bin names and tarball names use it.
    public var unscopedName: String {
        guard rawValue.hasPrefix("@"), let slash = rawValue.firstIndex(of: "/") else { return rawValue }
        return String(rawValue[rawValue.index(after: slash)...])
    }

    /// Whether the name has a scope.
    public var isScoped: Bool { scope != nil }

    /// The name as one URL path segment (`@scope%2fname`), as npm requests packuments.
    public var urlEncoded: String {
        guard let slash = rawValue.firstIndex(of: "/") else { return rawValue }
        return rawValue[..<slash] + "%2f" + rawValue[rawValue.index(after: slash)...]
    }

    /// The registry's tarball file name, `name-1.2.3.tgz`, using the unscoped name as npm does
    /// (`/@scope/name/-/name-1.2.3.tgz`).
    public func tarballFileName(version: String) -> String {
        "\(unscopedName)-\(version).tgz"
    }

    public var description: String { rawValue }

    /// Code-point order: deterministic everywhere, which lockfiles and sorted listings need.
    public static func < (lhs: PackageName, rhs: PackageName) -> Bool {
        lhs.rawValue.unicodeScalars.lexicographicallyPrecedes(rhs.rawValue.unicodeScalars)
    }

    // MARK: - Rules

    /// Names npm refuses outright, compared case-insensitively.
    static let blockedNames: Set<String> = ["node_modules", "favicon.ico"]

    /// node 20's `require('module').builtinModules`; new packages may not take these names.
    static let coreModuleNames: Set<String> = [
        "_http_agent", "_http_client", "_http_common", "_http_incoming", "_http_outgoing", "_http_server",
        "_stream_duplex", "_stream_passthrough", "_stream_readable", "_stream_transform", "_stream_wrap",
        "_stream_writable", "_tls_common", "_tls_wrap", "assert", "assert/strict", "async_hooks", "buffer",
        "child_process", "cluster", "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns",
        "dns/promises", "domain", "events", "fs", "fs/promises", "http", "http2", "https", "inspector",
        "inspector/promises", "module", "net", "os", "path", "path/posix", "path/win32", "perf_hooks",
        "process", "punycode", "querystring", "readline", "readline/promises", "repl", "stream",
        "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers",
        "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi",
        "worker_threads", "zlib",
    ]

    static func brokenExistingRule(_ name: String) -> PackageNameError.Rule? {
        if name.isEmpty { return .empty }
        if name.hasPrefix(".") { return .startsWithPeriod }
        if name.hasPrefix("_") { return .startsWithUnderscore }
        if name.unicodeScalars.first.map(isJavaScriptWhitespace) == true
            || name.unicodeScalars.last.map(isJavaScriptWhitespace) == true
        {
            return .surroundingWhitespace
        }
        if blockedNames.contains(name.lowercased()) { return .blocked }
        if !isURLFriendly(name) { return .notURLFriendly }
        return nil
    }

    static func brokenNewRule(_ name: String) -> PackageNameError.Rule? {
        if let rule = brokenExistingRule(name) { return rule }
        if coreModuleNames.contains(name.lowercased()) { return .coreModuleName }
        if name.utf16.count > 214 { return .tooLong }
        if name.lowercased() != name { return .uppercase }
        let lastSegment = name.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(name)
        if lastSegment.contains(where: { "~'!()*".contains($0) }) { return .specialCharacters }
        return nil
    }

    /// `encodeURIComponent(name) === name`, or a scoped `@scope/name` whose parts both are.
    static func isURLFriendly(_ name: String) -> Bool {
        if name.unicodeScalars.allSatisfy(isUnreservedInURIComponent) { return true }
        // validate-npm-package-name's /^(?:@([^/]+?)[/])?([^/]+?)$/ with a scope present.
        guard name.hasPrefix("@") else { return false }
        let parts = name.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return parts.allSatisfy { $0.unicodeScalars.allSatisfy(isUnreservedInURIComponent) }
    }

    /// The characters `encodeURIComponent` leaves alone.
    static func isUnreservedInURIComponent(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "!", "~", "*", "'", "(", ")": true
        default: false
        }
    }

    /// What JavaScript's `String.prototype.trim` removes (WhiteSpace and LineTerminator).
    static func isJavaScriptWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
            0x205F, 0x3000, 0xFEFF:
            true
        default: false
        }
    }
}

extension PackageName: Codable {
    /// Decodes from a JSON string, validating it as an existing name.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(container.decode(String.self))
    }

    /// Encodes as the plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
