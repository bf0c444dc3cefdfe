// Failed logins are counted per user name and per client address in a fixed window; once a key
// reaches the limit, logins for it are refused with 429 and `Retry-After` until its window ends,
// which makes online password guessing slow without locking out the real user for long.
import Foundation
import PkgModel

/// Counts failed logins and says when to refuse more.
actor LoginRateLimiter {
    private struct Window {
        var start: Date
        var failures: Int
    }

    let maximumFailures: Int
    let window: TimeInterval
    private var windows: [String: Window] = [:]
    private let now: @Sendable () -> Date

    init(maximumFailures: Int = 5, window: TimeInterval = 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.maximumFailures = maximumFailures
        self.window = window
        self.now = now
    }

    /// Seconds until a login for any of `keys` may be tried again, or `nil` when allowed now.
    func retryAfter(keys: [String]) -> Int? {
        let current = now()
        var wait: TimeInterval = 0
        for key in keys {
            guard let entry = windows[key] else { continue }
            let ends = entry.start.addingTimeInterval(window)
            if ends <= current {
                windows[key] = nil
            } else if entry.failures >= maximumFailures {
                wait = max(wait, ends.timeIntervalSince(current))
            }
        }
        return wait > 0 ? max(1, Int(wait.rounded(.up))) : nil
    }

    func recordFailure(keys: [String]) {
        let current = now()
        for key in keys {
            if var entry = windows[key], entry.start.addingTimeInterval(window) > current {
                entry.failures += 1
                windows[key] = entry
            } else {
                windows[key] = Window(start: current, failures: 1)
            }
        }
    }

    func recordSuccess(keys: [String]) {
        for key in keys where key.hasPrefix("user:") { windows[key] = nil }
    }
}
