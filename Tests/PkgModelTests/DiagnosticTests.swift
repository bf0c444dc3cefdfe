import PkgModel
import Testing

@Suite struct DiagnosticTests {
    struct Sample: Diagnostic {
        var code: String { "EINTEGRITY" }
        var message: String { "tarball for `left-pad@1.3.0` does not match the lockfile" }
        var detail: [String] { ["expected sha512-a, got sha512-b"] }
        var hint: String? { "run `pkg cache verify`, then investigate" }
    }

    struct Bare: Diagnostic {
        var code: String { "E404" }
        var message: String { "`nosuch` is not in this registry" }
    }

    @Test func rendersCodeMessageDetailAndHint() {
        #expect(Sample().rendered() == """
            error EINTEGRITY: tarball for `left-pad@1.3.0` does not match the lockfile
              expected sha512-a, got sha512-b

            hint: run `pkg cache verify`, then investigate
            """)
    }

    @Test func rendersWithoutHintOrDetail() {
        #expect(Bare().rendered(severity: .warning) == "warn E404: `nosuch` is not in this registry")
        #expect(Bare().description == "error E404: `nosuch` is not in this registry")
    }
}
