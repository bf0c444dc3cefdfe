// npm-packlist 8 over ignore-walk 6: which files of a package folder `npm pack` puts in the tarball.
// NPM-SEMANTICS.md section 9 has the rules; this file mirrors the walk itself:
//
// - Each folder has rule sets, evaluated in this order, and the last matching rule wins:
//   defaults, `files` (root only), `.npmignore`, `.gitignore`, strict. With `files` the root's
//   `.npmignore`/`.gitignore` are dropped; an `.npmignore` drops the same folder's `.gitignore`.
// - A folder's verdict on an entry starts from its parent's verdict on `folder/entry`; a file the
//   parent excludes stays excluded unless the folder was entered "exactly" (the parent includes the
//   folder itself as a file or as `folder/`), which lets nested rules and required files re-include.
// - Each entry is checked as a file and as a folder (partial match) before it is stat'ed; folders
//   that pass as folders are walked, files that pass as files are kept. Symlinks, special files and
//   names containing `*` are never packed; no folder entries are produced.
// - Bundled dependencies (npm-packlist's `gatherBundles`): the root's `bundleDependencies` that
//   are prod or optional edges, then recursively each bundled package's `dependencies` and
//   `optionalDependencies`, found in node_modules as Node would find them (`InstalledTree`). Each
//   is walked from its own folder with its own package.json rules and strict rules, but without
//   the default ignores or its top-level `.npmignore`/`.gitignore` (its subfolders use them),
//   unless node_modules links to it (then it is walked as a package folder of its own).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PkgArchive
import PkgModel

/// The files `npm pack` would include from a package folder.
public struct Packlist: Sendable {
    /// The files, relative to the package folder with `/` separators, in npm-packlist's order.
    public var files: [String]

    /// Walks `directory` with npm's rules.
    ///
    /// - Throws: `PublishError.missingManifest` / `.invalidManifest` when package.json cannot be read,
    ///   `.fileSystem` when a folder cannot be listed.
    public init(directory: String) throws(PublishError) {
        let manifestPath = directory + "/package.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw PublishError.missingManifest(path: directory)
        }
        let manifest: JSONValue
        do { manifest = try JSONValue(parsing: [UInt8](data)) } catch {
            throw PublishError.invalidManifest(path: manifestPath, reason: error.message)
        }
        guard manifest.objectValue != nil else {
            throw PublishError.invalidManifest(path: manifestPath, reason: "package.json is not an object")
        }
        var walker = Walker(root: directory, manifest: manifest)
        try walker.walk()
        let bundled = try Self.bundledFiles(directory: directory, manifest: manifest)
        files = Array(Set(walker.result + bundled)).sorted(by: TarballPacker.npmOrder)
    }

    /// The files of the bundled dependencies, relative to the package folder.
    private static func bundledFiles(directory: String, manifest: JSONValue) throws(PublishError) -> [String] {
        guard let rootManifest = try? PackageManifest(json: manifest), let names = rootManifest.bundleDependencies, !names.isEmpty,
              let tree = try? InstalledTree.load(projectDirectory: directory)
        else { return [] }
        var seen: Set<Int> = [0]
        var files: [String] = []
        var pending: [(node: Int, names: [String])] = [(0, names)]
        while !pending.isEmpty {
            let (node, names) = pending.removeFirst()
            for name in names {
                guard let edgeIndex = tree.nodes[node].edgesOut.first(where: { tree.edges[$0].name == name }) else { continue }
                let edge = tree.edges[edgeIndex]
                guard !edge.type.isPeer, edge.type != .dev, let target = edge.to, seen.insert(target).inserted else { continue }
                let package = tree.nodes[target]
                // A linked bundle (a `file:` dependency) is walked like a package folder of its own,
                // with the default ignores and its ignore files; a regular one without them.
                var status = stat()
                let isLink = lstat(package.path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
                var walker = Walker(root: package.path, manifest: .object(package.manifest.raw), bundledPackage: !isLink)
                try walker.walk()
                files += walker.result.map { package.location + "/" + $0 }
                let dependencies = package.manifest.dependencies.keys.sorted() + package.manifest.optionalDependencies.keys.sorted()
                pending.append((target, dependencies))
            }
        }
        return files
    }
}

/// One folder level of the walk, with its rule sets in evaluation order.
private struct WalkLevel {
    var basename: String
    var ruleSets: [[IgnoreRule]]
    var exact: Bool
    var requiredFiles: [String]
}

private struct Walker {
    let root: String
    let manifest: JSONValue
    /// A bundled dependency: its top folder skips the default ignores and its ignore files.
    let bundledPackage: Bool
    var result: [String] = []

    init(root: String, manifest: JSONValue, bundledPackage: Bool = false) {
        self.root = root
        self.manifest = manifest
        self.bundledPackage = bundledPackage
    }

    static let defaults = [
        ".npmignore", ".gitignore", "**/.git", "**/.svn", "**/.hg", "**/CVS", "**/.git/**", "**/.svn/**",
        "**/.hg/**", "**/CVS/**", "/.lock-wscript", "/.wafpickle-*", "/build/config.gypi", "npm-debug.log",
        "**/.npmrc", ".*.swp", ".DS_Store", "**/.DS_Store/**", "._*", "**/._*/**", "*.orig", "/archived-packages/**",
    ]

    mutating func walk() throws(PublishError) {
        try walk(relative: "", levels: [])
    }

    private mutating func walk(relative: String, levels parentLevels: [WalkLevel], exact: Bool = false, requiredFiles: [String] = []) throws(PublishError) {
        let path = relative.isEmpty ? root : root + "/" + relative
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw PublishError.fileSystem(path: path, reason: "cannot list the folder")
        }
        let isPackage = parentLevels.isEmpty
        var packageRules: [IgnoreRule]?
        var strict: [String]
        var required = requiredFiles
        if isPackage {
            strict = ["/.git"]
            if entries.contains("package.json") {
                let processed = processPackage(required: &required)
                packageRules = processed.rules
                strict = processed.strict
            }
        } else {
            strict = ["/.git"] + requiredFiles.map { "!" + $0 }
        }
        let skipIgnoreFiles = isPackage && bundledPackage
        var npmignore = entries.contains(".npmignore") && !skipIgnoreFiles ? readRules(path + "/.npmignore") : nil
        var gitignore = entries.contains(".gitignore") && !skipIgnoreFiles ? readRules(path + "/.gitignore") : nil
        if packageRules != nil {
            npmignore = nil
            gitignore = nil
        } else if npmignore != nil {
            gitignore = nil
        }
        let defaults = skipIgnoreFiles ? [] : Self.defaults.map(IgnoreRule.init)
        let ruleSets = [defaults, packageRules ?? [], npmignore ?? [], gitignore ?? [], strict.map(IgnoreRule.init)]
        let level = WalkLevel(
            basename: relative.split(separator: "/").last.map(String.init) ?? "",
            ruleSets: ruleSets,
            exact: exact,
            requiredFiles: required
        )
        let levels = parentLevels + [level]
        for entry in entries.sorted() where !entry.contains("*") {
            let passFile = Self.filter(levels[...], entry, partial: false, basename: nil)
            let passDir = Self.filter(levels[...], entry, partial: true, basename: nil)
            guard passFile || passDir else { continue }
            let entryRelative = relative.isEmpty ? entry : relative + "/" + entry
            var status = stat()
            guard lstat(path + "/" + entry, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                if passFile { result.append(entryRelative) }
            case S_IFDIR:
                guard passDir else { continue }
                let childExact = passFile || Self.filter(levels[...], entry + "/", partial: false, basename: nil)
                // npm-packlist passes down the required files directly inside this folder.
                let childRequired = required.compactMap { file -> String? in
                    let normalized = file.hasPrefix("/") ? String(file.dropFirst()) : file
                    guard let slash = normalized.lastIndex(of: "/"), normalized[..<slash] == entry else { return nil }
                    return String(normalized[normalized.index(after: slash)...])
                }
                try walk(relative: entryRelative, levels: levels, exact: childExact, requiredFiles: childRequired)
            default:
                continue
            }
        }
    }

    /// ignore-walk's `filterEntry`, evaluated from the innermost level outwards.
    private static func filter(_ levels: ArraySlice<WalkLevel>, _ entry: String, partial: Bool, basename: String?) -> Bool {
        guard let level = levels.last else { return true }
        var included = true
        if levels.count > 1 {
            included = filter(levels.dropLast(), level.basename + "/" + entry, partial: partial, basename: basename ?? entry)
            if !included && !level.exact { return false }
        }
        for rules in level.ruleSets {
            for rule in rules where rule.negate != included {
                if matches(rule, entry, partial: partial, basename: basename) { included = rule.negate }
            }
        }
        return included
    }

    private static func matches(_ rule: IgnoreRule, _ entry: String, partial: Bool, basename: String?) -> Bool {
        if rule.matches("/" + entry) || rule.matches(entry) { return true }
        guard partial else { return false }
        if rule.matches("/" + entry + "/") || rule.matches(entry + "/") { return true }
        if rule.negate && (rule.matches("/" + entry, partial: true) || rule.matches(entry, partial: true)) { return true }
        guard let basename, rule.isRelative else { return false }
        if rule.matches("/" + basename + "/") || rule.matches(basename + "/") { return true }
        return rule.negate && (rule.matches("/" + basename, partial: true) || rule.matches(basename, partial: true))
    }

    private func readRules(_ path: String) -> [IgnoreRule] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return Self.parseRules(String(decoding: data, as: UTF8.self))
    }

    static func parseRules(_ text: String) -> [IgnoreRule] {
        text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { rawLine in
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            return IgnoreRule(trimmed)
        }
    }

    /// npm-packlist's `processPackage`: `files` becomes `*` plus inverted entries; named files,
    /// package.json, README/LICENSE/LICENCE/COPYING, `main`, `browser` and bins become strict.
    private func processPackage(required: inout [String]) -> (rules: [IgnoreRule]?, strict: [String]) {
        var strict = [
            "/.git", "!/package.json", "!/readme{,.*[^~$]}", "!/copying{,.*[^~$]}", "!/license{,.*[^~$]}",
            "!/licence{,.*[^~$]}", "/.git", "/node_modules", ".npmrc", "/package-lock.json", "/yarn.lock",
            "/pnpm-lock.yaml",
        ]
        var rules: [IgnoreRule]?
        if let files = manifest["files"]?.arrayValue {
            var ignores: [String] = []
            for case .string(var file) in files {
                if file.hasPrefix("./") { file.removeFirst() }
                if file.hasSuffix("/*") { file += "*" }
                let inverse = "!" + file
                let target = root + "/" + String(file.drop(while: { $0 == "!" }))
                var status = stat()
                if lstat(target, &status) == 0 {
                    switch status.st_mode & S_IFMT {
                    case S_IFREG:
                        strict.insert(inverse, at: 0)
                        required.append(file.hasPrefix("/") ? String(file.dropFirst()) : file)
                    case S_IFDIR:
                        ignores.append(inverse)
                        ignores.append(inverse + "/**")
                    default:
                        break
                    }
                } else {
                    ignores.append(inverse)
                }
            }
            rules = (["*"] + ignores).map(IgnoreRule.init)
        }
        if let browser = manifest["browser"]?.stringValue, !browser.isEmpty { strict.append("!/" + browser) }
        if let main = manifest["main"]?.stringValue, !main.isEmpty { strict.append("!/" + main) }
        let bins = BinNormalization.normalize(manifest["bin"], packageName: manifest["name"]?.stringValue)
        for key in bins.keys.sorted() {
            if let target = bins[key] { strict.append("!/" + target) }
        }
        return (rules, strict)
    }
}
