// `node_modules/.bin` links (npm's bin-links): where each package's executables are linked and
// the checks that keep a hostile `bin` from pointing or writing outside `node_modules`.

/// Planning of `.bin` symlinks.
package enum BinLinks {
    /// A bin name is one path component: no separators, not `.` or `..`, no NUL or newline.
    /// Separators are looked for as bytes, as the file system reads them: a `/` followed by a
    /// combining mark is one `Character` that is not `/`.
    package static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name.count <= 255
            && !name.utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == 0 }
            && !name.contains(where: \.isNewline)
    }

    /// A target is relative, `/`-separated and never climbs: it stays inside its package.
    package static func isSafeTarget(_ target: String) -> Bool {
        let bytes = target.utf8
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "/"), !bytes.contains(UInt8(ascii: "\\")), !bytes.contains(0) else { return false }
        return !bytes.split(separator: UInt8(ascii: "/")).contains { $0.elementsEqual("..".utf8) || $0.elementsEqual(".".utf8) }
    }

    /// The `.bin` folder (relative to the project) a package at `path` links into: the one beside
    /// the package in its nearest `node_modules`.
    package static func binDirectory(for path: [String]) -> String {
        (path.dropLast().map { "node_modules/" + $0 } + ["node_modules/.bin"]).joined(separator: "/")
    }

    /// The symlink's content: relative from the `.bin` folder to the target file.
    package static func linkContent(folderName: String, target: String) -> String {
        "../" + folderName + "/" + target
    }

    /// One planned link.
    package struct Link: Sendable, Hashable {
        /// `.bin` folder relative to the project root.
        package var directory: String
        package var name: String
        /// Relative symlink content.
        package var destination: String
        /// Target file relative to the project root, to mark executable.
        package var targetPath: String
    }

    /// Every link for the given packages, in npm's `(depth, path)` order; the first claimant of a
    /// name in a `.bin` folder wins. Unsafe names and targets are skipped and reported.
    package static func plan(
        _ packages: [(placed: PlacedPackage, bin: [String: String])]
    ) -> (links: [Link], refused: [InstallError]) {
        var links: [Link] = []
        var refused: [InstallError] = []
        var claimed = Set<String>()
        for (placed, bin) in packages.sorted(by: { $0.placed < $1.placed }) {
            let directory = binDirectory(for: placed.path)
            for name in bin.keys.sorted() {
                guard let target = bin[name] else { continue }
                guard isSafeName(name), isSafeTarget(target) else {
                    refused.append(.unsafeBin(package: placed.nodeID, name: name, target: target))
                    continue
                }
                guard claimed.insert(directory + "/" + name).inserted else { continue }
                links.append(Link(
                    directory: directory, name: name,
                    destination: linkContent(folderName: placed.folderName, target: target),
                    targetPath: placed.relativePath + "/" + target
                ))
            }
        }
        return (links, refused)
    }
}
