// Tarballs from the registry, streamed: each chunk is hashed and fed to the safe extractor as it
// arrives (the extractor runs on its own thread, since libarchive pulls and blocks), so a tarball
// is read once and never written to disk whole.
import Foundation
import PkgArchive
import PkgModel
import PkgRegistryClient
import Synchronization

/// Downloads and extracts tarballs, verifying integrity while streaming.
package struct RegistryTarballSource: TarballSource {
    package let client: RegistryClient
    private let received = ByteCounter()

    package init(client: RegistryClient) {
        self.client = client
    }

    /// Compressed bytes received by this source (every copy of it shares the count).
    package var bytesReceived: Int { received.value.withLock { $0 } }

    package func fetchTarball(
        url: String, packageName: String, label: String, expectedIntegrity: String?, into staging: StagingArea
    ) async throws -> FetchedTarball {
        let expected = try expectedIntegrity.map { text throws(IntegrityError) in try Integrity(text) }
        let channel = TarballChunkChannel()
        let destination = staging.directory
        async let extracted = Self.extract(channel: channel, destination: destination, expected: expected)
        do {
            let received = self.received
            try await client.downloadTarball(from: url, packageName: packageName) { chunk in
                received.value.withLock { $0 += chunk.count }
                if !channel.send(chunk) { throw ExtractorStopped() }
            }
            channel.finish()
        } catch is ExtractorStopped {
            // The extractor refused the tarball mid-download (or could not start): its error says why.
            _ = try await extracted
            throw CancellationError()
        } catch {
            channel.fail(error)
            _ = try? await extracted
            throw error
        }
        let (actual, files) = try await extracted
        guard let expected else { return FetchedTarball(integrity: actual.description, files: files) }
        guard expected.matches(actual) else {
            throw InstallError.integrityMismatch(package: label, expected: expected.description, actual: actual.description)
        }
        return FetchedTarball(integrity: expected.description, files: files)
    }

    /// Runs the extractor on a thread of `BlockingThreadPool.extraction` (it blocks while it waits
    /// for chunks), hashing the compressed bytes it reads and each file it writes (the store's
    /// index, without reading the files back), into the store's flat layout.
    private static func extract(
        channel: TarballChunkChannel, destination: String, expected: Integrity?
    ) async throws -> (Integrity, [StoreFile]) {
        try await BlockingThreadPool.extraction.value {
            var hasher = IntegrityHasher(algorithms: expected?.strongest?.knownAlgorithm.map { [$0] } ?? [.sha512])
            do {
                var source = channel
                let summary = try SafeExtractor(fileDigest: FileHasher.algorithm, layout: .flat).extract(from: &source, into: destination) { bytes in
                    hasher.update(bytes)
                }
                let files = summary.files.map { StoreFile(path: $0.path, size: Int($0.size), mode: $0.mode, digest: $0.digest, storedName: $0.storedName ?? "") }
                return (hasher.finalize(), files)
            } catch {
                channel.close()
                throw error
            }
        }
    }
}

/// The download stopped because the extractor closed the channel after an error of its own.
private struct ExtractorStopped: Error {}

/// A byte count shared by copies of a source.
private final class ByteCounter: Sendable {
    let value = Mutex(0)
}
