// npm-normalize-package-bin 3, the rules npm applies to `bin` before linking executables.
//
// - A string becomes `{<name>: value}` named after the unscoped package name (dropped with no name).
// - An array becomes `{basename(path): path}`.
// - Each key: `\` and `:` become `/`, then the basename, normalised as a path; empty keys drop.
// - Each value must be a string: `\` becomes `/`, then it is resolved against `/` and the leading
//   `/` stripped, so `./cli.js` is `cli.js` and `../../etc/passwd` is `etc/passwd` (a package can
//   never link outside itself). Empty targets drop; an empty result means no `bin`.

/// Normalises a package.json `bin` value exactly as npm does before linking executables.
public enum BinNormalization {
    /// The normalised `bin` map (name → path inside the package), empty when there are no bins.
    ///
    /// - Parameters:
    ///   - bin: the raw `bin` value, or `nil` when absent.
    ///   - packageName: the manifest's `name`, used to name a string `bin`.
    public static func normalize(_ bin: JSONValue?, packageName: String?) -> [String: String] {
        var entries: [(String, JSONValue)] = []
        switch bin {
        case .string(let target)?:
            // JavaScript falsiness: an empty `bin` string means no bin.
            guard let packageName, !packageName.isEmpty, !target.isEmpty else { return [:] }
            entries = [(packageName, .string(target))]
        case .array(let paths)?:
            for path in paths {
                // `basename` of a non-string throws in npm; such entries cannot be linked anyway.
                guard let path = path.stringValue else { continue }
                entries.append((basename(path), .string(path)))
            }
        case .object(let object)?:
            entries = object.map { ($0.key, $0.value) }
        default:
            return [:]
        }
        var clean: [String: String] = [:]
        for (key, value) in entries {
            let name = String(absoluteNormalized(basename(key.replacing("\\", with: "/").replacing(":", with: "/"))).dropFirst())
            guard let target = value.stringValue, !name.isEmpty else { continue }
            let cleanTarget = String(absoluteNormalized(target.replacing("\\", with: "/")).dropFirst())
            guard !cleanTarget.isEmpty else { continue }
            clean[name] = cleanTarget
        }
        return clean
    }

    /// node's `path.posix.basename`: the last component, ignoring trailing slashes.
    static func basename(_ path: String) -> String {
        var components = path.split(separator: "/", omittingEmptySubsequences: false)
        while let last = components.last, last.isEmpty, components.count > 1 { components.removeLast() }
        return String(components.last ?? "")
    }

    /// node's `path.posix.join('/', path)`: an absolute, normalised path (`..` cannot climb above
    /// `/`), keeping a trailing slash as node does.
    static func absoluteNormalized(_ path: String) -> String {
        var stack: [Substring] = []
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !stack.isEmpty { stack.removeLast() }
            default: stack.append(component)
            }
        }
        let trailing = path.hasSuffix("/") && !stack.isEmpty ? "/" : ""
        return "/" + stack.joined(separator: "/") + trailing
    }
}
