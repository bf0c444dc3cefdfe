// Who may read, publish and unpublish which packages, as Verdaccio's `packages:` section says
// it: the first rule whose glob matches the name decides. Principals are `$all`, `$anonymous`,
// `$authenticated` and user names. Maintainership is checked on top of these rules: only a
// package's maintainers change an existing package.

/// One `packages` rule of the configuration.
package struct AccessRule: Codable, Sendable, Equatable {
    /// A glob over package names: `*` matches within a scope or name, `**` anything.
    var pattern: String
    var access: [String]
    var publish: [String]
    var unpublish: [String]

    init(pattern: String, access: [String] = ["$all"], publish: [String] = ["$authenticated"], unpublish: [String]? = nil) {
        self.pattern = pattern
        self.access = access
        self.publish = publish
        self.unpublish = unpublish ?? publish
    }

    enum CodingKeys: CodingKey { case pattern, access, publish, unpublish }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pattern = try container.decode(String.self, forKey: .pattern)
        access = try container.decodeIfPresent([String].self, forKey: .access) ?? ["$all"]
        publish = try container.decodeIfPresent([String].self, forKey: .publish) ?? ["$authenticated"]
        unpublish = try container.decodeIfPresent([String].self, forKey: .unpublish) ?? publish
    }
}

/// The action a rule list is asked about.
enum PackageAction: Sendable {
    case access, publish, unpublish
}

/// The configured rules, with a permissive-read, authenticated-write default last.
import PkgModel
struct AccessRules: Sendable, Equatable {
    var rules: [AccessRule]

    init(_ rules: [AccessRule]) {
        self.rules = rules + [AccessRule(pattern: "**")]
    }

    /// Whether `user` (nil when anonymous) may perform `action` on `name`.
    func allows(_ action: PackageAction, on name: String, user: String?) -> Bool {
        guard let rule = rules.first(where: { Self.glob($0.pattern, matches: name) }) else { return false }
        let principals = switch action {
        case .access: rule.access
        case .publish: rule.publish
        case .unpublish: rule.unpublish
        }
        return principals.contains { principal in
            switch principal {
            case "$all": true
            case "$anonymous": user == nil
            case "$authenticated": user != nil
            default: principal == user
            }
        }
    }

    /// Whether every caller may perform `action` on `name`, whatever credentials it sends: the
    /// deciding rule names `$all`. The event loop's tarball fast path serves only such packages,
    /// so it never needs to look a token up.
    func admitsEveryone(_ action: PackageAction, on name: String) -> Bool {
        guard let rule = rules.first(where: { Self.glob($0.pattern, matches: name) }) else { return false }
        return switch action {
        case .access: rule.access.contains("$all")
        case .publish: rule.publish.contains("$all")
        case .unpublish: rule.unpublish.contains("$all")
        }
    }

    /// Glob matching over names: `**` any run of characters, `*` any run without `/`, `?` one character.
    static func glob(_ pattern: String, matches name: String) -> Bool {
        // The default last rule; every read of a registry without rules of its own comes here.
        if pattern == "**" { return true }
        let pattern = Array(pattern)
        let name = Array(name)
        var memo: [Int: Bool] = [:]
        func match(_ p: Int, _ n: Int) -> Bool {
            let key = p * (name.count + 1) + n
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count {
                result = n == name.count
            } else if pattern[p] == "*" {
                let doubleStar = p + 1 < pattern.count && pattern[p + 1] == "*"
                let next = doubleStar ? p + 2 : p + 1
                var index = n
                var found = match(next, index)
                while !found, index < name.count, doubleStar || name[index] != "/" {
                    index += 1
                    found = match(next, index)
                }
                result = found
            } else if n < name.count, pattern[p] == "?" || pattern[p] == name[n] {
                result = match(p + 1, n + 1)
            } else {
                result = false
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
