import Foundation
import Testing
@testable import PkgCore

@Suite struct InstallStateTests {
    /// The no-op check reads the head of the state file; it must read exactly what
    /// `InstallState.save` wrote, and `load` the whole record.
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
        #expect(InstallState.load(nodeModules: nodeModules) == state)
        var synced = state
        synced.pendingSyncs = ["/cache/store-v2/unsynced/b.1.2.ab"]
        try synced.save(nodeModules: nodeModules)
        #expect(InstallState.load(nodeModules: nodeModules) == synced)
        #expect(InstallStateOutline.load(nodeModules: nodeModules)?.pendingSyncs == synced.pendingSyncs)

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

    /// The check's part comes first, and reading stops after the folder list: the per-folder
    /// records that follow are not parsed (here they are not even JSON).
    @Test func theOutlineStopsAfterTheFolderList() throws {
        let directory = TestDirectory()
        directory.write("node_modules/.pkg-state.json", #"""
        {"formatVersion":1,"binLinks":["node_modules/.bin/a"],"folders":["node_modules/a"],"fingerprint":"f","packages":{not json
        """#)
        let outline = try #require(InstallStateOutline.load(nodeModules: directory.path + "/node_modules"))
        #expect(outline.folders == ["node_modules/a"] && outline.binLinks == ["node_modules/.bin/a"] && outline.inputs == nil)
        #expect(InstallState.load(nodeModules: directory.path + "/node_modules") == nil, "the full record is read and refused")
    }

    /// Files written before the folder list existed (JSONEncoder, sorted keys) are still read.
    @Test func aRecordWithoutTheFolderListIsReadInFull() throws {
        let directory = TestDirectory()
        directory.write("node_modules/.pkg-state.json", #"""
        {
          "binLinks" : ["node_modules/.bin/a"],
          "fingerprint" : "f",
          "formatVersion" : 1,
          "inputs" : {
            "lockfile" : {"modified" : -1, "size" : 9},
            "manifest" : {"hash" : "sha256-abc/+=", "modified" : 1764995000123456789, "size" : 120},
            "settings" : "omit="
          },
          "packages" : {
            "node_modules/a" : {"id" : "a@1.0.0", "integrity" : "sha512-x"}
          },
          "pendingSyncs" : ["/m"]
        }
        """#)
        let outline = try #require(InstallStateOutline.load(nodeModules: directory.path + "/node_modules"))
        #expect(outline.folders == ["node_modules/a"] && outline.pendingSyncs == ["/m"])
        #expect(outline.inputs?.manifest == FileStamp(size: 120, modified: 1_764_995_000_123_456_789, hash: "sha256-abc/+="))
        let state = try #require(InstallState.load(nodeModules: directory.path + "/node_modules"))
        #expect(state.packages == ["node_modules/a": InstalledPackage(id: "a@1.0.0", integrity: "sha512-x")])
        #expect(state.inputs?.lockfile == FileStamp(size: 9, modified: -1, hash: nil) && state.pendingSyncs == ["/m"])
    }
}
