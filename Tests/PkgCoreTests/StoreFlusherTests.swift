import Testing
@testable import PkgCore

@Suite struct StoreFlusherTests {
    @Test func finishReturnsOnceTheFlushingThreadIsDoneAndCoversLateCommits() async {
        // Nothing committed: no thread, nothing to wait for.
        await StoreFlusher().finish()

        let flusher = StoreFlusher()
        for _ in 0..<3 { flusher.committed() }
        await flusher.finish()
        // Finishing again returns at once; a commit after the thread stopped gets one more sync.
        await flusher.finish()
        flusher.committed()
        await flusher.finish()
    }
}
