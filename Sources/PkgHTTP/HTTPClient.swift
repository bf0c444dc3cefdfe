import Foundation
import Synchronization

/// Runs many HTTP requests at once over kept-alive connections, with timeouts and npm's retries.
///
/// One client owns one libcurl multi handle and one I/O thread; share a single client across the
/// whole install so every request reuses its connection pool. Thread-safe: call it from any task.
///
/// Retries (`RetryPolicy`) repeat an attempt after a connection failure or a 408/420/429/5xx
/// status, waiting as `Retry-After` asks; a streamed request is retried only while no body byte
/// has been handed to the caller. Any final status is returned as a response, not thrown.
public final class HTTPClient: Sendable {
    public let configuration: Configuration
    /// Created by the first request: loading libcurl, its global setup (TLS libraries) and the I/O
    /// thread cost milliseconds that a run needing no request (a no-op install) should not pay.
    private let engineSlot = Mutex<CurlEngine?>(nil)

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    deinit {
        engineSlot.withLock { $0?.stop() }
    }

    private func engine(for request: HTTPRequest) throws(HTTPError) -> CurlEngine {
        if let reason = HTTPLibrary.loadFailure {
            throw .libraryUnavailable(method: request.method, url: request.redactedURL, reason: reason)
        }
        return engineSlot.withLock { slot in
            if let engine = slot { return engine }
            let engine = CurlEngine(maximumConnectionsPerHost: configuration.maximumConnectionsPerHost)
            slot = engine
            return engine
        }
    }

    /// Counters since the client was created.
    public var statistics: Statistics { engineSlot.withLock { $0?.statistics } ?? Statistics() }

    /// Sends `request` and buffers the whole (decoded) body.
    /// - Throws: `HTTPError` when no response arrived after the retries; `CancellationError`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await perform(request, onChunk: nil)
    }

    /// Sends `request` and hands a 2xx body to `onChunk` as it arrives, so a tarball can be hashed
    /// and extracted while it downloads instead of being held in memory.
    ///
    /// `onChunk` runs on the client's I/O thread: keep it short (hash, append, hand off) because
    /// every other transfer waits while it runs. Throwing from it aborts the transfer and the error
    /// is rethrown here. A non-2xx body is buffered into the returned response instead.
    /// - Throws: `HTTPError`, `CancellationError`, or the error `onChunk` threw.
    public func stream(
        _ request: HTTPRequest,
        onChunk: @escaping @Sendable (Data) throws -> Void
    ) async throws -> HTTPResponse {
        try await perform(request, onChunk: onChunk)
    }

    /// The body of a 2xx response as an asynchronous sequence of chunks, for callers that process
    /// bytes in their own task; chunks are buffered without limit while the consumer is slow.
    /// The sequence throws `HTTPError.status` when the final status is not 2xx.
    public func chunks(_ request: HTTPRequest) -> AsyncThrowingStream<Data, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await self.stream(request) { continuation.yield($0) }
                    try response.requireSuccess()
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func perform(
        _ request: HTTPRequest,
        onChunk: (@Sendable (Data) throws -> Void)?
    ) async throws -> HTTPResponse {
        let policy = configuration.retryPolicy
        let retries = request.retries ?? policy.retries
        var attempt = 0
        let engine = try engine(for: request)
        while true {
            try Task.checkCancellation()
            let transfer = CurlTransfer(request: request, configuration: configuration, onChunk: onChunk)
            let outcome: TransferOutcome
            do {
                outcome = try await engine.run(transfer)
            } catch let error as HTTPError where error.isRetryable && attempt < retries && transfer.deliveredBytes == 0 {
                try await Task.sleep(for: policy.delay(beforeRetry: attempt))
                attempt += 1
                continue
            }
            if RetryPolicy.isRetryable(status: outcome.status), attempt < retries, transfer.deliveredBytes == 0 {
                let retryAfter = RetryPolicy.parseRetryAfter(
                    outcome.headers["Retry-After"],
                    now: Date().timeIntervalSince1970
                )
                try await Task.sleep(for: policy.delay(beforeRetry: attempt, retryAfter: retryAfter))
                attempt += 1
                continue
            }
            return HTTPResponse(
                status: outcome.status,
                headers: outcome.headers,
                body: outcome.body,
                method: request.method,
                url: request.url,
                attempts: attempt + 1
            )
        }
    }
}
