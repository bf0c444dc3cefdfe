import Foundation
import PkgTestSupport
import Testing

/// Concurrency and crash safety of the file-system storage, through a real child server.
@Suite(.serialized) struct RegistryDurabilityTests {
    static func login(_ server: RegistryProcess, name: String) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["name": name, "password": "durable-password", "email": "\(name)@example.com"])
        let response = try await RegistryTestSupport.request(
            "PUT", server.baseURL + "/-/user/org.couchdb.user:\(name)", body: Array(body))
        guard let token = RegistryTestSupport.json(response.body)?["token"] as? String else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "login failed: \(response.status)"])
        }
        return token
    }

    static func publish(_ server: RegistryProcess, token: String, name: String, version: String, tarball: [UInt8]) async throws -> Int {
        let document = TestPublishDocument.json(name: name, version: version, tarball: tarball)
        let path = name.replacingOccurrences(of: "/", with: "%2f")
        return try await RegistryTestSupport.request("PUT", server.baseURL + "/" + path, token: token, body: document).status
    }

    static func tarball(_ name: String, _ version: String) -> [UInt8] {
        TestTarball.package(name: name, version: version, files: ["index.js": "module.exports = '\(name)@\(version)';\n"])
    }

    @Test func concurrentPublishesAllLand() async throws {
        let root = RegistryTestSupport.temporaryDirectory("concurrency")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let server = try await RegistryProcess.start(dataDirectory: root + "/data", arguments: ["--allow-signup"])
        defer { server.stop() }
        let token = try await Self.login(server, name: "racer")

        let jobs = (0..<50).map { ("contended", "1.\($0).0") } + (0..<50).map { ("independent-\($0)", "1.0.0") }
        let statuses = try await withThrowingTaskGroup(of: Int.self, returning: [Int].self) { group in
            for (name, version) in jobs {
                group.addTask { try await Self.publish(server, token: token, name: name, version: version, tarball: Self.tarball(name, version)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")

        for (name, version) in jobs {
            let packument = try await RegistryTestSupport.request("GET", server.baseURL + "/" + name)
            let versions = RegistryTestSupport.json(packument.body)?["versions"] as? [String: Any]
            #expect(versions?[version] != nil, "\(name)@\(version) missing")
            let download = try await RegistryTestSupport.request("GET", server.baseURL + "/\(name)/-/\(name)-\(version).tgz")
            #expect(download.status == 200)
            #expect(Array(download.body) == Self.tarball(name, version), "\(name)@\(version) bytes differ")
        }
        let contended = try await RegistryTestSupport.request("GET", server.baseURL + "/contended")
        #expect((RegistryTestSupport.json(contended.body)?["versions"] as? [String: Any])?.count == 50)
        #expect(server.stop() == 0)
    }

    @Test func sigkillDuringPublishesLeavesConsistentData() async throws {
        let root = RegistryTestSupport.temporaryDirectory("crash")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        var published = 0
        for round in 0..<3 {
            let server = try await RegistryProcess.start(dataDirectory: data, arguments: ["--allow-signup"])
            let token = try await Self.login(server, name: "crasher")
            // Four writers publish as fast as they can; the server is killed mid-stream. Writers
            // stop through a flag, not cancellation: cancelling URLSession requests deadlocks
            // FoundationNetworking on Linux.
            let stop = StopFlag()
            let writers = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<4 {
                        group.addTask {
                            for index in 0..<1000 {
                                let version = "\(round).\(writer).\(index)"
                                _ = try? await Self.publish(server, token: token, name: "crashy", version: version, tarball: Self.tarball("crashy", version))
                                if stop.isSet { return }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await Task.sleep(for: .milliseconds(400 + round * 250))
            server.kill()
            stop.set()
            _ = try? await writers.value

            // Restart: every listed version is complete, and no temp file survives.
            let restarted = try await RegistryProcess.start(dataDirectory: data)
            let packument = try await RegistryTestSupport.request("GET", restarted.baseURL + "/crashy")
            let versions = (RegistryTestSupport.json(packument.body)?["versions"] as? [String: [String: Any]]) ?? [:]
            #expect(versions.count > published, "round \(round) published nothing before the kill")
            published = versions.count
            for version in versions.keys {
                let download = try await RegistryTestSupport.request("GET", restarted.baseURL + "/crashy/-/crashy-\(version).tgz")
                #expect(download.status == 200, "crashy@\(version) listed without its tarball")
                #expect(Array(download.body) == Self.tarball("crashy", version), "crashy@\(version) bytes differ")
            }
            let temporary = (try? FileManager.default.contentsOfDirectory(atPath: data + "/tmp")) ?? []
            #expect(temporary.isEmpty, "temp files survived a restart: \(temporary)")
            let strays = FileManager.default.enumerator(atPath: data + "/packages-v1")?.compactMap { $0 as? String }.filter { $0.hasSuffix(".tmp") } ?? []
            #expect(strays.isEmpty)
            #expect(restarted.stop() == 0)
        }
    }
}

/// A one-way flag shared between tasks.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
