// The registry's log: StreamLogHandler's line format, but lines are gathered in memory and written
// to stderr in batches by one background thread.
//
// The registry logs every request. `StreamLogHandler` formats a local timestamp with `strftime`
// and issues one `write(2)` per line while holding stderr's lock, on the event loop that served the
// request: with it, pkg-registry answered 16-18k GETs/s under wrk on the 2-core benchmark machine,
// with the log level at `warning` 26-29k. Here a line costs a buffer append; the writer thread
// wakes every 100 ms (or at 64 KiB) and writes everything gathered in one call. Warnings and errors
// are written at once, with everything before them, so a crash right after a problem still shows
// it. At most the last 100 ms of `info` lines can be lost if the process is killed.
// Only Foundation here, no Glibc: in the static-stdlib release build, using Glibc's time
// functions in this module made its other `stat` users fail member-import checks.
import Foundation
import Logging
import Synchronization

/// Where `BufferedLogHandler`s send their lines: one buffer and one writer thread per process.
final class LogSink: @unchecked Sendable {
    /// The process's sink, writing to standard error.
    static let standardError = LogSink(output: .standardError)

    private struct State {
        var pending: [UInt8] = []
        var timestampSecond = -1
        var timestamp = ""
    }

    private let output: FileHandle
    /// Its own lock: formatting the once-a-second timestamp never waits behind a batch write.
    private let formatter: Mutex<DateFormatter>
    private let state = Mutex(State())
    /// Serialises writes, so batches never interleave.
    private let writing = Mutex(())
    /// Wakes the writer early when a batch is full.
    private let wake = NSCondition()
    private static let batchBytes = 64 << 10

    init(output: FileHandle) {
        self.output = output
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
        self.formatter = Mutex(formatter)
        let thread = Thread { [self] in
            while true {
                wake.lock()
                _ = wake.wait(until: Date(timeIntervalSinceNow: 0.1))
                wake.unlock()
                flush()
            }
        }
        thread.name = "pkg-registry log"
        thread.start()
    }

    /// Queues a line (without its newline); `urgent` writes it and everything before it now.
    func append(_ line: String, urgent: Bool) {
        let size = state.withLock { state -> Int in
            state.pending.append(contentsOf: line.utf8)
            state.pending.append(UInt8(ascii: "\n"))
            return state.pending.count
        }
        if urgent {
            flush()
        } else if size >= Self.batchBytes {
            wake.lock()
            wake.signal()
            wake.unlock()
        }
    }

    /// Writes everything queued so far.
    func flush() {
        writing.withLock { _ in
            let batch = state.withLock { state -> [UInt8] in
                defer { state.pending.removeAll(keepingCapacity: true) }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            // A log that cannot be written (stderr closed) must not take the registry down.
            try? output.write(contentsOf: batch)
        }
    }

    /// `2026-11-26T02:15:03+0000`, as StreamLogHandler prints it, formatted once per second.
    func timestamp() -> String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970.rounded(.down))
        if let cached = state.withLock({ $0.timestampSecond == second ? $0.timestamp : nil }) { return cached }
        let text = formatter.withLock { $0.string(from: Date(timeIntervalSince1970: Double(second))) }
        state.withLock { state in
            state.timestampSecond = second
            state.timestamp = text
        }
        return text
    }
}

/// A `LogHandler` writing StreamLogHandler's format through a `LogSink`.
struct BufferedLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    /// Rendered once when set, not once per line.
    var metadata: Logger.Metadata = [:] {
        didSet { renderedMetadata = Self.render(metadata) }
    }
    var metadataProvider: Logger.MetadataProvider?
    private var renderedMetadata = ""
    private let label: String
    private let sink: LogSink

    init(label: String, sink: LogSink = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    /// Where lines may be written without this handler (`AccessLog`), when it adds nothing to them
    /// but the timestamp, level and label: no metadata of its own and no provider.
    var directSink: (sink: LogSink, label: String)? {
        metadata.isEmpty && metadataProvider == nil ? (sink, label) : nil
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var rendered = renderedMetadata
        let provided = metadataProvider?.get() ?? [:]
        if metadata.isEmpty, provided.isEmpty, let only = event.metadata, only.count == 1, let (key, value) = only.first {
            // The access log's one `hb.request.id`: nothing to merge or sort.
            rendered = " \(key)=\(value)"
        } else if !provided.isEmpty || event.metadata?.isEmpty == false {
            var merged = metadata
            merged.merge(provided) { _, new in new }
            merged.merge(event.metadata ?? [:]) { _, new in new }
            rendered = Self.render(merged)
        }
        sink.append("\(sink.timestamp()) \(event.level) \(label) :\(rendered) \(event.message)", urgent: event.level >= .warning)
    }

    /// ` key=value key=value`, keys sorted; empty without metadata.
    private static func render(_ metadata: Logger.Metadata) -> String {
        metadata.isEmpty ? "" : " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
