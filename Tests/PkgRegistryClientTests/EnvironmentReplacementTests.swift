import PkgRegistryClient
import Testing

@Suite struct EnvironmentReplacementTests {
    @Test(arguments: [
        ("${X}", "value"),
        ("a${X}b", "avalueb"),
        ("\\${X}", "${X}"),
        ("\\\\${X}", "\\value"),
        ("\\\\\\${X}", "\\${X}"),
        ("${UNSET}", "${UNSET}"),
        ("${}", "${}"),
        ("${X", "${X"),
        ("$X", "$X"),
        ("${X}${X}", "valuevalue"),
    ])
    func expands(input: String, expected: String) {
        #expect(EnvironmentReplacement.expand(input, environment: ["X": "value"]) == expected)
    }
}
