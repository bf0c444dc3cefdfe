internal import CCurl
import Foundation
import Synchronization

/// What one finished attempt produced, as the transfer thread saw it.
struct TransferOutcome: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
}

/// One attempt of one request: the easy handle, its callbacks and the buffers they fill.
///
/// After `CurlEngine.submit` everything but `cancellationRequested` is touched only on the engine
/// thread; the continuation is resumed exactly once, there, which is also what publishes
/// `deliveredBytes` back to the awaiting task.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let configuration: HTTPClient.Configuration
    let onChunk: (@Sendable (Data) throws -> Void)?
    private let cancellationRequested = Mutex(false)

    var continuation: CheckedContinuation<TransferOutcome, any Error>?
    var handle: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private(set) var headers = HTTPHeaders()
    private(set) var body = Data()
    /// Whether body bytes go to `onChunk`; decided at the first body byte, once the status is known.
    private var streaming: Bool?
    /// Body bytes handed to `onChunk`; once non-zero the attempt can no longer be retried transparently.
    private(set) var deliveredBytes = 0
    /// An error thrown by `onChunk`, which aborted the transfer and is what the caller gets.
    private(set) var callbackError: (any Error)?

    init(request: HTTPRequest, configuration: HTTPClient.Configuration, onChunk: (@Sendable (Data) throws -> Void)?) {
        self.request = request
        self.configuration = configuration
        self.onChunk = onChunk
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        releaseHandle()
        errorBuffer.deallocate()
    }

    var isCancelled: Bool { cancellationRequested.withLock { $0 } }

    func markCancelled() {
        cancellationRequested.withLock { $0 = true }
    }

    /// Creates and configures the easy handle.
    /// - Throws: `HTTPError.invalidRequest` for a URL that is not absolute `http`/`https`.
    func makeHandle() throws(HTTPError) -> UnsafeMutableRawPointer {
        let lowercasedURL = request.url.lowercased()
        guard lowercasedURL.hasPrefix("http://") || lowercasedURL.hasPrefix("https://") else {
            throw .invalidRequest(method: request.method, url: request.redactedURL, reason: "only absolute `http` and `https` URLs are supported")
        }
        guard let handle = pkg_curl_easy_init() else {
            throw .transport(kind: .other, method: request.method, url: request.redactedURL, reason: "libcurl could not create a transfer")
        }
        self.handle = handle
        configure(handle)
        return handle
    }

    func releaseHandle() {
        if let handle {
            pkg_curl_easy_cleanup(handle)
            self.handle = nil
        }
        if let headerList {
            pkg_curl_slist_free_all(headerList)
            self.headerList = nil
        }
    }

    private func configure(_ handle: UnsafeMutableRawPointer) {
        let userData = Unmanaged.passUnretained(self).toOpaque()
        setString(handle, CURLOPT_URL, request.url)
        setLong(handle, CURLOPT_NOSIGNAL, 1)
        setString(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        setString(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        // An empty string asks for every encoding libcurl can decode (gzip, deflate, br) and decodes it.
        setString(handle, CURLOPT_ACCEPT_ENCODING, "")
        setLong(handle, CURLOPT_FOLLOWLOCATION, 1)
        setLong(handle, CURLOPT_MAXREDIRS, configuration.maximumRedirects)
        setLong(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.wholeMilliseconds)
        if let timeout = request.timeout ?? configuration.timeout {
            setLong(handle, CURLOPT_TIMEOUT_MS, max(1, timeout.wholeMilliseconds))
        }
        // Wait for an HTTP/2 connection to multiplex on instead of opening a parallel one.
        setLong(handle, CURLOPT_PIPEWAIT, 1)
        setLong(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        setLong(handle, CURLOPT_TCP_KEEPALIVE, 1)
        setLong(handle, CURLOPT_SSL_VERIFYPEER, configuration.strictSSL ? 1 : 0)
        setLong(handle, CURLOPT_SSL_VERIFYHOST, configuration.strictSSL ? 2 : 0)
        if !configuration.certificateAuthorities.isEmpty {
            let pem = configuration.certificateAuthorities.joined(separator: "\n")
            pem.utf8CString.withUnsafeBufferPointer { buffer in
                _ = pkg_curl_easy_setopt_blob(handle, CURLOPT_CAINFO_BLOB, buffer.baseAddress, buffer.count - 1)
            }
        } else if let file = configuration.certificateAuthorityFile {
            setString(handle, CURLOPT_CAINFO, file)
        }
        if !request.headers.contains("User-Agent") {
            setString(handle, CURLOPT_USERAGENT, configuration.userAgent)
        }

        var list: UnsafeMutablePointer<curl_slist>?
        for field in request.headers {
            // `Name;` is curl's spelling for a header with an empty value; `Name:` would remove it.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            list = pkg_curl_slist_append(list, line)
        }
        // Send bodies at once; waiting for `100 Continue` costs a round trip per publish.
        list = pkg_curl_slist_append(list, "Expect:")
        headerList = list
        _ = pkg_curl_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))

        switch request.method {
        case .get where request.body == nil:
            setLong(handle, CURLOPT_HTTPGET, 1)
        case .head:
            setLong(handle, CURLOPT_NOBODY, 1)
        default:
            if let body = request.body {
                _ = pkg_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                body.withUnsafeBytes { bytes in
                    // COPYPOSTFIELDS copies, so the body need not outlive this call; an empty body still needs a pointer.
                    let pointer = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                    if let pointer {
                        _ = pkg_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: pointer))
                    } else {
                        setString(handle, CURLOPT_COPYPOSTFIELDS, "")
                    }
                }
            }
            if request.method != .post || request.body == nil {
                setString(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            }
        }

        _ = pkg_curl_easy_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback)
        _ = pkg_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, userData)
        _ = pkg_curl_easy_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback)
        _ = pkg_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, userData)
        _ = pkg_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
    }

    private func setLong(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) {
        _ = pkg_curl_easy_setopt_long(handle, option, value)
    }

    private func setString(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: String) {
        _ = value.withCString { pkg_curl_easy_setopt_string(handle, option, $0) }
    }

    // MARK: Callbacks (engine thread)

    fileprivate func receiveHeader(_ line: String) {
        if line.hasPrefix("HTTP/") {
            // A new status line: an interim `100` or a redirect came first; keep only the final headers.
            headers = HTTPHeaders()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[line.startIndex..<colon]).trimmingCharactersWhitespace()
        let value = String(line[line.index(after: colon)...]).trimmingCharactersWhitespace()
        guard !name.isEmpty else { return }
        headers.add(name: name, value: value)
    }

    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if streaming == nil {
            streaming = onChunk != nil && (200..<300).contains(currentStatus())
        }
        guard streaming == true, let onChunk else {
            body.append(contentsOf: bytes)
            return true
        }
        do {
            try onChunk(Data(bytes))
            deliveredBytes += bytes.count
            return true
        } catch {
            callbackError = error
            return false
        }
    }

    func currentStatus() -> Int {
        guard let handle else { return 0 }
        var status = 0
        _ = pkg_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }

    func connectionsOpened() -> Int {
        guard let handle else { return 0 }
        var count = 0
        _ = pkg_curl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &count)
        return count
    }

    var bytesReceived: Int { body.count + deliveredBytes }

    /// curl's own message for the failure, with any credential from the URL scrubbed out.
    func failureReason(_ code: CURLcode) -> String {
        let buffered = String(cString: errorBuffer)
        let reason = buffered.isEmpty ? String(cString: pkg_curl_easy_strerror(code)) : buffered
        return URLRedaction.scrub(reason, secrets: URLRedaction.secrets(in: request.url))
    }

    func transportError(_ code: CURLcode) -> HTTPError {
        let reason = failureReason(code)
        let kind: TransportErrorKind
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .invalidRequest(method: request.method, url: request.redactedURL, reason: reason)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            kind = .hostNotFound
        case CURLE_COULDNT_CONNECT:
            kind = .connectionRefused
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timedOut
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            kind = .certificate
        case CURLE_TOO_MANY_REDIRECTS:
            kind = .tooManyRedirects
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            kind = .connectionReset
        default:
            kind = .other
        }
        return .transport(kind: kind, method: request.method, url: request.redactedURL, reason: reason)
    }
}

private let curlWriteCallback: pkg_curl_write_callback = { pointer, size, count, userData in
    guard let userData else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    let length = size * count
    guard length > 0, let pointer else { return length }
    return transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
}

private let curlHeaderCallback: pkg_curl_write_callback = { pointer, size, count, userData in
    guard let userData else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    let length = size * count
    guard length > 0, let pointer else { return length }
    let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    transfer.receiveHeader(line)
    return length
}
