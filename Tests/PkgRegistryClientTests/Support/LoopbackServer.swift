import Foundation
import PkgTestSupport

/// This target's loopback server: a script from its `Fixtures/` folder.
typealias LoopbackServer = PythonLoopbackServer

extension PythonLoopbackServer {
    /// Starts `Fixtures/<script>` of this test target.
    convenience init(script: String = "registry_test_server.py") throws {
        let fixture = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(script)
        try self.init(scriptPath: fixture.path, arguments: [])
    }
}
