/// The four dependency maps of package.json.
///
/// `allCases` is in arborist's `inferSaveType` order (`devDependencies` first), the order in which
/// npm looks for an existing entry when `pkg add foo` is run without a flag.
public enum DependencyKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case dev = "devDependencies"
    case optional = "optionalDependencies"
    case production = "dependencies"
    case peer = "peerDependencies"

    /// The package.json key of the map.
    public var key: String { rawValue }

    private var order: Int {
        switch self {
        case .dev: 0
        case .optional: 1
        case .production: 2
        case .peer: 3
        }
    }

    public static func < (lhs: DependencyKind, rhs: DependencyKind) -> Bool {
        lhs.order < rhs.order
    }
}
