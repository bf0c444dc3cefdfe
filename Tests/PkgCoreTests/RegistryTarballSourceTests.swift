import Foundation
import PkgArchive
import PkgModel
import PkgRegistryClient
import PkgTestSupport
import Testing
@testable import PkgCore

/// Tarballs streamed from a real HTTP server on loopback into the safe extractor.
@Suite(.enabled(if: PythonLoopbackServer.isAvailable, "python3 is needed for the loopback server"))
struct RegistryTarballSourceTests {
    /// Serves `GET /big.tgz`: 8 MiB that are not gzip, in 64 KiB writes, so the download is still
    /// running when the extractor refuses the first bytes.
    private static let script = #"""
import http.server, socketserver, sys, threading
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(128 * 65536))
        self.end_headers()
        try:
            for _ in range(128):
                self.wfile.write(b"x" * 65536)
        except (BrokenPipeError, ConnectionResetError):
            pass
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
server = Server(("127.0.0.1", 0), Handler)
print("PORT %d" % server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
"""#

    @Test func aTarballRefusedMidDownloadReportsTheExtractorsError() async throws {
        let directory = TestDirectory()
        let scriptPath = directory.path + "/server.py"
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let server = try PythonLoopbackServer(scriptPath: scriptPath)
        let layer: [String: IniValue] = ["registry": .string(server.baseURL + "/"), "fetch-retries": .string("0")]
        let client = RegistryClient(configuration: NpmConfiguration(layers: [.cli: layer], home: directory.path))
        let store = Store(cacheDirectory: directory.path + "/cache")
        let staging = try store.makeStagingArea()
        defer { staging.discard() }
        // Before the fix the download's own CancellationError ("error CancellationError()") hid why.
        await #expect(throws: ArchiveError.notGzip) {
            _ = try await RegistryTarballSource(client: client).fetchTarball(
                url: server.baseURL + "/big.tgz", packageName: "big", label: "big@1.0.0", expectedIntegrity: nil, into: staging)
        }
    }
}
