import PkgModel
import PkgResolver

/// A reproducible random registry and root request, for the resolver's property tests.
///
/// Packages `p0…pN` depend only on higher-numbered packages (so the graph is finite), with carets,
/// tildes, exact versions, `*`, comparator pairs, aliases, optional and peer dependencies, deprecated
/// versions and, when `unsatisfiableRanges` is on, rarely a range nothing satisfies. The same seed
/// always gives the same registry.
public struct SeededRegistry: Sendable {
    public let seed: UInt64
    public let manifests: [VersionMetadata]
    public let request: ResolutionRequest

    public init(seed: UInt64, packageCount: Int = 14, unsatisfiableRanges: Bool = true) {
        self.seed = seed
        var random = SplitMix64(seed: seed)
        var versionsByPackage: [[String]] = []
        for _ in 0..<packageCount {
            var versions: Set<String> = []
            for _ in 0..<random.next(in: 1...5) {
                versions.insert("\(random.next(in: 1...3)).\(random.next(in: 0...3)).\(random.next(in: 0...2))")
            }
            versionsByPackage.append(versions.sorted())
        }
        func range(for target: Int, random: inout SplitMix64) -> String {
            let versions = versionsByPackage[target]
            let picked = versions[random.next(in: 0...(versions.count - 1))]
            let parts = picked.split(separator: ".")
            switch random.next(in: 0...9) {
            case 0: return "*"
            case 1: return picked
            case 2: return "~\(picked)"
            case 3: return ">=\(parts[0]).0.0 <\((Int(parts[0]) ?? 1) + 1).0.0"
            case 4: return "^\(parts[0]).\(parts[1]).0 || ^9.0.0"
            case 5 where unsatisfiableRanges && random.next(in: 0...3) == 0: return "^7.0.0"  // unsatisfiable
            default: return "^\(parts[0]).0.0"
            }
        }
        var manifests: [VersionMetadata] = []
        for index in 0..<packageCount {
            for version in versionsByPackage[index] {
                var manifest = VersionMetadata(name: "p\(index)", version: version)
                let higher = Array((index + 1)..<packageCount)
                if !higher.isEmpty {
                    for _ in 0..<random.next(in: 0...3) {
                        let target = higher[random.next(in: 0...(higher.count - 1))]
                        let spec = range(for: target, random: &random)
                        switch random.next(in: 0...9) {
                        case 0: manifest.optionalDependencies["p\(target)"] = spec
                        case 1: manifest.peerDependencies["p\(target)"] = spec
                        case 2: manifest.dependencies["alias\(target)"] = "npm:p\(target)@\(spec)"
                        default: manifest.dependencies["p\(target)"] = spec
                        }
                    }
                }
                if random.next(in: 0...9) == 0 { manifest.deprecated = "use something else" }
                manifests.append(manifest)
            }
        }
        var dependencies: [String: String] = [:]
        for _ in 0..<random.next(in: 1...4) {
            let target = random.next(in: 0...(packageCount - 1))
            dependencies["p\(target)"] = range(for: target, random: &random)
        }
        var devDependencies: [String: String] = [:]
        if random.next(in: 0...1) == 0 {
            let target = random.next(in: 0...(packageCount - 1))
            if dependencies["p\(target)"] == nil { devDependencies["p\(target)"] = range(for: target, random: &random) }
        }
        self.manifests = manifests
        self.request = ResolutionRequest(dependencies: dependencies, devDependencies: devDependencies)
    }

    /// A source over the registry; `delaySeed` gives every name its own delay (0-2 ms), so answers
    /// arrive in a different order for each delay seed.
    public func source(delaySeed: UInt64? = nil) -> InMemoryPackageSource {
        guard let delaySeed else { return InMemoryPackageSource(manifests) }
        return InMemoryPackageSource(manifests) { name in
            let nameHash = name.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) }
            var random = SplitMix64(seed: delaySeed ^ nameHash)
            return .microseconds(random.next(in: 0...2_000))
        }
    }
}

/// A tiny deterministic generator (SplitMix64), so a failing seed reproduces on every machine.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A value in `range` (inclusive), slightly biased, which is fine for tests.
    public mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}
