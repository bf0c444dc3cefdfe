// Which names may become folders under `node_modules`. Names come from lockfiles and registries,
// both untrusted, so a name must never leave its `node_modules` folder.

/// Validation of `node_modules` folder names (package names and `npm:` alias names).
package enum FolderName {
    /// `true` for `name` or `@scope/name` where each part is a safe single path component.
    package static func isValid(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return isSafeComponent(parts[0]) && !parts[0].hasPrefix("@")
        case 2:
            return parts[0].hasPrefix("@") && parts[0].count > 1 && isSafeComponent(parts[0]) && isSafeComponent(parts[1])
        default:
            return false
        }
    }

    private static func isSafeComponent(_ component: Substring) -> Bool {
        guard !component.isEmpty, component.count <= 214, component != ".", component != "..",
              !component.hasPrefix("."), component.lowercased() != "node_modules"
        else { return false }
        return !component.contains { $0 == "\\" || $0 == "\0" || $0 == ":" || $0.isNewline }
    }
}
