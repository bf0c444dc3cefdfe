// Package arguments of the registry commands: `name`, `name@1.2.3`, `name@^1`, `@scope/name@tag`.
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PkgModel

/// A registry package argument split into its name and what follows the `@`.
struct RegistrySpecArgument: Sendable, Hashable {
    var name: String
    /// The version, range or tag; `nil` for a bare name.
    var versionSpec: String?

    /// Splits `argument`; `.` (or `.@spec`) means the package in the current folder, as in npm.
    /// - Throws: `ValidationError` (exit 2) when there is no name to use.
    init(_ argument: String?, directory: String = ".") throws {
        let text = argument ?? "."
        if text == "." || text.hasPrefix(".@") {
            guard let name = RegistryCommandSupport.packageName(in: directory) else {
                throw ValidationError("no package named: pass `<name>` or run in a folder whose package.json has a `name`")
            }
            self.name = name
            versionSpec = text.hasPrefix(".@") ? String(text.dropFirst(2)) : nil
            return
        }
        let searchStart = text.hasPrefix("@") ? text.index(after: text.startIndex) : text.startIndex
        if let at = text[searchStart...].firstIndex(of: "@") {
            name = String(text[..<at])
            versionSpec = String(text[text.index(after: at)...])
        } else {
            name = text
            versionSpec = nil
        }
        do {
            _ = try PackageName(name)
        } catch {
            throw ValidationError("`\(name)` is not a valid package name: \(error.message)")
        }
    }
}

/// What npm knows about the terminal its output goes to.
enum TerminalInfo {
    /// The width of stdout's terminal; `nil` when stdout is a pipe or a file.
    static var standardOutputWidth: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// npm's `unicode` default: the locale says UTF-8.
    static var unicode: Bool {
        let environment = ProcessInfo.processInfo.environment
        let locale = [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return locale.range(of: "UTF-?8$", options: [.regularExpression, .caseInsensitive]) != nil
    }
}

/// Failures of the registry commands that are not the registry's answer.
enum RegistryCommandError: Diagnostic {
    /// `dist-tag rm` of a tag the package does not have.
    case unknownTag(tag: String, name: String)
    /// `dist-tag ls` of a package with no tags at all.
    case noTags(name: String)
    /// `dist-tag add` with a tag that parses as a semver range (it would shadow versions).
    case tagIsRange(String)
    /// `deprecate` with a spec that is not a range.
    case invalidRange(String)
    /// `owner rm` of the last owner.
    case lastOwner(user: String, name: String)
    /// `owner add/rm` of a user the registry does not know.
    case unknownUser(String)
    /// `dist-tag add` of a version the package does not have.
    case unknownVersion(name: String, version: String)

    var code: String {
        switch self {
        case .unknownTag, .noTags, .unknownUser, .unknownVersion: "E404"
        case .tagIsRange: "EINVALIDTAGNAME"
        case .invalidRange: "EINVALIDRANGE"
        case .lastOwner: "EOWNERRM"
        }
    }

    var message: String {
        switch self {
        case .unknownTag(let tag, let name): "`\(tag)` is not a dist-tag on `\(name)`"
        case .noTags(let name): "no dist-tags found for `\(name)`"
        case .tagIsRange(let tag): "tag name must not be a valid SemVer range: `\(tag)`"
        case .invalidRange(let range): "invalid version range: `\(range)`"
        case .lastOwner(let user, let name): "cannot remove `\(user)`, the last owner of `\(name)`"
        case .unknownUser(let user): "user `\(user)` is not in this registry"
        case .unknownVersion(let name, let version): "`\(name)@\(version)` is not in this registry"
        }
    }

    var hint: String? {
        switch self {
        case .unknownTag(_, let name): "run `pkg dist-tag ls \(name)` to see its tags"
        case .noTags: "check the package name"
        case .tagIsRange: "pick a tag name such as `next` or `beta`"
        case .invalidRange: "pass a version or range such as `1.2.3` or `<2.0.0`"
        case .lastOwner(_, let name): "add someone else first with `pkg owner add <user> \(name)`"
        case .unknownUser: "check the user name; people join the registry with `pkg adduser`"
        case .unknownVersion(let name, _): "run `pkg view \(name) versions` to list the published versions"
        }
    }
}
