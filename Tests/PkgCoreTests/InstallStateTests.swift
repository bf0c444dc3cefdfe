import Foundation
import Testing
@testable import PkgCore

@Suite struct InstallStateTests {
    /// The no-op check reads the state file with PkgModel's JSON reader; it must read exactly what
    /// `InstallState.save` (JSONEncoder) wrote.
    @Test func theOutlineReadsWhatSaveWrote() throws {
        let directory = TestDirectory()
        let nodeModules = directory.path + "/node_modules"
        try FileManager.default.createDirectory(atPath: nodeModules, withIntermediateDirectories: true)
        let inputs = InstallInputs(
            manifest: FileStamp(size: 120, modified: 1_764_995_000_123_456_789, hash: "sha256-abc/+="),
            lockfile: FileStamp(size: 9, modified: -1, hash: nil),
            settings: "omit=;platform=linux-x64-glibc"
        )
        let state = InstallState(
            fingerprint: "f",
            packages: ["node_modules/a": InstalledPackage(id: "a@1.0.0", integrity: "sha512-x"),
                       "node_modules/a/node_modules/@s/b": InstalledPackage(id: "@s/b@2.0.0", integrity: "sha512-y")],
            binLinks: ["node_modules/.bin/a"], inputs: inputs
        )
        try state.save(nodeModules: nodeModules)
        let outline = try #require(InstallStateOutline.load(nodeModules: nodeModules))
        #expect(outline.inputs == inputs)
        #expect(Set(outline.folders) == Set(state.packages.keys))
        #expect(outline.binLinks == state.binLinks)

        var withoutInputs = state
        withoutInputs.inputs = nil
        try withoutInputs.save(nodeModules: nodeModules)
        #expect(InstallStateOutline.load(nodeModules: nodeModules)?.inputs == nil)

        for broken in ["", "{}", #"{"formatVersion":2,"packages":{},"binLinks":[]}"#, #"{"formatVersion":1,"packages":{},"binLinks":[1]}"#,
                       #"{"formatVersion":1,"packages":{},"binLinks":[],"inputs":{"settings":""}}"#] {
            directory.write("node_modules/.pkg-state.json", broken)
            #expect(InstallStateOutline.load(nodeModules: nodeModules) == nil, "\(broken)")
        }
    }
}
