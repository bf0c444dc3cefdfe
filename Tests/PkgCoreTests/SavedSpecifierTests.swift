import Testing
@testable import PkgCore

/// What `pkg add` writes to package.json, as npm 10's reify saves it (checked against the real npm
/// by `EditCommandsEndToEndTests`).
@Suite struct SavedSpecifierTests {
    @Test(arguments: [
        // A range saves `^chosen` when that is a subset of it, else the range as typed.
        ("peer@^1.0.0", "1.5.0", false, "^1.5.0"),
        ("x@1", "1.4.0", false, "^1.4.0"),
        ("x@>=1.0.0", "2.0.0", false, "^2.0.0"),
        ("x@~1.0", "1.0.4", false, "~1.0"),
        ("x@1.2.x", "1.2.3", false, "1.2.x"),
        ("x@*", "3.0.0", false, "^3.0.0"),
        ("x@^1.0.0", "1.5.0", true, "1.5.0"),
        // An exact version saves its `^` range, as npm does.
        ("dep@1.0.0", "1.0.0", false, "^1.0.0"),
        ("dep@1.0.0", "1.0.0", true, "1.0.0"),
        // Aliases save `npm:name@` and the same choice.
        ("old@npm:dep@^1.0.0", "1.1.0", false, "npm:dep@^1.1.0"),
        ("old@npm:dep@~1.0", "1.0.2", false, "npm:dep@~1.0"),
        ("old@npm:@s/dep@1.0.0", "1.0.0", false, "npm:@s/dep@^1.0.0"),
        ("old@npm:dep@beta", "2.0.0-beta.1", false, "npm:dep@^2.0.0-beta.1"),
        ("old@npm:dep", "2.0.0", true, "npm:dep@2.0.0"),
        ("x@next", "2.0.0", false, "^2.0.0"),
    ])
    func savedLikeNpm(argument: String, chosen: String, exact: Bool, saved: String) throws {
        #expect(try DependencyRequest(parsing: argument).savedSpecifier(chosenVersion: chosen, exact: exact) == saved)
    }
}
