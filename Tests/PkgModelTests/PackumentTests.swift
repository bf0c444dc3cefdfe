import PkgModel
import Testing

@Suite struct PackumentTests {
    static let full = #"""
        {"_id":"left-pad","_rev":"12-abc","name":"left-pad","description":"pad","dist-tags":{"latest":"1.3.0","beta":"2.0.0-beta.1"},
        "versions":{
          "1.2.0":{"name":"left-pad","version":"1.2.0","_id":"left-pad@1.2.0","main":"index.js","scripts":{"test":"tap"},
            "dist":{"tarball":"https://registry.npmjs.org/left-pad/-/left-pad-1.2.0.tgz","shasum":"a9993e364706816aba3e25717850c26c9cd0d89d"},
            "_npmUser":"stevemao <steve@example.com>"},
          "1.3.0":{"name":"left-pad","version":"1.3.0","_id":"left-pad@1.3.0","funding":"https://x.example","bin":"cli.js",
            "dependencies":{"a":"^1.0.0","bad":5},"optionalDependencies":{"o":"1"},"peerDependencies":{"p":"*"},
            "peerDependenciesMeta":{"p":{"optional":true}},"os":"linux","cpu":["x64"],"engines":{"node":">=4"},
            "scripts":{"postinstall":"node build.js"},"deprecated":"use String.prototype.padStart()",
            "dist":{"tarball":"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz","integrity":"sha512-Yb==","shasum":"a9993e364706816aba3e25717850c26c9cd0d89d",
              "fileCount":4,"unpackedSize":1234,"signatures":[{"keyid":"SHA256:k","sig":"MEUC"}],"attestations":{"url":"u"}},
            "_npmUser":{"name":"stevemao","email":"steve@example.com"}},
          "2.0.0-beta.1":{"name":"left-pad","version":"2.0.0-beta.1","dist":{"tarball":"t","integrity":"sha512-Zz=="}}
        },
        "time":{"created":"2014-03-05T00:00:00.000Z","modified":"2018-04-09T00:00:00.000Z","1.2.0":"2016-01-01T00:00:00.000Z","1.3.0":"2018-04-09T00:00:00.000Z"},
        "maintainers":[{"name":"stevemao","email":"steve@example.com"},"camwest <cam@example.com>"],
        "readme":"# left-pad","users":{"someone":true}}
        """#

    static func packument() throws -> Packument { try Packument(parsing: Array(full.utf8)) }

    @Test func readsTypedFields() throws {
        let packument = try Self.packument()
        #expect(packument.name == "left-pad")
        #expect(packument.revision == "12-abc")
        #expect(packument.distTags == ["latest": "1.3.0", "beta": "2.0.0-beta.1"])
        #expect(packument.versions == ["1.2.0", "1.3.0", "2.0.0-beta.1"])
        #expect(packument.modified == "2018-04-09T00:00:00.000Z")
        #expect(packument.maintainers == [RegistryPerson(name: "stevemao", email: "steve@example.com"), RegistryPerson(name: "camwest", email: "cam@example.com")])

        let manifest = try #require(packument.manifest(for: "1.3.0"))
        #expect(manifest.dependencies == ["a": "^1.0.0"])
        #expect(manifest.optionalDependencies == ["o": "1"])
        #expect(manifest.optionalPeers == ["p"])
        #expect(manifest.bin == ["left-pad": "cli.js"])
        #expect(manifest.os == ["linux"] && manifest.cpu == ["x64"] && manifest.engines == ["node": ">=4"])
        #expect(manifest.hasInstallScript)
        #expect(manifest.deprecated == "use String.prototype.padStart()")
        #expect(manifest.npmUser == RegistryPerson(name: "stevemao", email: "steve@example.com"))
        #expect(manifest.dist.tarball == "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz")
        #expect(manifest.dist.fileCount == 4 && manifest.dist.unpackedSize == 1234)
        #expect(manifest.dist.signatures == [RegistrySignature(keyID: "SHA256:k", signature: "MEUC")])
        #expect(manifest.dist.integrity?.description == "sha512-Yb==")
        // Pre-SRI documents verify with their shasum.
        #expect(packument.manifest(for: "1.2.0")?.dist.integrity?.description == "sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
        #expect(packument.manifest(for: "1.2.0")?.npmUser?.name == "stevemao")
        #expect(packument.manifest(for: "9.9.9") == nil)
    }

    @Test func abbreviatedKeepsExactlyTheInstallFields() throws {
        let abbreviated = try Self.packument().abbreviated()
        #expect(abbreviated.object.keys == ["name", "modified", "dist-tags", "versions"])
        #expect(JSONValue.object(abbreviated.object["versions"]?["1.3.0"]?.objectValue ?? [:]).serializedString() == #"""
            {"name":"left-pad","version":"1.3.0","deprecated":"use String.prototype.padStart()","dependencies":{"a":"^1.0.0","bad":5},"optionalDependencies":{"o":"1"},"peerDependencies":{"p":"*"},"peerDependenciesMeta":{"p":{"optional":true}},"bin":"cli.js","engines":{"node":">=4"},"os":"linux","cpu":["x64"],"hasInstallScript":true,"dist":{"tarball":"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz","integrity":"sha512-Yb==","shasum":"a9993e364706816aba3e25717850c26c9cd0d89d","fileCount":4,"unpackedSize":1234,"signatures":[{"keyid":"SHA256:k","sig":"MEUC"}],"attestations":{"url":"u"}}}
            """#)
        #expect(abbreviated.manifest(for: "1.2.0")?.object.keys == ["name", "version", "dist"])
        #expect(abbreviated.latest == "1.3.0")
    }

    @Test func mutationsKeepUnmodelledFieldsInPlace() throws {
        var packument = try Self.packument()
        packument.setDistTag("next", to: "2.0.0-beta.1")
        packument.deprecate(version: "1.3.0", message: "")
        packument.setVersion(VersionManifest(object: ["name": "left-pad", "version": "1.4.0", "dist": ["tarball": "t"]]), time: "2020-01-01T00:00:00.000Z")
        packument.setDistTag("latest", to: "1.4.0")
        #expect(packument.object.keys == ["_id", "_rev", "name", "description", "dist-tags", "versions", "time", "maintainers", "readme", "users"])
        #expect(packument.manifest(for: "1.3.0")?.deprecated == nil)
        #expect(packument.manifest(for: "1.3.0")?.object["funding"] == "https://x.example")
        #expect(packument.time["1.4.0"] == "2020-01-01T00:00:00.000Z" && packument.modified == "2020-01-01T00:00:00.000Z")
        #expect(packument.time["created"] == "2014-03-05T00:00:00.000Z")
        #expect(packument.distTags == ["latest": "1.4.0", "beta": "2.0.0-beta.1", "next": "2.0.0-beta.1"])
        packument.deprecate(version: "1.2.0", message: "old")
        #expect(packument.manifest(for: "1.2.0")?.deprecated == "old")
        packument.removeDistTag("next")
        #expect(packument.distTags["next"] == nil)
    }

    @Test func removingLatestMovesItToTheHighestRemainingVersion() throws {
        var packument = try Self.packument()
        packument.removeVersion("1.3.0", time: "2021-01-01T00:00:00.000Z", areInIncreasingOrder: Self.naiveSemverOrder)
        #expect(packument.versions == ["1.2.0", "2.0.0-beta.1"])
        // npm sorts with compareLoose, prereleases included.
        #expect(packument.latest == "2.0.0-beta.1")
        #expect(packument.time["1.3.0"] != nil, "the publish time stays so the version is never reused")
        packument.removeVersion("2.0.0-beta.1", areInIncreasingOrder: Self.naiveSemverOrder)
        #expect(packument.distTags == ["latest": "1.2.0"])
    }

    @Test func distributionSettersWriteNpmsFieldNames() {
        var dist = VersionDistribution(object: ["attestations": ["url": "u"]])
        dist.tarball = "https://r.example/a/-/a-1.0.0.tgz"
        dist.integrityText = "sha512-x"
        dist.shasum = "a9993e364706816aba3e25717850c26c9cd0d89d"
        dist.fileCount = 3
        dist.unpackedSize = 10
        dist.signatures = [RegistrySignature(keyID: "k", signature: "s")]
        #expect(JSONValue.object(dist.object).serializedString() == #"{"attestations":{"url":"u"},"tarball":"https://r.example/a/-/a-1.0.0.tgz","integrity":"sha512-x","shasum":"a9993e364706816aba3e25717850c26c9cd0d89d","fileCount":3,"unpackedSize":10,"signatures":[{"keyid":"k","sig":"s"}]}"#)
        dist.signatures = []
        dist.integrityText = nil
        #expect(dist.object["signatures"] == nil && dist.object["integrity"] == nil)
        // An unparsable integrity falls back to the shasum rather than to nothing.
        dist.integrityText = "garbage"
        #expect(dist.integrity?.description == "sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
    }

    @Test func readsPeopleInBothForms() {
        #expect(RegistryPerson(json: "Jane Doe <jane@example.com> (https://jane.example)") == RegistryPerson(name: "Jane Doe", email: "jane@example.com"))
        #expect(RegistryPerson(json: "jane (https://jane.example)") == RegistryPerson(name: "jane"))
        #expect(RegistryPerson(json: ["email": "x"]) == nil)
        #expect(RegistryPerson(json: 5) == nil)
        #expect(RegistryPerson(name: "a", email: "b").json == ["name": "a", "email": "b"])
    }

    @Test func removingLatestUsesSemverOrder() throws {
        var packument = try Self.packument()
        packument.setVersion(VersionManifest(object: ["name": "left-pad", "version": "1.10.0"]), time: nil)
        packument.removeVersion("1.3.0")
        #expect(packument.latest == "2.0.0-beta.1", "compareLoose puts 2.0.0-beta.1 above 1.10.0")
        packument.removeVersion("2.0.0-beta.1")
        #expect(packument.latest == "1.10.0", "1.10.0 sorts above 1.2.0 numerically, not as text")
    }

    @Test func newPackumentsHaveNpmsShape() {
        let packument = Packument(name: "@scope/pkg")
        #expect(JSONValue.object(packument.object).serializedString() == #"{"_id":"@scope/pkg","name":"@scope/pkg","dist-tags":{},"versions":{},"time":{}}"#)
    }

    @Test(arguments: [
        (#"[]"#, "the packument has an invalid `(root)`"),
        (#"{"versions":{}}"#, "the packument has an invalid `name`"),
        (#"{"name":"a","versions":[]}"#, "the packument has an invalid `versions`"),
        (#"{"name":"a","versions":{"1.0.0":"x"}}"#, "the packument has an invalid `versions.1.0.0`"),
        (#"{"name":"a","dist-tags":"latest"}"#, "the packument has an invalid `dist-tags`"),
        (#"{"name":"a""#, "the packument is not valid JSON"),
    ])
    func rejectsMalformedPackuments(text: String, message: String) {
        do {
            _ = try Packument(parsing: Array(text.utf8))
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.message == message)
        }
    }

    /// Enough ordering for these fixtures; the real ordering is the semver module's.
    static func naiveSemverOrder(_ lhs: String, _ rhs: String) -> Bool {
        let order = ["1.2.0", "1.3.0", "1.4.0", "2.0.0-beta.1"]
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}
