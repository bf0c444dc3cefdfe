/// A package name that breaks one of npm's naming rules; `rule` says which.
///
/// The code is npm-package-arg's `EINVALIDPACKAGENAME`, and the rule texts are
/// validate-npm-package-name's, so users can search for them.
public struct PackageNameError: Diagnostic, Hashable {
    /// One naming rule, in the order npm checks them.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        case empty = "name length must be greater than zero"
        case startsWithPeriod = "name cannot start with a period"
        case startsWithUnderscore = "name cannot start with an underscore"
        case surroundingWhitespace = "name cannot contain leading or trailing spaces"
        case blocked = "name is a blocked name (`node_modules`, `favicon.ico`)"
        case notURLFriendly = "name can only contain URL-friendly characters"
        // The rules below apply to new packages only.
        case coreModuleName = "name is a node core module name"
        case tooLong = "name can no longer contain more than 214 characters"
        case uppercase = "name can no longer contain capital letters"
        case specialCharacters = "name can no longer contain special characters (\"~'!()*\")"

        /// Whether only new packages must follow this rule (existing packages may break it).
        public var appliesOnlyToNewPackages: Bool {
            switch self {
            case .coreModuleName, .tooLong, .uppercase, .specialCharacters: true
            default: false
            }
        }
    }

    /// The name as given.
    public var name: String
    /// The first rule it breaks.
    public var rule: Rule

    /// Creates the error for `name` breaking `rule`.
    public init(name: String, rule: Rule) {
        self.name = name
        self.rule = rule
    }

    public var code: String { "EINVALIDPACKAGENAME" }

    public var message: String { "invalid package name `\(name)`: \(rule.rawValue)" }

    public var hint: String? {
        switch rule {
        case .uppercase: "use the lowercase name `\(name.lowercased())`"
        case .coreModuleName: "choose a different name or publish under a scope, like `@you/\(name)`"
        case .notURLFriendly: "use only letters, digits, `-`, `.` and `_`, with at most one `/` after an `@scope`"
        case .surroundingWhitespace: "remove the spaces around the name"
        default: "choose a name that follows npm's naming rules"
        }
    }
}
