import PkgArchive
import Testing

@Suite struct ArchiveLibraryTests {
    @Test func linksAgainstLibarchive() {
        #expect(ArchiveLibrary.versionDetails.hasPrefix("libarchive 3."))
    }
}
