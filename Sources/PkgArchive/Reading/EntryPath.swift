/// The path rules every tar entry passes before anything reads or writes it.
///
/// Empty and `.` components are dropped (`package/./a//b` is `package/a/b`); `..` anywhere is
/// refused outright rather than resolved, because a resolved `..` that stays inside today is one
/// strip or rename away from leaving tomorrow. Backslashes are refused too: harmless on POSIX,
/// they are separators to Windows readers of the same tarball.
enum EntryPath {
    /// The safe components of an entry's path.
    ///
    /// - Throws: `ArchiveError.unsafePath` naming the entry and the rule.
    static func components(of entry: RawTarEntry) throws -> [Substring] {
        let name = entry.name
        guard entry.isUTF8 else { throw ArchiveError.unsafePath(entry: name, rule: .notUTF8) }
        guard !name.isEmpty else { throw ArchiveError.unsafePath(entry: name, rule: .empty) }
        guard !name.hasPrefix("/") else { throw ArchiveError.unsafePath(entry: name, rule: .absolute) }
        guard !name.contains("\\") else { throw ArchiveError.unsafePath(entry: name, rule: .backslash) }
        var components: [Substring] = []
        for component in name.split(separator: "/", omittingEmptySubsequences: true) where component != "." {
            guard component != ".." else { throw ArchiveError.unsafePath(entry: name, rule: .parentComponent) }
            components.append(component)
        }
        return components
    }

    /// Whether a link stays inside the package once the first path component is stripped.
    ///
    /// - Parameters:
    ///   - linkComponents: the link's own path, already stripped.
    ///   - target: the link target as written in the archive.
    static func linkStaysInside(linkComponents: [Substring], target: String, kind: ArchiveError.LinkKind) -> Bool {
        guard !target.isEmpty, !target.hasPrefix("/"), !target.contains("\\") else { return false }
        var resolved: [Substring]
        var targetComponents = target.split(separator: "/", omittingEmptySubsequences: true)[...]
        switch kind {
        case .symbolic:
            // Relative to the folder holding the link.
            resolved = Array(linkComponents.dropLast())
        case .hard:
            // An archive path, so it carries the top-level folder that extraction strips.
            resolved = []
            targetComponents = targetComponents.drop { $0 == "." }.dropFirst()
        }
        for component in targetComponents where component != "." {
            if component == ".." {
                guard !resolved.isEmpty else { return false }
                resolved.removeLast()
            } else {
                resolved.append(component)
            }
        }
        return true
    }
}
