import Foundation
@testable import PkgCore
import Testing

@Suite("ListReport")
struct ListReportTests {
    static func report(_ options: ListReport.Options) throws -> (ListReport, String, TestDirectory) {
        let (directory, app) = InspectFixture.write()
        return (ListReport(tree: try InstalledTree.load(projectDirectory: app), options: options), app, directory)
    }

    @Test("the default lists the root's dependencies with npm's markers")
    func defaultDepth() throws {
        let (report, app, directory) = try Self.report(.init())
        _ = directory
        #expect(report.text == """
            app@1.0.0 \(app)
            ├── a@1.0.0
            ├── alias@npm:c@1.0.0
            ├── b@1.1.0
            ├── d@1.0.0
            ├── extra@1.0.0 extraneous
            ├── UNMET DEPENDENCY missing@^1.0.0
            ├── UNMET OPTIONAL DEPENDENCY opt@^1.0.0
            └── wrong@1.0.0 invalid: "^2.0.0" from the root project

            """)
        #expect(report.failure == .treeProblems([
            "extraneous: extra@1.0.0 \(app)/node_modules/extra",
            "missing: missing@^1.0.0, required by app@1.0.0",
            "invalid: wrong@1.0.0 \(app)/node_modules/wrong",
        ]))
    }

    @Test("--all expands every folder once and marks later copies deduped")
    func all() throws {
        let (report, app, directory) = try Self.report(.init(all: true))
        _ = directory
        #expect(report.text == """
            app@1.0.0 \(app)
            ├─┬ a@1.0.0
            │ ├── b@1.1.0 deduped
            │ └── c@1.2.0
            ├── alias@npm:c@1.0.0
            ├─┬ b@1.1.0
            │ └── c@2.0.0
            ├─┬ d@1.0.0
            │ ├── a@1.0.0 deduped
            │ └── c@1.2.0 deduped
            ├── extra@1.0.0 extraneous
            ├── UNMET DEPENDENCY missing@^1.0.0
            ├── UNMET OPTIONAL DEPENDENCY opt@^1.0.0
            └── wrong@1.0.0 invalid: "^2.0.0" from the root project

            """)
    }

    @Test("a name filter keeps the chains to matching packages; no match prints (empty)")
    func filters() throws {
        let (report, app, directory) = try Self.report(.init(filters: ["c"]))
        _ = directory
        #expect(report.text == """
            app@1.0.0 \(app)
            ├─┬ a@1.0.0
            │ └── c@1.2.0
            ├─┬ b@1.1.0
            │ └── c@2.0.0
            └─┬ d@1.0.0
              └── c@1.2.0 deduped

            """)
        #expect(report.failure == nil)
        #expect(!report.filterMatchedNothing)
        let (none, _, other) = try Self.report(.init(filters: ["zzz"]))
        _ = other
        #expect(none.text.hasSuffix("\n└── (empty)\n"))
        #expect(none.filterMatchedNothing)
    }

    /// The same node_modules through the real `npm ls`: whole stdout and exit status.
    @Test("prints what npm ls prints", arguments: [
        [String](), ["--all"], ["--json"], ["--all", "--json"], ["--parseable"], ["--all", "--parseable"], ["c"], ["zzz"],
        ["--depth", "1", "--omit", "dev"], ["c@2"], ["--json", "c"],
    ])
    func matchesNpm(arguments: [String]) async throws {
        guard let npm = NpmCommandOracle.find() else {
            print("skipping: npm is not on PATH")
            return
        }
        let (directory, app) = InspectFixture.write()
        _ = directory
        let expected = try await npm.run(["ls"] + arguments, in: app)
        var options = ListReport.Options()
        var json = false, parseable = false
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--all": options.all = true
            case "--json": json = true
            case "--parseable": parseable = true
            case "--depth": index += 1; options.depth = Int(arguments[index])
            case "--omit": index += 1; options.omit.insert(arguments[index])
            default: options.filters.append(arguments[index])
            }
            index += 1
        }
        let report = ListReport(tree: try InstalledTree.load(projectDirectory: app), options: options)
        let output = (json ? report.json : parseable ? report.parseable : report.text) + "\n"
        let failed = report.failure != nil || report.filterMatchedNothing
        // npm redacts UUID-like text (the temporary folder's name) in its error summary.
        let redacted = output.replacingOccurrences(of: "pkgcore-[0-9a-f-]{36}", with: "pkgcore-***", options: .regularExpression)
        let expectedRedacted = expected.stdout.replacingOccurrences(of: "pkgcore-[0-9a-f-]{36}", with: "pkgcore-***", options: .regularExpression)
        #expect(redacted == expectedRedacted)
        #expect(failed == (expected.status != 0))
    }
}
