// The seam between the pipeline and the network: where tarball bytes come from.

/// Downloads a tarball and extracts it, verified, into a staging folder.
///
/// The registry implementation streams the response through the extractor while hashing the
/// compressed bytes, so a tarball is read once; tests supply in-memory packages.
package protocol TarballSource: Sendable {
    /// Fetches `url` for `packageName` (its registry's credentials apply; `label` is
    /// `name@version` for messages) and extracts it, first path component stripped, into the
    /// staging folder: flat into `staging.directory` (`SafeExtractor`'s `flat` layout, files
    /// returned with their stored names) or as a tree into `staging.packageDirectory`.
    ///
    /// - Parameter expectedIntegrity: the SRI the bytes must match; `nil` when nothing is known
    ///   (the computed one is then recorded).
    /// - Returns: the integrity of the bytes received (strongest algorithm of the expected one)
    ///   and, when the source knows them, the files it wrote.
    /// - Throws: `InstallError.integrityMismatch` (EINTEGRITY) when the bytes do not match; any
    ///   other error for download or extraction failures.
    func fetchTarball(
        url: String, packageName: String, label: String, expectedIntegrity: String?, into staging: StagingArea
    ) async throws -> FetchedTarball

    /// Compressed bytes received so far, for the progress display.
    var bytesReceived: Int { get }
}

extension TarballSource {
    /// Compressed bytes received so far, for the progress display; sources that do not count say 0.
    package var bytesReceived: Int { 0 }
}

/// What a `TarballSource` put into a staging folder.
package struct FetchedTarball: Sendable, Hashable {
    /// The SRI of the bytes received.
    package var integrity: String
    /// The regular files written, with their `FileHasher` digests, in any order: with stored
    /// names when extracted flat; `nil` when the source wrote a tree without recording it, and
    /// the store then reads the tree to index it.
    package var files: [StoreFile]?

    package init(integrity: String, files: [StoreFile]? = nil) {
        self.integrity = integrity
        self.files = files
    }
}
