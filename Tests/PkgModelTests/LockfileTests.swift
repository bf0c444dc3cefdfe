import Foundation
import PkgModel
import Testing

@Suite struct LockfileTests {
    static func key(_ text: String) -> LockfilePackageKey {
        do { return try LockfilePackageKey(text) } catch { fatalError("bad test key \(text)") }
    }

    /// A small graph with every field set somewhere, built in memory.
    static func sample() throws -> Lockfile {
        let integrity = try Integrity("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==")
        var lockfile = Lockfile()
        lockfile.root = LockfileImporter(dependencies: [
            .dependencies: [
                "react-dom": LockfileImporterDependency(specifier: "^18.2.0", package: key("react-dom@18.2.0(react@18.2.0)")),
                "react": LockfileImporterDependency(specifier: "^18.0.0", package: key("react@18.2.0")),
            ],
            .devDependencies: [
                "esbuild": LockfileImporterDependency(specifier: "^0.20.0", package: key("esbuild@0.20.2")),
            ],
            .optionalDependencies: [
                "nowhere": LockfileImporterDependency(specifier: "1.x", package: nil),
            ],
        ])
        lockfile.packages = [
            key("react@18.2.0"): LockfilePackage(
                resolved: LockfileTarball(tarballURL: "https://registry.npmjs.org/react/-/react-18.2.0.tgz", registry: "https://registry.npmjs.org"),
                integrity: integrity, engines: ["node": ">=0.10.0"]),
            key("react-dom@18.2.0(react@18.2.0)"): LockfilePackage(
                resolved: .registryPath("react-dom/-/react-dom-18.2.0.tgz"), integrity: integrity,
                dependencies: [.peerDependencies: ["react": key("react@18.2.0")]], deprecated: "use \"react-dom\" 19"),
            key("esbuild@0.20.2"): LockfilePackage(
                resolved: .url("https://mirror.example/esbuild-0.20.2.tgz"), integrity: integrity,
                dependencies: [.optionalDependencies: ["@esbuild/darwin-arm64": key("@esbuild/darwin-arm64@0.20.2")]],
                dev: true, bin: ["esbuild": "bin/esbuild"], hasInstallScript: true),
            key("@esbuild/darwin-arm64@0.20.2"): LockfilePackage(
                resolved: .registryPath("@esbuild/darwin-arm64/-/darwin-arm64-0.20.2.tgz"), integrity: integrity,
                dev: true, optional: true, os: ["darwin"], cpu: ["arm64"], libc: ["glibc"]),
            key("bundled@1.0.0"): LockfilePackage(resolved: nil, integrity: nil, devOptional: true, peer: true, bundled: true),
        ]
        return lockfile
    }

    @Test func roundTripsAndIsByteStable() throws {
        let lockfile = try Self.sample()
        let first = LockfileSerializer.serialize(lockfile)
        let second = LockfileSerializer.serialize(lockfile)
        #expect(first == second)
        let parsed = try LockfileParser.parse(first)
        #expect(parsed == lockfile)
        #expect(LockfileSerializer.serialize(parsed) == first)
        #expect(first.last == UInt8(ascii: "\n"))
    }

    @Test func serializesInTheDocumentedLayout() throws {
        let text = LockfileSerializer.serializedString(try Self.sample())
        let expected = """
            {
              "lockfileVersion": 1,
              "importers": {
                ".": {
                  "dependencies": {
                    "react": {
                      "specifier": "^18.0.0",
                      "package": "react@18.2.0"
                    },
                    "react-dom": {
                      "specifier": "^18.2.0",
                      "package": "react-dom@18.2.0(react@18.2.0)"
                    }
                  },
                  "devDependencies": {
                    "esbuild": {
                      "specifier": "^0.20.0",
                      "package": "esbuild@0.20.2"
                    }
                  },
                  "optionalDependencies": {
                    "nowhere": {
                      "specifier": "1.x"
                    }
                  }
                }
              },
              "packages": {
                "@esbuild/darwin-arm64@0.20.2": {
                  "resolved": "@esbuild/darwin-arm64/-/darwin-arm64-0.20.2.tgz",
                  "integrity": "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
                  "dev": true,
                  "optional": true,
                  "os": [
                    "darwin"
                  ],
                  "cpu": [
                    "arm64"
                  ],
                  "libc": [
                    "glibc"
                  ]
                },
                "bundled@1.0.0": {
                  "devOptional": true,
                  "peer": true,
                  "bundled": true
                },
                "esbuild@0.20.2": {
                  "resolved": "https://mirror.example/esbuild-0.20.2.tgz",
                  "integrity": "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
                  "dev": true,
                  "optionalDependencies": {
                    "@esbuild/darwin-arm64": "@esbuild/darwin-arm64@0.20.2"
                  },
                  "bin": {
                    "esbuild": "bin/esbuild"
                  },
                  "hasInstallScript": true
                },
                "react-dom@18.2.0(react@18.2.0)": {
                  "resolved": "react-dom/-/react-dom-18.2.0.tgz",
                  "integrity": "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
                  "peerDependencies": {
                    "react": "react@18.2.0"
                  },
                  "deprecated": "use \\"react-dom\\" 19"
                },
                "react@18.2.0": {
                  "resolved": "react/-/react-18.2.0.tgz",
                  "integrity": "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
                  "engines": {
                    "node": ">=0.10.0"
                  }
                }
              }
            }

            """
        #expect(text == expected)
    }

    @Test func insertionOrderDoesNotChangeTheBytes() throws {
        let lockfile = try Self.sample()
        var rebuilt = Lockfile()
        for (key, package) in lockfile.packages.sorted(by: { $0.key > $1.key }) { rebuilt.packages[key] = package }
        rebuilt.importers = lockfile.importers
        #expect(LockfileSerializer.serialize(rebuilt) == LockfileSerializer.serialize(lockfile))
    }

    @Test func tarballsUnderTheRegistryAreRelative() {
        #expect(LockfileTarball(tarballURL: "https://r.example/npm/a/-/a-1.0.0.tgz", registry: "https://r.example/npm") == .registryPath("a/-/a-1.0.0.tgz"))
        #expect(LockfileTarball(tarballURL: "https://r.example/npm-other/a.tgz", registry: "https://r.example/npm/") == .url("https://r.example/npm-other/a.tgz"))
        #expect(LockfileTarball.registryPath("a/-/a-1.0.0.tgz").url(registry: "http://127.0.0.1:4873") == "http://127.0.0.1:4873/a/-/a-1.0.0.tgz")
        #expect(LockfileTarball(lockfileText: "https://x.example/a.tgz") == .url("https://x.example/a.tgz"))
    }

    @Test(arguments: [
        ("left-pad@1.3.0", "left-pad", "1.3.0", ""),
        ("@scope/name@1.0.0-beta.1", "@scope/name", "1.0.0-beta.1", ""),
        ("react-dom@18.2.0(react@18.2.0)(scheduler@0.23.0)", "react-dom", "18.2.0", "(react@18.2.0)(scheduler@0.23.0)"),
    ])
    func parsesPackageKeys(text: String, name: String, version: String, suffix: String) throws {
        let key = try LockfilePackageKey(text)
        #expect(key.name == name && key.version == version && key.suffix == suffix)
        #expect(key.description == text)
        #expect(key.semanticVersion?.description == version)
    }

    @Test(arguments: ["", "left-pad", "@scope/name", "a@", "@1.0.0", "a@1.0.0(b", "a@1.0.0)x(", "a@1.0.0(b)x", "a b@1.0.0", "a@1.0.0@2", "../etc@1.0.0", "@scope/../x@1.0.0", "node_modules@1.0.0", "a@latest", "a@1.0"])
    func rejectsInvalidPackageKeys(text: String) {
        #expect(throws: LockfileError.invalidPackageKey(text)) { try LockfilePackageKey(text) }
    }

    @Test func detectsAStaleImporter() throws {
        let lockfile = try Self.sample()
        #expect(lockfile.isUpToDate(specifiers: [
            .dependencies: ["react": "^18.0.0", "react-dom": "^18.2.0"],
            .devDependencies: ["esbuild": "^0.20.0"],
            .optionalDependencies: ["nowhere": "1.x"],
        ]).isEmpty)
        let mismatches = lockfile.isUpToDate(specifiers: [
            .dependencies: ["react": "^19.0.0", "left-pad": "^1.3.0"],
            .devDependencies: ["esbuild": "^0.20.0"],
            .optionalDependencies: ["nowhere": "1.x"],
        ])
        #expect(mismatches == [
            .added(importer: ".", kind: .dependencies, name: "left-pad", specifier: "^1.3.0"),
            .changed(importer: ".", kind: .dependencies, name: "react", locked: "^18.0.0", manifest: "^19.0.0"),
            .removed(importer: ".", kind: .dependencies, name: "react-dom", specifier: "^18.2.0"),
        ])
        #expect(mismatches.map(\.description) == [
            "`left-pad@^1.3.0` in dependencies of `.` is not in the lockfile",
            "`react` in dependencies of `.` is `^19.0.0`, but the lockfile has `^18.0.0`",
            "`react-dom@^18.2.0` is locked in dependencies of `.` but no longer declared",
        ])
        #expect(lockfile.isUpToDate(importer: "packages/a", specifiers: [.dependencies: ["x": "1"]]) == [.missingImporter(path: "packages/a")])
    }

    @Test func comparesWithANormalisedManifest() throws {
        let lockfile = try Self.sample()
        // `nowhere` is listed twice; npm's normalisation keeps it only as optional.
        let manifest = try PackageManifest(parsing: Array(#"""
            {"name": "app", "dependencies": {"react": "^18.0.0", "react-dom": "^18.2.0", "nowhere": "1.x"},
             "devDependencies": {"esbuild": "^0.20.0"}, "optionalDependencies": {"nowhere": "1.x"}}
            """#.utf8))
        #expect(lockfile.isUpToDate(with: manifest).isEmpty)
        let changed = try PackageManifest(parsing: Array(#"{"name": "app", "dependencies": {"react": "^18.0.0"}}"#.utf8))
        #expect(lockfile.isUpToDate(with: changed).map(\.description) == [
            "`react-dom@^18.2.0` is locked in dependencies of `.` but no longer declared",
            "`esbuild@^0.20.0` is locked in devDependencies of `.` but no longer declared",
            "`nowhere@1.x` is locked in optionalDependencies of `.` but no longer declared",
        ])
        #expect(LockfileDependencyKind(DependencyKind.dev) == .devDependencies)
    }

    @Test func movingADependencyBetweenKindsIsStale() throws {
        let lockfile = try Self.sample()
        let mismatches = lockfile.isUpToDate(specifiers: [
            .dependencies: ["react": "^18.0.0", "react-dom": "^18.2.0", "esbuild": "^0.20.0"],
            .optionalDependencies: ["nowhere": "1.x"],
        ])
        #expect(mismatches.count == 2)
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/lockfile")

    @Test(arguments: [
        ("merge-conflict.lock", "ELOCKFILE", "`merge-conflict.lock` is not valid JSON"),
        ("missing-version.lock", "ELOCKFILE", "`missing-version.lock` has no valid `lockfileVersion`"),
        ("version-as-string.lock", "ELOCKFILE", "`version-as-string.lock` has no valid `lockfileVersion`"),
        ("newer-version.lock", "ELOCKFILEVERSION", "`newer-version.lock` has lockfileVersion 99, which this pkg cannot read"),
        ("duplicate-key.lock", "ELOCKFILE", "`duplicate-key.lock` is not valid JSON"),
        ("dangling-edge.lock", "ELOCKFILE", "`dangling-edge.lock`: `a@1.0.0` depends on `b` as `b@2.0.0`, which is not in the lockfile"),
        ("invalid-key.lock", "ELOCKFILE", "`a` is not a valid lockfile package key"),
        ("integrity-not-string.lock", "ELOCKFILE", #"`integrity-not-string.lock` has an invalid value at `packages["a@1.0.0"].integrity`"#),
        ("integrity-unparsable.lock", "ELOCKFILE", #"`integrity-unparsable.lock` has an invalid value at `packages["a@1.0.0"].integrity`"#),
        ("os-not-strings.lock", "ELOCKFILE", #"`os-not-strings.lock` has an invalid value at `packages["a@1.0.0"].os[1]`"#),
        ("not-an-object.lock", "ELOCKFILE", "`not-an-object.lock` has an invalid value at `(root)`"),
        ("deep-nesting.lock", "ELOCKFILE", "`deep-nesting.lock` is not valid JSON"),
        ("edge-name-traversal.lock", "ELOCKFILE", #"`edge-name-traversal.lock` has an invalid value at `packages["a@1.0.0"].dependencies["../evil"]`"#),
        ("bin-name-traversal.lock", "ELOCKFILE", #"`bin-name-traversal.lock` has an invalid value at `packages["a@1.0.0"].bin["../../evil"]`"#),
        ("bin-target-traversal.lock", "ELOCKFILE", #"`bin-target-traversal.lock` has an invalid value at `packages["a@1.0.0"].bin.a`"#),
        ("importer-name-traversal.lock", "ELOCKFILE", #"`importer-name-traversal.lock` has an invalid value at `importers["."].dependencies["../x"]`"#),
        ("importer-without-specifier.lock", "ELOCKFILE", #"`importer-without-specifier.lock` has an invalid value at `importers["."].dependencies.a.specifier`"#),
    ])
    func rejectsHostileInput(file: String, code: String, message: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        do {
            _ = try LockfileParser.parse(bytes, file: file)
            Issue.record("\(file) parsed")
        } catch {
            #expect(error.code == code)
            #expect(error.message == message)
            #expect(error.hint != nil)
        }
    }
}
