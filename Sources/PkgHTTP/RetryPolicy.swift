import Foundation

/// How often and how patiently a failed request is repeated.
///
/// The defaults are npm's (`fetch-retries=2`, `fetch-retry-factor=10`,
/// `fetch-retry-mintimeout=10000`, `fetch-retry-maxtimeout=60000`): the n-th retry waits
/// `min(minimumDelay * factor^n, maximumDelay)`, or what `Retry-After` asks (capped the same way).
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt; `0` disables retrying.
    public var retries: Int
    public var factor: Double
    public var minimumDelay: Duration
    public var maximumDelay: Duration

    public init(
        retries: Int = 2,
        factor: Double = 10,
        minimumDelay: Duration = .seconds(10),
        maximumDelay: Duration = .seconds(60)
    ) {
        self.retries = max(0, retries)
        self.factor = factor
        self.minimumDelay = minimumDelay
        self.maximumDelay = maximumDelay
    }

    /// npm retries 408 (timeout), 420 and 429 (rate limits) and every 5xx.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 420 || status == 429 || status >= 500
    }

    /// The wait before retry number `retry` (0-based), honouring a server's `Retry-After` when given.
    public func delay(beforeRetry retry: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter {
            return min(max(retryAfter, .zero), maximumDelay)
        }
        let scale = pow(factor, Double(retry))
        let milliseconds = Double(minimumDelay.components.seconds) * 1000
            + Double(minimumDelay.components.attoseconds) / 1e15
        let scaled = milliseconds * scale
        guard scaled.isFinite else { return maximumDelay }
        return min(.milliseconds(Int64(min(scaled, 1e12))), maximumDelay)
    }

    /// Parses `Retry-After` as delta-seconds (`120`) or an HTTP date; `nil` when unparseable.
    static func parseRetryAfter(_ value: String?, now: Double) -> Duration? {
        guard let value = value?.trimmingCharactersWhitespace(), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return .seconds(max(0, seconds)) }
        if let date = HTTPDate.parse(value) { return .milliseconds(Int64(max(0, (date - now) * 1000))) }
        return nil
    }
}

extension String {
    func trimmingCharactersWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
