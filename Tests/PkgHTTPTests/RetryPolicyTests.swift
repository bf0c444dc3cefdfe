import PkgHTTP
import Testing

@Suite struct RetryPolicyTests {
    @Test func npmDefaultsBackOffTenfoldUpToAMinute() {
        let policy = RetryPolicy()
        #expect(policy.retries == 2)
        #expect(policy.delay(beforeRetry: 0) == .seconds(10))
        #expect(policy.delay(beforeRetry: 1) == .seconds(60))
        #expect(policy.delay(beforeRetry: 5) == .seconds(60))
    }

    @Test func retryAfterWinsButIsCapped() {
        let policy = RetryPolicy(maximumDelay: .seconds(30))
        #expect(policy.delay(beforeRetry: 0, retryAfter: .seconds(3)) == .seconds(3))
        #expect(policy.delay(beforeRetry: 0, retryAfter: .seconds(300)) == .seconds(30))
    }

    @Test(arguments: [(408, true), (420, true), (429, true), (500, true), (503, true), (404, false), (304, false), (200, false)])
    func retryableStatuses(status: Int, retryable: Bool) {
        #expect(RetryPolicy.isRetryable(status: status) == retryable)
    }
}
