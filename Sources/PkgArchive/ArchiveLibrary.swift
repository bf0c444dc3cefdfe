// PkgArchive is the one Swift owner of libarchive (and of the zlib it links): inspection of
// publish tarballs (TarballReader), safe extraction for installs (SafeExtractor) and npm-identical
// packing (TarballPacker). No libarchive or zlib type leaves this module; it imports only CArchive
// (internally), PkgModel and Foundation, never PkgHTTP, the resolver or the server. Rules: docs/tarballs.md.
internal import CArchive
import PkgModel

/// Facts about the libarchive this binary uses.
///
/// libarchive is not linked: the first tarball read opens it (CArchive's `ArchiveLibrary.c` says
/// why), so a missing library is an `ArchiveError` on that read, not a failure to start.
public enum ArchiveLibrary {
    /// The libarchive version string, such as `libarchive 3.6.2 zlib/1.2.13`, or why it could not be loaded.
    public static var versionDetails: String {
        if let loadFailure { return "libarchive unavailable: \(loadFailure)" }
        return String(cString: pkg_archive_version_details())
    }

    /// Loads libarchive if it is not yet; every use of a `pkg_archive_*` function comes after this.
    /// - Throws: `ArchiveError.libraryUnavailable` when the shared library cannot be opened.
    static func load() throws(ArchiveError) {
        if let loadFailure { throw .libraryUnavailable(reason: loadFailure) }
    }

    /// Why libarchive could not be loaded; `nil` once it is ready. Loaded on first access, once.
    private static let loadFailure: String? = pkg_archive_load().map { String(cString: $0) }
}
