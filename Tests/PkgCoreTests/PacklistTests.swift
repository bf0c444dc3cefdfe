import Foundation
import PkgTestSupport
import PkgArchive
import PkgCore
import PkgModel
import Testing

/// A package folder written into a temporary directory: paths to contents.
struct PackFixture: Sendable, CustomStringConvertible {
    var name: String
    var files: [String: String]
    var description: String { name }

    /// Writes the fixture and returns its folder.
    func write() throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pkg-packlist-\(name)-\(UUID().uuidString)").path
        for (path, contents) in files {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        return folder
    }

    static let all: [PackFixture] = [
        PackFixture(name: "files-negation-glob", files: [
            "package.json": #"{"name":"fng","version":"1.0.0","main":"index.js","bin":{"tool":"./cli.js"},"files":["lib","!lib/secret.js","docs/*.md","./extra/","*.json"]}"#,
            "lib/a.js": "a", "lib/secret.js": "s", "lib/sub/b.js": "b", "lib/sub/.npmrc": "x",
            "docs/a.md": "a", "docs/b.txt": "b", "docs/deep/c.md": "c",
            "extra/e.js": "e", "extra/f/g.js": "g",
            "index.js": "i", "cli.js": "c", "README.md": "r", "LICENSE": "l", "other.js": "o",
            "test/t.js": "t", ".npmrc": "n", "package-lock.json": "{}", "node_modules/x/index.js": "x",
            "config.json": "{}", "sub/x.json": "{}",
        ]),
        PackFixture(name: "npmignore", files: [
            "package.json": #"{"name":"ni","version":"1.0.0"}"#,
            ".npmignore": "# comment\n\ntest/\n*.log\n!keep.log\n/build\n",
            ".gitignore": "lib\n",
            "lib/a.js": "a", "test/t.js": "t", "a.log": "l", "keep.log": "k", "build/out.js": "o",
            "src/build/x.js": "x", "README": "r", "Readme.old": "r", "readme~": "r", "CHANGELOG.md": "c",
            "a.orig": "o", ".DS_Store": "d", "._x": "x", "npm-debug.log": "n", "yarn.lock": "y",
            "npm-shrinkwrap.json": "{}", ".foo.swp": "s",
        ]),
        PackFixture(name: "gitignore-fallback", files: [
            "package.json": #"{"name":"gf","version":"1.0.0","main":"dist/main.js"}"#,
            ".gitignore": "dist\n*.tmp\n",
            "dist/main.js": "m", "dist/other.js": "o", "x.tmp": "t", "index.js": "i",
            "COPYING.txt": "c", "LICENCE": "l", "licence.md": "l", ".git/config": "g", "sub/.git": "g",
            "CVS/Entries": "c", "archived-packages/a.tgz": "a", "build/config.gypi": "g",
        ]),
        PackFixture(name: "nested-npmignore", files: [
            "package.json": #"{"name":"nn","version":"1.0.0","bin":"bin/cli.js"}"#,
            ".npmignore": "*.md\n",
            "lib/.npmignore": "private.js\n!notes.md\n",
            "lib/private.js": "p", "lib/public.js": "p", "lib/notes.md": "n",
            "lib/deep/.npmignore": "*\n!keep.js\n", "lib/deep/x.js": "x", "lib/deep/keep.js": "k",
            "docs/guide.md": "g", "README.md": "r", "bin/cli.js": "c", "a/node_modules/q/i.js": "q",
        ]),
        PackFixture(name: "files-with-nested-ignore", files: [
            "package.json": #"{"name":"fni","version":"1.0.0","main":"main/index.js","browser":"browser.js","files":["lib","src/one.js","/top.js","data/**/*.txt"]}"#,
            ".npmignore": "lib/y.js\n",
            "lib/.npmignore": "x.js\n",
            "lib/.gitignore": "y.js\n",
            "lib/x.js": "x", "lib/y.js": "y", "lib/z.JS": "z",
            "src/one.js": "1", "src/two.js": "2", "top.js": "t", "main/index.js": "m", "main/other.js": "o",
            "browser.js": "b", "data/a/b.txt": "b", "data/c.txt": "c", "data/d.bin": "d",
        ]),
        PackFixture(name: "bundled-deps", files: bundledFiles),
        PackFixture(name: "bundled-true-alias", files: [
            "package.json": #"{"name":"bt","version":"1.0.0","bundledDependencies":true,"dependencies":{"x":"^1.0.0"},"optionalDependencies":{"opt":"^1.0.0"},"devDependencies":{"devonly":"^1.0.0"}}"#,
            "index.js": "i",
            "node_modules/x/package.json": #"{"name":"x","version":"1.0.0","dependencies":{"y":"^1.0.0"}}"#,
            "node_modules/x/x.js": "x",
            "node_modules/y/package.json": #"{"name":"y","version":"1.2.0"}"#,
            "node_modules/y/y.js": "y",
            "node_modules/opt/package.json": #"{"name":"opt","version":"1.0.0"}"#,
            "node_modules/opt/o.js": "o",
            "node_modules/devonly/package.json": #"{"name":"devonly","version":"1.0.0"}"#,
            "node_modules/devonly/d.js": "d",
        ]),
    ]

    /// A bundle with a nested copy, a hoisted dependency, `files`, ignore files at the bundled
    /// package's top (not applied) and below it (applied), and dev, peer and unbundled packages.
    static let bundledFiles: [String: String] = [
        "package.json": #"{"name":"bd","version":"1.0.0","main":"index.js","bundleDependencies":["a","missing","devdep"],"dependencies":{"a":"^1.0.0","b":"^1.0.0","missing":"^1.0.0"},"devDependencies":{"devdep":"^1.0.0"}}"#,
        "index.js": "i",
        "node_modules/a/package.json": #"{"name":"a","version":"1.0.0","dependencies":{"c":"^1.0.0","d":"^2.0.0"},"devDependencies":{"e":"^1.0.0"},"peerDependencies":{"p":"^1.0.0"}}"#,
        "node_modules/a/index.js": "a", "node_modules/a/.npmignore": "index.js\nlib/skip.js\n", "node_modules/a/.gitignore": "x\n",
        "node_modules/a/lib/keep.js": "k", "node_modules/a/lib/skip.js": "s", "node_modules/a/lib/.npmignore": "drop.js\n",
        "node_modules/a/lib/drop.js": "d", "node_modules/a/.DS_Store": "d", "node_modules/a/lib/x.orig": "o",
        "node_modules/a/node_modules/d/package.json": #"{"name":"d","version":"2.0.0","files":["dist"]}"#,
        "node_modules/a/node_modules/d/dist/d.js": "d", "node_modules/a/node_modules/d/src/d.ts": "d", "node_modules/a/node_modules/d/README.md": "r",
        "node_modules/c/package.json": #"{"name":"c","version":"1.5.0"}"#, "node_modules/c/c.js": "c",
        "node_modules/d/package.json": #"{"name":"d","version":"1.0.0"}"#, "node_modules/d/old.js": "o",
        "node_modules/b/package.json": #"{"name":"b","version":"1.0.0"}"#, "node_modules/b/b.js": "b",
        "node_modules/e/package.json": #"{"name":"e","version":"1.0.0"}"#, "node_modules/e/e.js": "e",
        "node_modules/p/package.json": #"{"name":"p","version":"1.0.0"}"#, "node_modules/p/p.js": "p",
        "node_modules/devdep/package.json": #"{"name":"devdep","version":"1.0.0"}"#, "node_modules/devdep/dd.js": "d",
    ]
}

@Suite("Packlist")
struct PacklistTests {
    @Test("lists exactly the files npm pack lists", arguments: PackFixture.all)
    func matchesNpm(fixture: PackFixture) async throws {
        guard let npm = NpmCommandOracle.find() else {
            print("skipping: npm is not on PATH")
            return
        }
        let folder = try fixture.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let expected = try await npm.dryRunFiles(folder: folder).sorted()
        let actual = try Packlist(directory: folder).files.sorted()
        #expect(actual == expected)
    }

    @Test("bundled dependencies are packed from node_modules with their own rules")
    func bundledDependencies() throws {
        let folder = try PackFixture(name: "bundled", files: PackFixture.bundledFiles).write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Packlist(directory: folder).files.sorted() == [
            "index.js", "node_modules/a/.DS_Store", "node_modules/a/.gitignore", "node_modules/a/.npmignore", "node_modules/a/index.js",
            "node_modules/a/lib/keep.js", "node_modules/a/lib/skip.js", "node_modules/a/node_modules/d/README.md",
            "node_modules/a/node_modules/d/dist/d.js", "node_modules/a/node_modules/d/package.json",
            "node_modules/a/package.json", "node_modules/c/c.js", "node_modules/c/package.json", "package.json",
        ])
    }

    @Test("a linked bundled dependency keeps its own ignore rules, as npm pack does")
    func linkedBundle() async throws {
        let folder = try PackFixture(name: "linked-bundle", files: [
            "package.json": #"{"name":"bl","version":"1.0.0","bundleDependencies":["a"],"dependencies":{"a":"file:a-src"}}"#,
            "a-src/package.json": #"{"name":"a","version":"1.0.0"}"#, "a-src/index.js": "x", "a-src/skip.js": "y",
            "a-src/.npmignore": "skip.js\n", "a-src/.DS_Store": "",
        ]).write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/node_modules", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/node_modules/a", withDestinationPath: "../a-src")
        let files = try Packlist(directory: folder).files.sorted()
        #expect(files == ["a-src/index.js", "a-src/package.json", "node_modules/a/index.js", "node_modules/a/package.json", "package.json"])
        if let npm = NpmCommandOracle.find() {
            #expect(try await npm.dryRunFiles(folder: folder).sorted() == files)
        }
    }

    @Test("files are in npm-packlist's order")
    func order() throws {
        let fixture = PackFixture(name: "order", files: [
            "package.json": #"{"name":"o","version":"1.0.0"}"#,
            "LICENSE": "", "bin/cli.js": "", "lib/main.js": "", "lib/z.JS": "", "docs/a.md": "", "README.md": "", "Readme.old": "",
        ])
        let folder = try fixture.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Packlist(directory: folder).files == [
            "LICENSE", "bin/cli.js", "lib/main.js", "lib/z.JS", "package.json", "docs/a.md", "README.md", "Readme.old",
        ])
    }

    @Test("a folder without package.json is an error")
    func missingManifest() throws {
        let folder = try PackFixture(name: "empty", files: ["a.js": ""]).write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: PublishError.missingManifest(path: folder)) { try Packlist(directory: folder) }
    }
}

extension NpmCommandOracle {
    /// The files the real `npm pack --dry-run --json` would pack from `folder`.
    func dryRunFiles(folder: String) async throws -> [String] {
        let npm = try await run(["pack", "--dry-run", "--json", "--ignore-scripts"], in: folder)
        let json = try JSONValue(parsing: Array(npm.stdout.utf8))
        return (json[0]?["files"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
    }
}

@Suite("Packer")
struct PackerTests {
    @Test("a scoped package's tarball is named without `@` and with `-` for `/`")
    func scopedFilename() throws {
        let folder = try PackFixture(name: "scoped", files: [
            "package.json": #"{"name":"@scope/tool","version":"2.0.0-beta.1","bin":"cli.js"}"#, "cli.js": "x",
        ]).write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let packed = try Packer.pack(directory: folder)
        #expect(packed.filename == "scope-tool-2.0.0-beta.1.tgz")
        #expect(packed.tarball.entries.map(\.path) == ["cli.js", "package.json"])
        // A bin at the package root gains execute bits; package.json stays 644.
        #expect(packed.tarball.entries.map(\.mode) == [0o755, 0o644])
        #expect(packed.sha512.hasPrefix("sha512-"))
        #expect(packed.shasum.count == 40)
    }

    @Test("a package.json without a version cannot be packed")
    func missingVersion() throws {
        let folder = try PackFixture(name: "noversion", files: ["package.json": #"{"name":"x"}"#]).write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: PublishError.invalidManifest(path: folder + "/package.json", reason: "`version` is missing")) {
            try Packer.pack(directory: folder)
        }
    }
}
