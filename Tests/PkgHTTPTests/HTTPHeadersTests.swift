import PkgHTTP
import Testing

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCase() {
        var headers: HTTPHeaders = ["ETag": "\"v1\"", "Set-Cookie": "a=1"]
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["etag"] == "\"v1\"")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        headers["Set-Cookie"] = "c=3"
        #expect(headers.values(for: "set-cookie") == ["c=3"])
        headers["ETAG"] = nil
        #expect(!headers.contains("etag"))
    }
}
