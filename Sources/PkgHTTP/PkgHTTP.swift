// PkgHTTP is the one Swift owner of libcurl: concurrent transfers over kept-alive connections,
// timeouts, retries and errors with credentials redacted. No libcurl type leaves this module.
internal import CCurl
import PkgModel

/// Facts about the libcurl this binary is linked against.
public enum HTTPLibrary {
    /// The libcurl version string, such as `libcurl/7.88.1 OpenSSL/3.0.17 zlib/1.2.13`.
    public static var versionDetails: String { String(cString: curl_version()) }
}
