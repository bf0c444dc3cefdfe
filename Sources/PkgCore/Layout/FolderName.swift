// Which names may become folders under `node_modules`. Names come from lockfiles and registries,
// both untrusted, so a name must never leave its `node_modules` folder.

/// Validation of `node_modules` folder names (package names and `npm:` alias names).
package enum FolderName {
    /// `true` for `name` or `@scope/name` where each part is a safe single path component.
    package static func isValid(_ name: String) -> Bool {
        // Split on `/` bytes, as the file system does: a `Character` split keeps `x\u{600}/../\u{301}y`
        // (a prepended or combined `/`) as one "component" that the kernel reads as three.
        let parts = name.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
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
