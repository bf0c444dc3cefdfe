import Foundation
import Testing
@testable import PkgCore

@Suite struct FileOperationsTests {
    @Test func makeDirectoryCreatesMissingParentsAndAcceptsExistingFolders() throws {
        let directory = TestDirectory()
        let deep = directory.path + "/a/b/c/d"
        try FileOperations.makeDirectory(deep)
        #expect(FileOperations.isDirectory(deep))
        try FileOperations.makeDirectory(deep)
        try FileOperations.makeDirectory(directory.path + "/a/b")
        try FileOperations.makeDirectory(directory.path + "/a/b/e")
        #expect(FileOperations.entries(of: directory.path + "/a/b").sorted() == ["c", "e"])
    }

    @Test func makeDirectoryFollowsALinkToAFolderButRefusesAFile() throws {
        let directory = TestDirectory()
        try FileOperations.makeDirectory(directory.path + "/real")
        #expect(symlink(directory.path + "/real", directory.path + "/link") == 0)
        try FileOperations.makeDirectory(directory.path + "/link")
        try FileOperations.makeDirectory(directory.path + "/link/inside")
        #expect(FileOperations.isDirectory(directory.path + "/real/inside"))

        directory.write("file", "x")
        #expect(throws: InstallError.self) { try FileOperations.makeDirectory(directory.path + "/file") }
        #expect(throws: InstallError.self) { try FileOperations.makeDirectory(directory.path + "/file/below") }
    }
}
