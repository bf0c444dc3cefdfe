import Foundation
import PkgRegistryClient
import Testing

@Suite struct RegistryCredentialsTests {
    let configuration = NpmConfiguration(layers: [
        .user: [
            "registry": .string("https://r.example/npm/"),
            "//r.example/npm/:_authToken": .string("npm-token"),
            "//other.example/:_auth": .string("YWxpY2U6cHc="),
            "//basic.example/deep/:username": .string("bob"),
            "//basic.example/deep/:_password": .string(Data("hunter2".utf8).base64EncodedString()),
            "//both.example/:_authToken": .string("wins"),
            "//both.example/:_auth": .string("loses"),
        ],
    ])

    @Test func tokenOnlyForItsHostAndPath() {
        #expect(configuration.credentials(for: "https://r.example/npm/left-pad") == .token("npm-token"))
        #expect(configuration.credentials(for: "https://r.example/npm/left-pad")?.authorizationHeader == "Bearer npm-token")
        #expect(configuration.credentials(for: "https://evil.example/npm/left-pad") == nil)
        #expect(configuration.credentials(for: "https://r.example.evil/npm/x") == nil)
        #expect(configuration.credentials(for: "http://r.example:8080/npm/x") == nil)
    }

    @Test func sameHostOutsideThePathBorrowsTheRegistryCredentials() {
        // A tarball URL on the registry's host but outside its path, as npm-registry-fetch allows.
        #expect(configuration.credentials(for: "https://r.example/tarballs/x.tgz") == .token("npm-token"))
        #expect(configuration.credentials(for: "https://r.example/tarballs/x.tgz", registry: "https://elsewhere.example/") == nil)
    }

    @Test func basicForms() {
        #expect(configuration.credentials(for: "https://other.example/pkg")?.authorizationHeader == "Basic YWxpY2U6cHc=")
        let expected = Data("bob:hunter2".utf8).base64EncodedString()
        #expect(configuration.credentials(for: "https://basic.example/deep/pkg") == .basic(expected))
        #expect(configuration.credentials(for: "https://basic.example/pkg") == nil)
    }

    @Test func tokenBeatsAuth() {
        #expect(configuration.credentials(for: "https://both.example/x") == .token("wins"))
    }
}
