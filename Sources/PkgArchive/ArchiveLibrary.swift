// PkgArchive is the one Swift owner of libarchive: safe extraction of npm tarballs and
// deterministic packing. No libarchive type leaves this module.
internal import CArchive
import PkgModel

/// Facts about the libarchive this binary is linked against.
public enum ArchiveLibrary {
    /// The libarchive version string, such as `libarchive 3.6.2 zlib/1.2.13`.
    public static var versionDetails: String { String(cString: archive_version_details()) }
}
