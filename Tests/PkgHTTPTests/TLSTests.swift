import Foundation
import PkgTestSupport
import PkgHTTP
import PkgModel
import Testing

/// A self-signed certificate made with `openssl` for this run (no key is committed).
struct SelfSignedCertificate {
    static let openssl: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    let directory: String
    var certificate: String { directory + "/certificate.pem" }
    var key: String { directory + "/key.pem" }

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let openssl = try await ChildProcess.run(try #require(Self.openssl), [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", directory + "/key.pem", "-out", directory + "/certificate.pem", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        try #require(openssl.status == 0, "\(openssl.stderr)")
    }
}

@Suite(
    .enabled(if: LoopbackServer.isAvailable, "python3 is needed for the loopback test server"),
    .enabled(if: SelfSignedCertificate.openssl != nil, "openssl is needed to make a test certificate")
)
struct TLSTests {
    let certificate: SelfSignedCertificate
    let server: LoopbackServer

    init() async throws {
        certificate = try await SelfSignedCertificate()
        server = try LoopbackServer(arguments: ["--tls", certificate.certificate, certificate.key])
    }

    func request() -> HTTPRequest {
        HTTPRequest(url: server.secureBaseURL + "/ok", retries: 0)
    }

    @Test func strictSSLRefusesAnUnknownCertificate() async throws {
        let client = HTTPClient()
        do {
            _ = try await client.send(request())
            Issue.record("expected a certificate failure")
        } catch let error as HTTPError {
            #expect(error.code == "ESSL")
            #expect(error.hint?.contains("cafile") == true)
        }
    }

    @Test func caTrustsTheCertificate() async throws {
        let pem = try String(contentsOfFile: certificate.certificate, encoding: .utf8)
        let client = HTTPClient(configuration: .init(certificateAuthorities: [pem]))
        let response = try await client.send(request())
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
    }

    @Test func cafileTrustsTheCertificate() async throws {
        let client = HTTPClient(configuration: .init(certificateAuthorityFile: certificate.certificate))
        #expect(try await client.send(request()).status == 200)
    }

    @Test func strictSSLOffAcceptsAnyCertificate() async throws {
        let client = HTTPClient(configuration: .init(strictSSL: false))
        #expect(try await client.send(request()).status == 200)
    }
}
