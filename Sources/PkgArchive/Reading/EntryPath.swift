/// The path rules every tar entry passes before anything reads or writes it.
///
/// Empty and `.` components are dropped (`package/./a//b` is `package/a/b`); `..` anywhere is
/// refused outright rather than resolved, because a resolved `..` that stays inside today is one
/// strip or rename away from leaving tomorrow. Backslashes are refused too: harmless on POSIX,
/// they are separators to Windows readers of the same tarball.
///
/// Paths are judged byte by byte, as the file system reads them, not by `Character`: a `/` or
/// `\` followed by a combining mark is one `Character` that is neither, so a `Character` split
/// kept `package//\u{301}x` as the component `/\u{301}x`, which a tree extraction then opened
/// as an absolute path.
enum EntryPath {
    /// The safe components of an entry's path.
    ///
    /// - Throws: `ArchiveError.unsafePath` naming the entry and the rule.
    static func components(of entry: RawTarEntry) throws -> [Substring] {
        let name = entry.name
        guard entry.isUTF8 else { throw ArchiveError.unsafePath(entry: name, rule: .notUTF8) }
        guard !name.isEmpty else { throw ArchiveError.unsafePath(entry: name, rule: .empty) }
        guard name.utf8.first != UInt8(ascii: "/") else { throw ArchiveError.unsafePath(entry: name, rule: .absolute) }
        guard !name.utf8.contains(UInt8(ascii: "\\")) else { throw ArchiveError.unsafePath(entry: name, rule: .backslash) }
        var components: [Substring] = []
        for component in split(name) where !isCurrentFolder(component) {
            guard !isParentFolder(component) else { throw ArchiveError.unsafePath(entry: name, rule: .parentComponent) }
            components.append(component)
        }
        return components
    }

    /// The non-empty runs between `/` bytes (slices at those bytes, which are scalar boundaries).
    static func split(_ path: some StringProtocol) -> [Substring] {
        let text = Substring(path)
        var components: [Substring] = []
        var start = text.utf8.startIndex
        var index = start
        while index != text.utf8.endIndex {
            if text.utf8[index] == UInt8(ascii: "/") {
                if start != index { components.append(text[start..<index]) }
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        if start != text.utf8.endIndex { components.append(text[start...]) }
        return components
    }

    static func isCurrentFolder(_ component: Substring) -> Bool {
        component.utf8.elementsEqual(".".utf8)
    }

    static func isParentFolder(_ component: Substring) -> Bool {
        component.utf8.elementsEqual("..".utf8)
    }

    /// Whether a link stays inside the package once the first path component is stripped.
    ///
    /// - Parameters:
    ///   - linkComponents: the link's own path, already stripped.
    ///   - target: the link target as written in the archive.
    static func linkStaysInside(linkComponents: [Substring], target: String, kind: ArchiveError.LinkKind) -> Bool {
        guard !target.isEmpty, target.utf8.first != UInt8(ascii: "/"), !target.utf8.contains(UInt8(ascii: "\\")) else { return false }
        var resolved: [Substring]
        var targetComponents = split(target)[...]
        switch kind {
        case .symbolic:
            // Relative to the folder holding the link.
            resolved = Array(linkComponents.dropLast())
        case .hard:
            // An archive path, so it carries the top-level folder that extraction strips.
            resolved = []
            targetComponents = targetComponents.drop(while: isCurrentFolder).dropFirst()
        }
        for component in targetComponents where !isCurrentFolder(component) {
            if isParentFolder(component) {
                guard !resolved.isEmpty else { return false }
                resolved.removeLast()
            } else {
                resolved.append(component)
            }
        }
        return true
    }
}
