import PkgHTTP
import Testing

@Suite struct HTTPLibraryTests {
    @Test func linksAgainstLibcurl() {
        #expect(HTTPLibrary.versionDetails.hasPrefix("libcurl/"))
    }
}
