/// package.json `overrides`, as written: keys are `name` or `name@range`, values a replacement
/// specifier or a nested object (with `"."` for the package's own replacement).
///
/// Kept as the raw tree so the manifest parser only converts JSON; the resolver compiles it into
/// its matching rules (npm's `override-set.js` semantics, see docs/resolution.md).
public struct Overrides: Sendable, Hashable {
    public var entries: [String: OverrideValue]

    public init(_ entries: [String: OverrideValue] = [:]) {
        self.entries = entries
    }

    public var isEmpty: Bool { entries.isEmpty }
}

/// One value of an `overrides` object.
public indirect enum OverrideValue: Sendable, Hashable {
    /// A replacement specifier (`"1.0.0"`, `"npm:other@^2"`, `"$name"`); `""` means no change.
    case replacement(String)
    /// Selectors that apply inside the keyed package's subtree; key `"."` replaces the package itself.
    case nested([String: OverrideValue])
}
