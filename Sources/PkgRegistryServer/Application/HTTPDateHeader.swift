// The `Date` header value (RFC 9110's IMF-fixdate), formatted at most once a second. Hummingbird
// adds it to the router's responses; the event loop's fast path adds it from here.
import Foundation
import Synchronization

/// The current time as an HTTP `Date` header value.
final class HTTPDateHeader: Sendable {
    private struct State {
        var second = -1
        var value = ""
    }

    private let formatter: Mutex<DateFormatter>
    private let state = Mutex(State())

    init() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        self.formatter = Mutex(formatter)
    }

    /// `Sun, 06 Dec 2026 05:09:12 GMT` for now.
    var current: String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970)
        if let cached = state.withLock({ $0.second == second ? $0.value : nil }) { return cached }
        let value = formatter.withLock { $0.string(from: Date(timeIntervalSince1970: TimeInterval(second))) }
        state.withLock { $0 = State(second: second, value: value) }
        return value
    }
}
