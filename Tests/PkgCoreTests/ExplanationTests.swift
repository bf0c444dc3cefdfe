import Foundation
@testable import PkgCore
import PkgModel
import Testing

@Suite("Explanation")
struct ExplanationTests {
    @Test("every copy with its chains back to the root, dev and peer edges named")
    func chains() throws {
        let (directory, app) = InspectFixture.write()
        _ = directory
        let tree = try InstalledTree.load(projectDirectory: app)
        #expect(Explanation.text(try Explanation.explain(["c"], in: tree)) == """
            alias@1.0.0
            node_modules/alias
              alias@"npm:c@^1.0.0" from the root project

            c@1.2.0
            node_modules/c
              c@"^1.0.0" from a@1.0.0
              node_modules/a
                a@"^1.0.0" from the root project
                peer a@"^1.0.0" from d@1.0.0
                node_modules/d
                  dev d@"^1.0.0" from the root project
              c@"^1.0.0" from d@1.0.0
              node_modules/d
                dev d@"^1.0.0" from the root project

            c@2.0.0
            node_modules/b/node_modules/c
              c@"^2.0.0" from b@1.1.0
              node_modules/b
                b@"^1.0.0" from the root project
                b@"^1.0.0" from a@1.0.0
                node_modules/a
                  a@"^1.0.0" from the root project
                  peer a@"^1.0.0" from d@1.0.0
                  node_modules/d
                    dev d@"^1.0.0" from the root project
            """)
        #expect(Explanation.text(try Explanation.explain(["d", "extra"], in: tree)) == """
            d@1.0.0 dev
            node_modules/d
              dev d@"^1.0.0" from the root project

            extra@1.0.0 extraneous
            node_modules/extra
            """)
    }

    @Test("a dependency cycle ends at the package already on the chain")
    func cycle() throws {
        var files = InspectFixture.files
        files["package.json"] = #"{"name":"app","version":"1.0.0","dependencies":{"x":"^1.0.0"}}"#
        files["node_modules/x/package.json"] = #"{"name":"x","version":"1.0.0","dependencies":{"y":"^1.0.0"}}"#
        files["node_modules/y/package.json"] = #"{"name":"y","version":"1.0.0","dependencies":{"x":"^1.0.0"}}"#
        let (directory, app) = InspectFixture.write(files)
        _ = directory
        let tree = try InstalledTree.load(projectDirectory: app)
        #expect(Explanation.text(try Explanation.explain(["y"], in: tree)) == """
            y@1.0.0
            node_modules/y
              y@"^1.0.0" from x@1.0.0
              node_modules/x
                x@"^1.0.0" from the root project
                x@"^1.0.0" from y@1.0.0
            """)
    }

    @Test("an unknown package is ENOMATCH with npm's message")
    func unknown() throws {
        let (directory, app) = InspectFixture.write()
        _ = directory
        let tree = try InstalledTree.load(projectDirectory: app)
        #expect(throws: InspectError.noMatch(arguments: ["nothere"])) { try Explanation.explain(["nothere"], in: tree) }
        #expect(InspectError.noMatch(arguments: ["nothere"]).message == "No dependencies found matching nothere")
    }

    @Test("prints what npm explain prints", arguments: [
        ["c"], ["a"], ["extra", "wrong"], ["--json", "c"], ["--json", "extra"], ["node_modules/b/node_modules/c"], ["c@2"], ["b", "d"],
    ])
    func matchesNpm(arguments: [String]) async throws {
        guard let npm = NpmCommandOracle.find() else {
            print("skipping: npm is not on PATH")
            return
        }
        let (directory, app) = InspectFixture.write()
        _ = directory
        let json = arguments.contains("--json")
        let names = arguments.filter { $0 != "--json" }
        let explanations = try Explanation.explain(names, in: try InstalledTree.load(projectDirectory: app))
        let ours = (json ? Explanation.json(explanations) : Explanation.text(explanations)) + "\n"
        // npm lists the matches in its inventory's insertion order, which follows the order its
        // concurrent `package.json` reads finish: usually shallowest first, then by location (pkg's
        // fixed order), but not always on a loaded machine. Compare the explanations as a set.
        // Under heavy load (the full suite on 2 cores) npm's answer itself has once differed from
        // its usual one, so it is asked up to three times; pkg's output is computed once and must
        // equal one of them.
        var npmOutputs: [String] = []
        for _ in 0..<3 {
            let expected = try await npm.run(["explain"] + arguments, in: app)
            npmOutputs.append(expected.stdout)
            if try Self.explanationSet(ours, json: json) == Self.explanationSet(expected.stdout, json: json) { break }
        }
        #expect(try Self.explanationSet(ours, json: json) == Self.explanationSet(npmOutputs.last ?? "", json: json),
                "ours:\n\(ours)\nnpm's answers:\n\(npmOutputs.joined(separator: "\n----\n"))")
    }

    /// The explanations of one output, order aside: the blank-line-separated blocks of the text
    /// form, or the elements of the JSON array.
    private static func explanationSet(_ output: String, json: Bool) throws -> [String] {
        guard json else { return output.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .newlines) }.sorted() }
        let elements = try JSONValue(parsing: Array(output.utf8)).arrayValue ?? []
        return elements.map { $0.serialized(.pretty) }.map { String(decoding: $0, as: UTF8.self) }.sorted()
    }
}
