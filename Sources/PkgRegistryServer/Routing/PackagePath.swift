// npm puts package names in paths three ways: `name`, `@scope%2fname` (what npm sends) and
// `@scope/name` (what tarball URLs use). Hummingbird's router matches raw segments, so package
// routes are caught by `**` and parsed here into what they address.

/// What a package URL addresses, after the name.
enum PackagePathTarget: Equatable, Sendable {
    /// `/{pkg}`
    case packument
    /// `/{pkg}/{version-or-tag}`
    case version(String)
    /// `/{pkg}/-/{file}.tgz`
    case tarball(fileName: String)
    /// `/{pkg}/-rev/{rev}`
    case revision(String)
    /// `/{pkg}/-/{file}.tgz/-rev/{rev}`
    case tarballRevision(fileName: String, revision: String)
}

/// A parsed package URL: the package name and what it addresses.
import PkgModel
struct PackagePath: Equatable, Sendable {
    var name: RegistryPackageName
    var target: PackagePathTarget

    init(name: RegistryPackageName, target: PackagePathTarget) {
        self.name = name
        self.target = target
    }

    /// Parses a raw request path.
    ///
    /// - Throws: `RegistryError.invalidPackageName` for a bad name, `.notFound` for a shape
    ///   no route serves.
    init(rawPath: String) throws(RegistryError) {
        let (name, rest) = try Self.splitName(rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
        self.name = name
        switch rest.count {
        case 0:
            target = .packument
        case 1:
            target = .version(rest[0])
        case 2 where rest[0] == "-" && rest[1].hasSuffix(".tgz"):
            target = .tarball(fileName: rest[1])
        case 2 where rest[0] == "-rev":
            target = .revision(rest[1])
        case 4 where rest[0] == "-" && rest[1].hasSuffix(".tgz") && rest[2] == "-rev":
            target = .tarballRevision(fileName: rest[1], revision: rest[3])
        default:
            throw .notFound("not found")
        }
    }

    /// Splits decoded path segments into a package name and the segments after it.
    static func splitName(_ rawSegments: some Collection<Substring>) throws(RegistryError) -> (RegistryPackageName, [String]) {
        var segments: [String] = []
        for raw in rawSegments {
            guard let decoded = percentDecoded(raw) else { throw .notFound("not found") }
            segments.append(decoded)
        }
        if segments.last == "" { segments.removeLast() }
        guard let first = segments.first, !first.isEmpty, first != "-" else { throw .notFound("not found") }
        if first.hasPrefix("@"), !first.contains("/") {
            guard segments.count >= 2 else { throw .invalidPackageName(first, rule: "a scoped name must look like `@scope/name`") }
            return (try RegistryPackageName(first + "/" + segments[1]), Array(segments.dropFirst(2)))
        }
        return (try RegistryPackageName(first), Array(segments.dropFirst()))
    }

    /// Percent-decodes one path segment; `nil` for malformed escapes or invalid UTF-8.
    static func percentDecoded(_ segment: Substring) -> String? {
        guard segment.contains("%") else { return String(segment) }
        var bytes: [UInt8] = []
        var iterator = Array(segment.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
