import Foundation

/// Hands chunks pushed by a download to an extraction that pulls them, across threads.
///
/// libarchive pulls its input, while a download pushes chunks from the HTTP thread. Run the
/// extraction on its own thread (not a cooperative-pool task: `read` blocks) with this channel as
/// its source, and `send` each chunk from the download callback. `send` never blocks, so a slow
/// disk never stalls the HTTP thread that serves other transfers; the queue holds at most what
/// the extraction has not yet read. Call `finish()` when the download ends, or `fail(_:)` when it
/// fails; call `close()` from the extraction side when it stops early, after which `send` returns
/// false so the download can be abandoned.
public final class TarballChunkChannel: TarballByteSource, @unchecked Sendable {
    // All state is guarded by `condition`.
    private let condition = NSCondition()
    private var chunks: [[UInt8]] = []
    private var head = 0
    private var offsetInHead = 0
    private var finished = false
    private var failure: (any Error)?
    private var closed = false

    public init() {}

    /// Queues a chunk for the reader.
    ///
    /// - Returns: false when the reader has closed the channel; stop downloading.
    @discardableResult
    public func send(_ chunk: some Sequence<UInt8>) -> Bool {
        let bytes = Array(chunk)
        condition.lock()
        defer { condition.unlock() }
        if closed { return false }
        if !bytes.isEmpty {
            chunks.append(bytes)
            condition.signal()
        }
        return true
    }

    /// Marks the end of the stream; the reader sees end-of-input once the queue is drained.
    public func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    /// Ends the stream with an error, which the reader throws instead of reading on.
    public func fail(_ error: any Error) {
        condition.lock()
        failure = error
        condition.signal()
        condition.unlock()
    }

    /// Called by the reading side when it stops; later sends are dropped.
    public func close() {
        condition.lock()
        closed = true
        chunks.removeAll()
        head = 0
        condition.unlock()
    }

    /// Blocks until bytes, the end of the stream or a failure arrive.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let failure { throw failure }
            if head < chunks.count {
                let chunk = chunks[head]
                let count = min(buffer.count, chunk.count - offsetInHead)
                chunk.withUnsafeBytes { source in
                    if let destination = buffer.baseAddress, let base = source.baseAddress {
                        destination.copyMemory(from: base + offsetInHead, byteCount: count)
                    }
                }
                offsetInHead += count
                if offsetInHead == chunk.count {
                    chunks[head] = []
                    head += 1
                    offsetInHead = 0
                    if head == chunks.count {
                        chunks.removeAll(keepingCapacity: true)
                        head = 0
                    }
                }
                return count
            }
            if finished || closed { return 0 }
            condition.wait()
        }
    }
}
