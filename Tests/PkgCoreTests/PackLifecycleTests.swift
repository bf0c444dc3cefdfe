import Foundation
@testable import PkgCore
import Testing

@Suite("PackLifecycle")
struct PackLifecycleTests {
    static let manifest = #"{"name":"lc","version":"1.0.0","scripts":{"prepack":"echo prepack >> log","prepare":"echo prepare >> log","postpack":"echo postpack $npm_package_integrity >> log","prepublishOnly":"echo prepublishOnly >> log","publish":"echo publish >> log","postpublish":"echo postpublish >> log","prepublish":"echo never >> log","preprepare":"echo never >> log"}}"#

    @Test("publish runs npm's events in npm's order, each only its own script")
    func order() throws {
        let directory = TestDirectory()
        directory.write("package.json", Self.manifest)
        let lifecycle = PackLifecycle(directory: directory.path, ignoreScripts: false, command: "publish")
        var banners: [String] = []
        try lifecycle.run(PackLifecycle.beforePublish + PackLifecycle.beforePack) { banners.append($0) }
        try lifecycle.run(PackLifecycle.afterPack, extraEnvironment: ["npm_package_integrity": "sha512-x"]) { banners.append($0) }
        try lifecycle.run(PackLifecycle.afterPublish) { banners.append($0) }
        #expect(directory.read("log") == "prepublishOnly\nprepack\nprepare\npostpack sha512-x\npublish\npostpublish\n")
        #expect(banners.first == "\n> lc@1.0.0 prepublishOnly\n> echo prepublishOnly >> log\n")
    }

    @Test("--ignore-scripts runs nothing; a failing script is ELIFECYCLE")
    func ignoreAndFailure() throws {
        let directory = TestDirectory()
        directory.write("package.json", Self.manifest)
        try PackLifecycle(directory: directory.path, ignoreScripts: true, command: "pack").run(PackLifecycle.beforePack) { _ in }
        #expect(directory.read("log") == nil)
        directory.write("package.json", #"{"name":"lc","version":"1.0.0","scripts":{"prepack":"exit 7"}}"#)
        #expect(throws: PublishError.scriptFailed(event: "prepack", status: 7)) {
            try PackLifecycle(directory: directory.path, ignoreScripts: false, command: "pack").run(PackLifecycle.beforePack) { _ in }
        }
    }
}
