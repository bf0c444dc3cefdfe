import PkgModel

/// Why `pkg view` has nothing to show for a spec that named a package that exists.
public enum PackageViewError: Diagnostic, Equatable {
    /// No published version satisfies the spec (npm: `E404 No match found for version …`).
    case noMatch(name: String, spec: String)
    /// Every version was unpublished; the packument only keeps `time.unpublished`.
    case unpublished(name: String, time: String)
    /// A field path npm cannot read, such as `versions[`.
    case invalidField(String)

    public var code: String {
        switch self {
        case .noMatch, .unpublished: "E404"
        case .invalidField: "EINVALIDSYNTAX"
        }
    }

    public var message: String {
        switch self {
        case .noMatch(let name, let spec): "no match found for version `\(spec)` of `\(name)`"
        case .unpublished(let name, let time): "`\(name)` was unpublished on \(time)"
        case .invalidField(let field): "the field `\(field)` is not a valid path"
        }
    }

    public var hint: String? {
        switch self {
        case .noMatch(let name, _): "run `pkg view \(name) versions` to list the published versions"
        case .unpublished: nil
        case .invalidField: "write fields as dotted paths such as `dist.tarball` or `maintainers[0]`"
        }
    }
}
