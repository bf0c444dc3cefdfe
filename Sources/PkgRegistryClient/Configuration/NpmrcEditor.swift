import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Changes single settings in an `.npmrc` file while keeping every other line as written.
///
/// `pkg login` and `pkg logout` must leave the file as `npm login`/`npm logout` would for the keys
/// they touch (`//host/path/:_authToken` in the user config, nerf dart of the registry URL), so
/// each tool uses the other's login. npm rewrites the whole file from its parsed form and loses
/// comments; this editor changes only the affected lines, appending new keys at the end.
public struct NpmrcEditor: Sendable, Hashable {
    /// The file's lines without their terminators.
    public private(set) var lines: [String]

    public init(contents: String) {
        var lines = contents.isEmpty ? [] : contents.components(separatedBy: "\n")
        if contents.hasSuffix("\n") { lines.removeLast() }
        self.lines = lines
    }

    /// Reads `path`; a missing file is an empty one.
    /// - Throws: `ConfigurationError.unreadableFile`.
    public static func load(path: String) throws(ConfigurationError) -> NpmrcEditor {
        guard FileManager.default.fileExists(atPath: path) else { return NpmrcEditor(contents: "") }
        do {
            return NpmrcEditor(contents: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
    }

    /// The text to write back (always newline-terminated, as npm writes it).
    public var contents: String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// The value of a top-level `key`, as the file states it (no `${VAR}` expansion).
    public func value(for key: String) -> String? {
        guard let index = indices(of: key).last else { return nil }
        return IniParser.parse(lines[index]).first?.value.text
    }

    /// Sets top-level `key` to `value`: rewrites the first line that sets it, removes any later
    /// ones, or appends `key=value` at the end of the top-level part of the file.
    public mutating func set(_ key: String, to value: String) {
        let line = Self.safe(key) + "=" + Self.safe(value)
        let existing = indices(of: key)
        if let first = existing.first {
            lines[first] = line
            for index in existing.dropFirst().reversed() { lines.remove(at: index) }
            return
        }
        // Keys after a `[section]` header belong to that section, so insert before the first one.
        if let section = lines.firstIndex(where: { Self.isSectionHeader($0) }) {
            lines.insert(line, at: section)
        } else {
            lines.append(line)
        }
    }

    /// Removes every top-level line setting `key`.
    public mutating func remove(_ key: String) {
        for index in indices(of: key).reversed() { lines.remove(at: index) }
    }

    /// What `npm login` does to the user config for a token (`setCredentialsByURI`): sets
    /// `<nerf dart>:_authToken` and deletes that registry's `:always-auth`, `:email`, `:username`
    /// and `:_password`.
    /// - Returns: the key written, such as `//registry.example/:_authToken`; `nil` for a registry
    ///   URL without a host.
    @discardableResult
    public mutating func setToken(_ token: String, forRegistry registry: String) -> String? {
        guard let nerfDart = NerfDart.of(registry) else { return nil }
        for suffix in ["always-auth", "email", "_password", "username"] {
            remove("\(nerfDart):\(suffix)")
        }
        set("\(nerfDart):_authToken", to: token)
        return "\(nerfDart):_authToken"
    }

    /// What `npm logout` does to the user config (`clearCredentialsByURI`): deletes the registry's
    /// nerf-darted credentials and, when it is the default registry, the legacy un-nerfed ones.
    public mutating func clearCredentials(forRegistry registry: String, defaultRegistry: String) {
        guard let nerfDart = NerfDart.of(registry) else { return }
        if NerfDart.of(defaultRegistry) == nerfDart {
            for key in ["-authtoken", "_authToken", "_authtoken", "_auth", "_password", "username"] {
                remove(key)
            }
        }
        for suffix in ["_authToken", "_auth", "_password", "username", "email", "certfile", "keyfile"] {
            remove("\(nerfDart):\(suffix)")
        }
    }

    /// Writes `contents` to `path` atomically with mode 0600, as npm writes the user config.
    /// - Throws: `ConfigurationError.unwritableFile`.
    public func write(to path: String) throws(ConfigurationError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            if rename(temporary, path) != 0 {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .unwritableFile(path: path, reason: error.localizedDescription)
        }
    }

    // MARK: Helpers

    /// Indices of top-level lines whose parsed key is `key`.
    private func indices(of key: String) -> [Int] {
        var result: [Int] = []
        for (index, line) in lines.enumerated() {
            if Self.isSectionHeader(line) { break }
            if let entry = IniParser.parse(line).first, entry.section == nil, entry.key == key {
                result.append(index)
            }
        }
        return result
    }

    private static func isSectionHeader(_ line: String) -> Bool {
        IniParser.parse(line).isEmpty && line.trimmingCharacters(in: .whitespaces).hasPrefix("[")
    }

    /// ini's `safe`: JSON-quotes values that would not survive a round trip, escapes `;` and `#`.
    static func safe(_ value: String) -> String {
        let needsQuotes = value.contains("=") || value.contains("\r") || value.contains("\n")
            || value.hasPrefix("[")
            || (value.count > 1 && ((value.hasPrefix("\"") && value.hasSuffix("\"")) || (value.hasPrefix("'") && value.hasSuffix("'"))))
            || value != value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard needsQuotes else {
            return value.replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: "#", with: "\\#")
        }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20: quoted += String(format: "\\u%04x", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
