import Foundation
import PkgModel
import PkgRegistryClient
import Testing

/// `npm view`'s version selection, field queries and layouts (npm 10's `lib/commands/view.js`).
@Suite struct PackageViewTests {
    static let document = #"""
        {"_id":"demo","_rev":"3-abc","name":"demo","description":"Top","dist-tags":{"latest":"1.1.0","beta":"2.0.0-beta.1"},
         "versions":{
          "1.0.0":{"name":"demo","version":"1.0.0","description":"Demo","license":"MIT","dist":{"tarball":"http://r/demo/-/demo-1.0.0.tgz","shasum":"aa","integrity":"sha512-A","unpackedSize":1234},"_npmUser":{"name":"alice","email":"alice@example.com"}},
          "1.1.0":{"name":"demo","version":"1.1.0","description":"Demo","license":"MIT","homepage":"https://example.com","bin":{"demo":"cli.js"},"dependencies":{"left-pad":"^1.3.0","b":"~2.0.0"},"deprecated":"use 2","dist":{"tarball":"http://r/demo/-/demo-1.1.0.tgz","shasum":"bb","unpackedSize":999},"_npmUser":{"name":"alice","email":"alice@example.com"}},
          "2.0.0-beta.1":{"name":"demo","version":"2.0.0-beta.1","dist":{"tarball":"http://r/demo/-/demo-2.0.0-beta.1.tgz","shasum":"cc"}}
         },
         "time":{"created":"2024-01-01T00:00:00.000Z","1.0.0":"2024-01-01T00:00:00.000Z","1.1.0":"2024-01-02T00:00:00.000Z","2.0.0-beta.1":"2024-01-03T00:00:00.000Z"},
         "maintainers":[{"name":"alice","email":"alice@example.com"},{"name":"bob","email":"bob@example.com"}],
         "keywords":["demo","view"],"readme":"# demo"}
        """#

    static func view(_ spec: String?, _ fields: [String] = [], json: Bool = false) throws -> PackageView {
        let packument = try Packument(parsing: Array(document.utf8))
        let now = try #require(RegistryTimestamp.parse("2024-01-02T00:05:00.000Z"))
        return PackageView(packument: packument, versionSpec: spec, fields: fields, json: json, now: now, unicode: true)
    }

    @Test(arguments: [
        (nil, ["1.1.0"]), ("*", ["1.1.0"]), ("latest", ["1.1.0"]), ("beta", ["2.0.0-beta.1"]),
        ("1", ["1.0.0", "1.1.0"]), ("1.0.0", ["1.0.0"]), (">=1.0.0", ["1.0.0", "1.1.0"]),
    ] as [(String?, [String])])
    func specsSelectVersions(spec: String?, expected: [String]) throws {
        #expect(try Self.view(spec).selectedVersions() == expected)
    }

    @Test func noMatchIsE404() throws {
        #expect(throws: PackageViewError.noMatch(name: "demo", spec: "9")) { try Self.view("9").render() }
    }

    @Test func fieldOutputs() throws {
        #expect(try Self.view(nil, ["version"]).render() == "1.1.0")
        #expect(try Self.view(nil, ["dist-tags.latest"]).render() == "1.1.0")
        #expect(try Self.view(nil, ["versions"]).render() == "[ '1.0.0', '1.1.0', '2.0.0-beta.1' ]")
        #expect(try Self.view(nil, ["dist.tarball"]).render() == "http://r/demo/-/demo-1.1.0.tgz")
        #expect(try Self.view(nil, ["maintainers"]).render() == "[ 'alice <alice@example.com>', 'bob <bob@example.com>' ]")
        #expect(try Self.view(nil, ["maintainers[1]"]).render() == "bob <bob@example.com>")
        #expect(try Self.view(nil, ["maintainers.name"]).render() == "maintainers[0].name = 'alice'\nmaintainers[1].name = 'bob'")
        #expect(try Self.view(nil, ["version", "description"]).render() == "version = '1.1.0'\ndescription = 'Demo'")
        #expect(try Self.view("1", ["version"]).render() == "demo@1.0.0 '1.0.0'\ndemo@1.1.0 '1.1.0'")
        #expect(try Self.view(nil, ["missing"]).render() == nil)
        #expect(try Self.view(nil, ["readme"]).render() == "# demo")
    }

    @Test func jsonOutputs() throws {
        #expect(try Self.view(nil, ["version"], json: true).render() == #""1.1.0""#)
        #expect(try Self.view(nil, ["dist-tags"], json: true).render() == "{\n  \"latest\": \"1.1.0\",\n  \"beta\": \"2.0.0-beta.1\"\n}")
        #expect(try Self.view("1", ["version"], json: true).render() == "[\n  \"1.0.0\",\n  \"1.1.0\"\n]")
        #expect(try Self.view(nil, ["versions"], json: true).render() == "[\n  \"1.0.0\",\n  \"1.1.0\",\n  \"2.0.0-beta.1\"\n]")
        let whole = try #require(try Self.view(nil, json: true).render())
        let object = try JSONValue(parsing: Array(whole.utf8))
        #expect(object["_id"]?.stringValue == "demo")
        #expect(object["version"]?.stringValue == "1.1.0")
        #expect(object["_npmUser"]?.stringValue == "alice <alice@example.com>")
        #expect(object["readme"] == nil)
        #expect(object.objectValue?.keys.prefix(4) == ["_id", "_rev", "name", "description"])
    }

    @Test func summaryMatchesNpmsLayout() throws {
        let expected = """

            demo@1.1.0 | MIT | deps: 2 | versions: 3
            Demo
            https://example.com

            DEPRECATED ⚠️  - use 2

            keywords: demo, view

            bin: demo

            dist
            .tarball: http://r/demo/-/demo-1.1.0.tgz
            .shasum: bb
            .unpackedSize: 999 B

            dependencies:
            b: ~2.0.0
            left-pad: ^1.3.0

            maintainers:
            - alice <alice@example.com>
            - bob <bob@example.com>

            dist-tags:
            beta: 2.0.0-beta.1
            latest: 1.1.0

            published 5 minutes ago by alice <alice@example.com>
            """
        #expect(try Self.view(nil).render() == expected)
    }

    @Test func summaryOfSeveralVersionsAndColumns() throws {
        let text = try #require(try Self.view("1").render())
        #expect(text.components(separatedBy: "\ndemo@").count == 3)
        #expect(text.contains(".integrity: sha512-A\n.unpackedSize: 1.2 kB"))
        var wide = try Self.view(nil)
        wide.terminalWidth = 80
        #expect(try wide.render()?.contains("dist-tags:\nbeta: 2.0.0-beta.1  latest: 1.1.0       \n") == true)
    }

    @Test(arguments: [("a.b[0].c", "7"), ("a.b", "{ c: 7 }"), ("list[1]", "y"), ("list", "[ 'x', 'y' ]"), ("list.length", "list[0].length = undefined\nlist[1].length = undefined")])
    func fieldPaths(field: String, expected: String) throws {
        let manifest: JSONObject = ["name": "x", "version": "1.0.0", "a": ["b": [["c": 7]]], "list": ["x", "y"]]
        let packument = try Packument(object: ["name": "x", "versions": ["1.0.0": .object(manifest)], "dist-tags": ["latest": "1.0.0"]])
        #expect(try PackageView(packument: packument, versionSpec: nil, fields: [field], json: false).render() == expected)
    }

    @Test(arguments: [(10.0, "just now"), (45, "45 seconds ago"), (90, "a minute ago"), (600, "10 minutes ago"), (3700, "an hour ago"), (7300, "2 hours ago"), (86_400.0 * 400, "a year ago"), (86_400.0 * 800, "over a year ago"), (86_400.0 * 40, "a month ago")] as [(Double, String)])
    func relativeDates(secondsAgo: Double, expected: String) {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RelativeDate.describe(now.addingTimeInterval(-secondsAgo), now: now) == expected)
    }
}
