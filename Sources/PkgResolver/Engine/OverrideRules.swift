// npm's overrides (arborist `override-set.js`, NPM-SEMANTICS.md §5.5-5.8), compiled from the raw
// package.json tree into a table of rules. Rule 0 is the root set; every other rule is one key
// (`name` or `name@range`) with its replacement and nested rules. A package instance carries the
// index of the rule set it lives under, so nested selectors apply only inside their subtree.
import PkgModel

struct OverrideRules: Sendable {
    struct Rule: Sendable {
        var parent: Int?
        var name: String
        /// `nil` for a key without a range (npm's keySpec `*`).
        var keyRange: VersionRange?
        /// The replacement specifier; `nil` means no change (`""`, `*`, or a bare object key).
        var value: String?
        var children: [Int]
        var path: String
    }

    private(set) var rules: [Rule] = [Rule(parent: nil, name: "", keyRange: nil, value: nil, children: [], path: "")]

    static let root = 0

    /// Compiles `overrides`; `rootSpecifiers` resolves `$name` references (devDependencies, then
    /// optionalDependencies, dependencies, peerDependencies, as npm looks them up).
    init(_ overrides: Overrides, rootSpecifiers: (String) -> String?) throws(ResolutionError) {
        try add(overrides.entries, under: Self.root, rootSpecifiers: rootSpecifiers)
    }

    private mutating func add(_ entries: [String: OverrideValue], under parent: Int, rootSpecifiers: (String) -> String?) throws(ResolutionError) {
        for key in entries.keys.sorted() where key != "." {
            guard let value = entries[key] else { continue }
            let (name, keySpec) = ParsedSpecifier.splitNameAndSpecifier(key)
            let keyRange: VersionRange? = keySpec.isEmpty || keySpec == "*" ? nil : try? VersionRange(keySpec, loose: true)
            let replacement: String?
            var nested: [String: OverrideValue] = [:]
            switch value {
            case let .replacement(text):
                replacement = text
            case let .nested(object):
                nested = object
                if case let .replacement(text)? = object["."] {
                    replacement = text
                } else {
                    replacement = keySpec  // npm's gotcha: an object without "." uses its key's range
                }
            }
            let resolved = try Self.resolveReference(replacement, rootSpecifiers: rootSpecifiers)
            let index = rules.count
            let parentPath = rules[parent].path
            rules.append(Rule(
                parent: parent, name: name, keyRange: keyRange,
                value: (resolved == nil || resolved == "" || resolved == "*") ? nil : resolved,
                children: [], path: parentPath.isEmpty ? key : parentPath + ">" + key
            ))
            rules[parent].children.append(index)
            try add(nested, under: index, rootSpecifiers: rootSpecifiers)
        }
    }

    private static func resolveReference(_ value: String?, rootSpecifiers: (String) -> String?) throws(ResolutionError) -> String? {
        guard let value, value.hasPrefix("$") else { return value }
        let name = String(value.dropFirst())
        guard let specifier = rootSpecifiers(name) else { throw .unresolvedOverrideReference(value) }
        return specifier
    }

    /// The rule that rewrites the edge `edgeName` with `range` from a package under `set`, nearest
    /// set first (npm's `getEdgeRule`); a tag edge (`range == nil`) matches any key range.
    func edgeRule(in set: Int, edgeName: String, range: VersionRange?) -> Int? {
        var current: Int? = set
        while let index = current {
            for child in rules[index].children where rules[child].name == edgeName {
                guard let keyRange = rules[child].keyRange, let range else { return child }
                if keyRange.intersects(range) { return child }
            }
            current = rules[index].parent
        }
        return nil
    }

    /// The set a package named `name` at `version` lives under, when reached from a package under
    /// `set` (npm's `getNodeRule`): the matching rule, else the same set.
    func nodeSet(in set: Int, name: String, version: Version) -> Int {
        var current: Int? = set
        while let index = current {
            for child in rules[index].children where rules[child].name == name {
                if rules[child].keyRange?.satisfied(by: version) ?? true { return child }
            }
            current = rules[index].parent
        }
        return set
    }

    func replacement(_ rule: Int) -> String? { rules[rule].value }
    func path(_ set: Int) -> String { rules[set].path }
    var isEmpty: Bool { rules.count == 1 }
}
