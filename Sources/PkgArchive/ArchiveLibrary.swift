// PkgArchive is the one Swift owner of libarchive (and of the zlib it links): inspection of
// publish tarballs (TarballReader), safe extraction for installs (SafeExtractor) and npm-identical
// packing (TarballPacker). No libarchive or zlib type leaves this module; it imports only CArchive
// (internally), PkgModel and Foundation, never PkgHTTP, the resolver or the server. Rules: docs/tarballs.md.
internal import CArchive
import PkgModel

/// Facts about the libarchive this binary is linked against.
public enum ArchiveLibrary {
    /// The libarchive version string, such as `libarchive 3.6.2 zlib/1.2.13`.
    public static var versionDetails: String { String(cString: archive_version_details()) }
}
