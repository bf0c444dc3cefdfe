import PkgHTTP
import Testing

@Suite struct URLRedactionTests {
    @Test(arguments: [
        ("https://user:pass@registry.example/", "https://user:***@registry.example/"),
        ("https://npm_abcdef@registry.example/x?y=1", "https://***@registry.example/x?y=1"),
        ("https://registry.example/@scope%2fname", "https://registry.example/@scope%2fname"),
        ("http://u:p@ss@host:8080/a@b", "http://u:***@host:8080/a@b"),
        ("not a url", "not a url"),
    ])
    func redactsUserInfo(url: String, expected: String) {
        #expect(URLRedaction.redact(url) == expected)
    }

    @Test func redactsAuthorizationHeaders() {
        #expect(URLRedaction.redactHeader(name: "Authorization", value: "Bearer npm_secret") == "Bearer ***")
        #expect(URLRedaction.redactHeader(name: "npm-otp", value: "123456") == "***")
        #expect(URLRedaction.redactHeader(name: "Accept", value: "*/*") == "*/*")
    }
}
