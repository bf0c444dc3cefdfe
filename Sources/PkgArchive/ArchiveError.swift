#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PkgModel

/// Why a tarball was refused or could not be read, written or packed.
///
/// Every refusal names the entry and the rule it broke, so a publisher can fix the tarball and an
/// installer's user can report it. Codes follow node-tar's where it has one (`TAR_BAD_ARCHIVE`,
/// `TAR_ENTRY_INVALID`, `TAR_ENTRY_UNSUPPORTED`) and errno names for file-system failures.
public enum ArchiveError: Diagnostic, Hashable {
    /// The bytes do not start with the gzip magic number; npm tarballs are always gzip.
    case notGzip
    /// The gzip stream is damaged or ends early.
    case corruptGzip(reason: String)
    /// A second gzip member follows the first; libarchive would read both as one tar, npm installs
    /// the second member's `package.json`, so two readers would see two packages.
    case multipleGzipMembers
    /// Bytes that are not a gzip member follow the end of the gzip stream.
    case trailingDataAfterGzip(byteCount: Int)
    /// The decompressed data is not a readable tar archive.
    case corruptTar(entry: String?, reason: String)
    /// Non-zero bytes follow the tar end-of-archive marker: data no tar reader agrees on.
    case trailingDataAfterTar
    /// An entry's path is absolute, has a `..` component, a backslash, or is not UTF-8.
    case unsafePath(entry: String, rule: PathRule)
    /// A published tarball must keep every entry under `package/`.
    case outsidePackageFolder(entry: String)
    /// A symbolic or hard link; refused on publish, and on install when it points outside the package.
    case link(entry: String, target: String, kind: LinkKind, escapes: Bool)
    /// A device file, FIFO or socket: never extracted, never published.
    case specialFile(entry: String, kind: String)
    /// The same path appears twice in a published tarball.
    case duplicateEntry(entry: String)
    /// Two members that are, ignoring case, `package/package.json`: readers would disagree on the manifest.
    case caseCollidingPackageJSON(entry: String, existing: String)
    /// A published tarball has no `package/package.json`.
    case missingPackageJSON
    /// Sparse tar entries have holes npm never writes; refused rather than guessed at.
    case sparseEntry(entry: String)
    /// A limit against decompression bombs was exceeded.
    case limitExceeded(entry: String?, limit: Limit, value: Int64, maximum: Int64)
    /// Extraction found something in the way, such as a file where a folder must go.
    case pathCollision(entry: String, reason: String)
    /// A system call failed while reading a source or writing the destination.
    case fileSystem(path: String, operation: String, errno: Int32)
    /// The libarchive shared library could not be opened (`reason` is the loader's message).
    case libraryUnavailable(reason: String)

    /// The path rule an entry broke.
    public enum PathRule: String, Sendable, Hashable {
        case absolute = "absolute paths are not allowed"
        case parentComponent = "`..` components are not allowed"
        case backslash = "backslashes are not allowed in paths"
        case notUTF8 = "paths must be UTF-8"
        case empty = "the path is empty"
        case notNormalized = "paths must not have empty or `.` components"
    }

    /// Which kind of link an entry is.
    public enum LinkKind: String, Sendable, Hashable {
        case symbolic = "symbolic link"
        case hard = "hard link"
    }

    /// Which decompression-bomb limit was exceeded.
    public enum Limit: String, Sendable, Hashable {
        case entryCount = "entry count"
        case unpackedSize = "unpacked size"
        case entrySize = "entry size"
        case manifestSize = "package.json size"
        case decompressedSize = "decompressed size"
    }

    public var code: String {
        switch self {
        case .notGzip, .corruptGzip, .multipleGzipMembers, .trailingDataAfterGzip, .corruptTar,
             .trailingDataAfterTar:
            "TAR_BAD_ARCHIVE"
        case .unsafePath, .outsidePackageFolder, .duplicateEntry, .caseCollidingPackageJSON,
             .pathCollision:
            "TAR_ENTRY_INVALID"
        case .link, .specialFile, .sparseEntry:
            "TAR_ENTRY_UNSUPPORTED"
        case .missingPackageJSON:
            "ENOPACKAGEJSON"
        case .limitExceeded:
            "ETARBALLLIMIT"
        case .fileSystem(_, _, let number):
            ArchiveError.errnoName(number)
        case .libraryUnavailable:
            "ELIBARCHIVE"
        }
    }

    public var message: String {
        switch self {
        case .notGzip:
            "tarball is not gzip-compressed"
        case .corruptGzip(let reason):
            "tarball's gzip stream is damaged: \(reason)"
        case .multipleGzipMembers:
            "tarball has several gzip members"
        case .trailingDataAfterGzip(let count):
            "tarball has \(count) unexpected bytes after the end of its gzip stream"
        case .corruptTar(let entry, let reason):
            if let entry { "tar entry `\(entry)` is damaged: \(reason)" } else { "tar archive is damaged: \(reason)" }
        case .trailingDataAfterTar:
            "tarball has data after the end of its tar archive"
        case .unsafePath(let entry, let rule):
            "tar entry `\(entry)` is refused: \(rule.rawValue)"
        case .outsidePackageFolder(let entry):
            "tar entry `\(entry)` is outside the `package/` folder"
        case .link(let entry, let target, let kind, let escapes):
            if escapes {
                "tar entry `\(entry)` is a \(kind.rawValue) to `\(target)`, outside the package"
            } else {
                "tar entry `\(entry)` is a \(kind.rawValue) to `\(target)`; links are not allowed"
            }
        case .specialFile(let entry, let kind):
            "tar entry `\(entry)` is a \(kind); only files and folders are allowed"
        case .duplicateEntry(let entry):
            "tar entry `\(entry)` appears more than once"
        case .caseCollidingPackageJSON(let entry, let existing):
            "tar entry `\(entry)` collides with `\(existing)`; a tarball has exactly one `package/package.json`"
        case .missingPackageJSON:
            "tarball has no `package/package.json`"
        case .sparseEntry(let entry):
            "tar entry `\(entry)` is a sparse file"
        case .limitExceeded(let entry, let limit, let value, let maximum):
            if let entry {
                "tar entry `\(entry)` exceeds the \(limit.rawValue) limit (\(value) > \(maximum))"
            } else {
                "tarball exceeds the \(limit.rawValue) limit (\(value) > \(maximum))"
            }
        case .pathCollision(let entry, let reason):
            "tar entry `\(entry)` cannot be extracted: \(reason)"
        case .fileSystem(let path, let operation, let number):
            "\(operation) failed for `\(path)`: \(ArchiveError.describe(number))"
        case .libraryUnavailable(let reason):
            "libarchive could not be loaded: \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .notGzip, .corruptGzip, .corruptTar:
            "re-create the tarball with `npm pack` or `pkg pack`"
        case .multipleGzipMembers, .trailingDataAfterGzip, .trailingDataAfterTar, .unsafePath,
             .outsidePackageFolder, .link, .specialFile, .duplicateEntry, .caseCollidingPackageJSON,
             .sparseEntry:
            "pack the package with `npm pack` or `pkg pack`, which write only regular files under `package/`"
        case .missingPackageJSON:
            "add a `package.json` at the root of the package folder, then pack it again"
        case .limitExceeded:
            "check that the tarball is the package you meant; raise the limit only if you trust it"
        case .libraryUnavailable:
            "install libarchive 3 (Debian: `apt-get install libarchive13`)"
        case .pathCollision, .fileSystem:
            nil
        }
    }

    static func errnoName(_ number: Int32) -> String {
        switch number {
        case EACCES: "EACCES"
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case EEXIST: "EEXIST"
        case ENOTDIR: "ENOTDIR"
        case EISDIR: "EISDIR"
        case ENOSPC: "ENOSPC"
        case EDQUOT: "EDQUOT"
        case ENAMETOOLONG: "ENAMETOOLONG"
        case ELOOP: "ELOOP"
        case EROFS: "EROFS"
        case EMFILE: "EMFILE"
        default: "EIO"
        }
    }

    static func describe(_ number: Int32) -> String {
        guard let text = strerror(number) else { return "error \(number)" }
        return String(cString: text)
    }
}
