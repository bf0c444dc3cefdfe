// PkgHTTP is the one Swift owner of libcurl: concurrent transfers over kept-alive connections,
// timeouts, retries and errors with credentials redacted. No libcurl type leaves this module.
internal import CCurl
import PkgModel

/// Facts about the libcurl this binary uses.
///
/// libcurl is not linked: the first request opens it (CCurl's `CurlLibrary.c` says why), so a
/// missing library is an `HTTPError` on that request, not a failure to start.
public enum HTTPLibrary {
    /// The libcurl version string, such as `libcurl/7.88.1 OpenSSL/3.0.17 zlib/1.2.13`, or why it could not be loaded.
    public static var versionDetails: String {
        if let loadFailure { return "libcurl unavailable: \(loadFailure)" }
        return String(cString: pkg_curl_version())
    }

    /// Why libcurl could not be loaded (or `curl_global_init` failed); `nil` once it is ready.
    /// Loaded on first access, once per process.
    static let loadFailure: String? = pkg_curl_load().map { String(cString: $0) }
}
