import Foundation

/// Removes credentials from URLs and header values before they reach a message or a log.
///
/// STYLE.md §3: a token in a URL (`https://user:token@host/`) or an `Authorization` header must
/// never be printed. The password becomes `***` and the user name stays, as npm's redaction
/// does, so the message still says which account was used; a user name without a password is
/// often a token itself, so it becomes `***` too.
public enum URLRedaction {
    /// `https://user:secret@host/p` → `https://user:***@host/p`; `https://tok@host/` → `https://***@host/`.
    public static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authorityStart = schemeEnd.upperBound
        let rest = url[authorityStart...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        let authority = url[authorityStart..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userInfo = authority[authority.startIndex..<at]
        let redactedUserInfo: String
        if let colon = userInfo.firstIndex(of: ":") {
            redactedUserInfo = userInfo[userInfo.startIndex..<colon] + ":***"
        } else {
            redactedUserInfo = "***"
        }
        return String(url[url.startIndex..<authorityStart]) + redactedUserInfo + String(url[at...])
    }

    /// Every secret a URL carries (user name and password), so other text can be scrubbed of them.
    static func secrets(in url: String) -> [String] {
        guard let schemeEnd = url.range(of: "://") else { return [] }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        let authority = url[schemeEnd.upperBound..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return [] }
        let userInfo = authority[authority.startIndex..<at]
        let secret: Substring
        if let colon = userInfo.firstIndex(of: ":") {
            secret = userInfo[userInfo.index(after: colon)...]
        } else {
            secret = userInfo
        }
        // Very short strings would scrub innocent text; they are not real tokens anyway.
        return secret.count >= 3 ? [String(secret)] : []
    }

    /// Replaces every occurrence of `secrets` in `text` with `***`.
    static func scrub(_ text: String, secrets: [String]) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// `Bearer abc` → `Bearer ***`; other header values are returned unchanged.
    public static func redactHeader(name: String, value: String) -> String {
        switch name.lowercased() {
        case "authorization", "proxy-authorization":
            if let space = value.firstIndex(of: " ") {
                return value[value.startIndex..<space] + " ***"
            }
            return "***"
        case "npm-otp", "cookie", "set-cookie":
            return "***"
        default:
            return value
        }
    }
}
