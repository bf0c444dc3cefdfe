extension HTTPClient {
    /// Client-wide settings, mirroring the npm config keys that govern fetching.
    ///
    /// PkgRegistryClient fills this from `.npmrc`; PkgHTTP itself never reads configuration files.
    public struct Configuration: Sendable, Hashable {
        /// Total time for one attempt (`fetch-timeout`, npm's default 5 minutes); `nil` waits forever.
        public var timeout: Duration?
        /// Time allowed to establish a connection.
        public var connectTimeout: Duration
        /// `fetch-retries` and friends.
        public var retryPolicy: RetryPolicy
        /// `strict-ssl`: verify the server's certificate and host name.
        public var strictSSL: Bool
        /// `ca`: PEM certificates that replace the system trust store when non-empty.
        public var certificateAuthorities: [String]
        /// `cafile`: a PEM file that replaces the system trust store.
        public var certificateAuthorityFile: String?
        /// Connections kept open to one host (npm's `maxsockets` default is 15).
        public var maximumConnectionsPerHost: Int
        /// Redirects followed before failing.
        public var maximumRedirects: Int
        /// Sent as `User-Agent` unless a request sets its own.
        public var userAgent: String

        public init(
            timeout: Duration? = .seconds(300),
            connectTimeout: Duration = .seconds(30),
            retryPolicy: RetryPolicy = RetryPolicy(),
            strictSSL: Bool = true,
            certificateAuthorities: [String] = [],
            certificateAuthorityFile: String? = nil,
            maximumConnectionsPerHost: Int = 15,
            maximumRedirects: Int = 10,
            userAgent: String = "pkg/0.1.0"
        ) {
            self.timeout = timeout
            self.connectTimeout = connectTimeout
            self.retryPolicy = retryPolicy
            self.strictSSL = strictSSL
            self.certificateAuthorities = certificateAuthorities
            self.certificateAuthorityFile = certificateAuthorityFile
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.maximumRedirects = maximumRedirects
            self.userAgent = userAgent
        }
    }

    /// Counters over the client's lifetime, for progress output, benchmarks and tests.
    public struct Statistics: Sendable, Hashable {
        /// Attempts handed to libcurl; `started - transfers` are in flight now.
        public var started: Int = 0
        /// Transfers that completed (any status), counting each retry attempt.
        public var transfers: Int = 0
        /// New TCP connections opened; far fewer than `transfers` means keep-alive works.
        public var connectionsOpened: Int = 0
        /// Body bytes received after content decoding.
        public var bytesReceived: Int = 0
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a tiny positive timeout never becomes curl's "no timeout" 0.
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(Int(clamping: milliseconds), 0)
    }
}
