import Foundation
import PkgHTTP
import PkgModel
import PkgRegistryClient
import PkgTestSupport
import Testing

extension RegistryClientTests {
    /// `--otp` reaches the registry as npm sends it: the `npm-otp` header on each write.
    @Test func oneTimePasswordIsSentAsNpmOtp() async throws {
        let client = client(["//127.0.0.1:\(server.port)/:_authToken": .string("token-alice")], command: "dist-tag")
        try await client.setDistTag("next", of: "@scope/lib", to: "2.0.0", oneTimePassword: "123456")
        let put = try #require(try await seenRequests().last)
        #expect(put.method == "PUT")
        #expect(put.headers["npm-otp"] == "123456")
        #expect(put.headers["npm-command"] == "dist-tag")
        try await client.removeDistTag("next", of: "@scope/lib", oneTimePassword: "654321")
        #expect(try await seenRequests().last?.headers["npm-otp"] == "654321")
        try await client.setDistTag("plain", of: "@scope/lib", to: "2.0.0")
        #expect(try await seenRequests().last?.headers["npm-otp"] == nil)
    }
}
