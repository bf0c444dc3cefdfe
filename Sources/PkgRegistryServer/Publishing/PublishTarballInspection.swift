// What the registry learns from a publish tarball, through PkgArchive (the one owner of
// libarchive): one gzip member and nothing after it, a tar whose entries all live under
// `package/`, no links or devices, exactly one `package/package.json`.
import PkgArchive
import PkgModel

/// The facts of a valid publish tarball the packument records.
struct PublishTarballInspection: Sendable, Equatable {
    /// The bytes of `package/package.json`.
    var packageJSON: [UInt8]
    /// Regular files in the archive, as npm counts `dist.fileCount`.
    var fileCount: Int
    /// Sum of the regular files' sizes, as npm reports `dist.unpackedSize`.
    var unpackedSize: Int
    /// Whether `package/npm-shrinkwrap.json` is present (`_hasShrinkwrap`).
    var hasShrinkwrap: Bool

    /// Inspects the tarball in memory.
    ///
    /// - Throws: `RegistryError.invalidTarball` with PkgArchive's reason for refusing it.
    init(tarball: [UInt8], unpackedLimit: Int) throws(RegistryError) {
        var limits = TarballLimits.default
        limits.maxUnpackedSize = Int64(unpackedLimit)
        let inspection: TarballInspection
        do {
            inspection = try TarballReader(limits: limits).inspect(tarball)
        } catch let error as ArchiveError {
            throw .invalidTarball(error.message)
        } catch {
            throw .invalidTarball("the tarball cannot be read")
        }
        packageJSON = inspection.packageJSON
        fileCount = inspection.fileCount
        unpackedSize = Int(inspection.unpackedSize)
        hasShrinkwrap = inspection.hasShrinkwrap
    }
}
