internal import CCurl
import Foundation
import Synchronization

/// One curl multi handle driven by one dedicated thread.
///
/// Why a thread and not the cooperative pool: `curl_multi_poll` blocks, and blocking a Swift
/// concurrency thread starves every other task. Requests cross over through a lock-protected inbox
/// and `curl_multi_wakeup`; results come back by resuming each transfer's continuation. The multi
/// handle owns the connection cache, so every transfer reuses kept-alive (or HTTP/2) connections.
final class CurlEngine: @unchecked Sendable {
    private struct Inbox {
        var added: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var stopping = false
        /// Set by the engine thread just before `curl_multi_cleanup`; nothing may wake it after.
        var stopped = false
    }

    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    private let counters = Mutex(HTTPClient.Statistics())
    /// Confined to the engine thread.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    /// - Precondition: libcurl is loaded (`HTTPLibrary.loadFailure` is `nil`).
    init(maximumConnectionsPerHost: Int) {
        guard let multi = pkg_curl_multi_init() else {
            preconditionFailure("libcurl could not create a multi handle (out of memory)")
        }
        self.multi = multi
        _ = pkg_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maximumConnectionsPerHost))
        _ = pkg_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(8, maximumConnectionsPerHost * 4))
        _ = pkg_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in self.runLoop() }
        thread.name = "pkg-http"
        thread.start()
    }

    var statistics: HTTPClient.Statistics { counters.withLock { $0 } }

    /// Runs one attempt to completion (any HTTP status) on the engine thread.
    /// - Throws: `HTTPError` for transport failures, `CancellationError`, or what `onChunk` threw.
    func run(_ transfer: CurlTransfer) async throws -> TransferOutcome {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.continuation = continuation
                submit(transfer)
            }
        } onCancel: {
            transfer.markCancelled()
            inbox.withLock { state in
                guard !state.stopped else { return }
                state.cancelled.append(transfer)
                _ = pkg_curl_multi_wakeup(multi)
            }
        }
    }

    /// Asks the thread to finish: transfers in flight fail with `CancellationError`.
    func stop() {
        inbox.withLock { state in
            guard !state.stopped else { return }
            state.stopping = true
            _ = pkg_curl_multi_wakeup(multi)
        }
    }

    private func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { state -> Bool in
            guard !state.stopping, !state.stopped else { return false }
            state.added.append(transfer)
            _ = pkg_curl_multi_wakeup(multi)
            return true
        }
        if !accepted {
            resume(transfer, with: .failure(CancellationError()))
        }
    }

    // MARK: Engine thread

    private func runLoop() {
        var running: Int32 = 0
        while true {
            let (added, cancelled, stopping) = inbox.withLock { state in
                defer {
                    state.added = []
                    state.cancelled = []
                }
                return (state.added, state.cancelled, state.stopping)
            }
            for transfer in added {
                start(transfer)
            }
            for transfer in cancelled {
                if let handle = transfer.handle, active[handle] != nil {
                    finish(transfer, handle: handle, with: .failure(CancellationError()))
                }
            }
            if stopping { break }
            _ = pkg_curl_multi_perform(multi, &running)
            collectFinishedTransfers()
            _ = pkg_curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for (handle, transfer) in active {
            finish(transfer, handle: handle, with: .failure(CancellationError()))
        }
        let leftovers = inbox.withLock { state in
            state.stopped = true
            defer { state.added = [] }
            return state.added
        }
        for transfer in leftovers {
            resume(transfer, with: .failure(CancellationError()))
        }
        pkg_curl_multi_cleanup(multi)
    }

    private func start(_ transfer: CurlTransfer) {
        guard !transfer.isCancelled else {
            resume(transfer, with: .failure(CancellationError()))
            return
        }
        do {
            let handle = try transfer.makeHandle()
            active[handle] = transfer
            _ = pkg_curl_multi_add_handle(multi, handle)
            counters.withLock { $0.started += 1 }
        } catch {
            transfer.releaseHandle()
            resume(transfer, with: .failure(error))
        }
    }

    private func collectFinishedTransfers() {
        var remaining: Int32 = 0
        while let message = pkg_curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE,
                  let handle = message.pointee.easy_handle,
                  let transfer = active[handle]
            else { continue }
            let code = pkg_curl_message_result(message)
            let result: Result<TransferOutcome, any Error>
            if let callbackError = transfer.callbackError {
                result = .failure(callbackError)
            } else if code != CURLE_OK {
                result = .failure(transfer.transportError(code))
            } else {
                result = .success(TransferOutcome(status: transfer.currentStatus(), headers: transfer.headers, body: transfer.body))
            }
            finish(transfer, handle: handle, with: result)
        }
    }

    private func finish(_ transfer: CurlTransfer, handle: UnsafeMutableRawPointer, with result: Result<TransferOutcome, any Error>) {
        let opened = transfer.connectionsOpened()
        let received = transfer.bytesReceived
        counters.withLock {
            $0.transfers += 1
            $0.connectionsOpened += opened
            $0.bytesReceived += received
        }
        _ = pkg_curl_multi_remove_handle(multi, handle)
        active[handle] = nil
        transfer.releaseHandle()
        resume(transfer, with: result)
    }

    private func resume(_ transfer: CurlTransfer, with result: Result<TransferOutcome, any Error>) {
        guard let continuation = transfer.continuation else { return }
        transfer.continuation = nil
        continuation.resume(with: result)
    }
}
