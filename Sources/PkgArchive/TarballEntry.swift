/// One member of a tarball, as a listing shows it.
public struct TarballEntry: Sendable, Hashable {
    /// What a member is; tarballs that pass the safety rules hold nothing else.
    public enum Kind: String, Sendable, Hashable {
        case file
        case directory
    }

    /// The path inside the package, without the top-level `package/` folder (`lib/index.js`).
    public var path: String
    public var kind: Kind
    /// Bytes of data; 0 for folders.
    public var size: Int64
    /// Permission bits as stored in the tarball (`0o644`, `0o755`).
    public var mode: UInt32

    public init(path: String, kind: Kind, size: Int64, mode: UInt32) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode
    }
}
