// Users and their tokens. Passwords are stored only as bcrypt hashes; tokens are random 256-bit
// values shown to the client once and stored only as their SHA-256, so a leaked `users-v1.json`
// grants nothing. Persisted atomically to `<data>/users-v1.json` (docs/registry-storage.md), or
// held in memory for tests.
import Crypto
import Foundation
import HummingbirdBcrypt
import PkgModel

/// A registry account.
struct RegistryUser: Codable, Sendable, Equatable {
    var name: String
    var email: String
    var passwordHash: String
    var created: String
}

/// A stored token: only its hash, never the token itself.
struct RegistryToken: Codable, Sendable, Equatable {
    /// Lowercase hex SHA-256 of the token; also the key clients use to revoke it.
    var key: String
    var user: String
    /// The first characters of the token, so `npm token list` can show which one it is.
    var displayPrefix: String
    var readonly: Bool
    var cidrWhitelist: [String]
    var created: String
}

/// The users and tokens of one registry.
actor UserDirectory {
    private struct Contents: Codable {
        var formatVersion = 1
        var users: [String: RegistryUser] = [:]
        var tokens: [String: RegistryToken] = [:]
    }

    private var contents = Contents()
    private let file: String?
    private let temporaryDirectory: String?
    /// bcrypt's cost; tests lower it so logins stay fast.
    let passwordCost: UInt8

    /// Loads `file` when given (a missing file is an empty directory); in memory otherwise.
    init(file: String?, temporaryDirectory: String?, passwordCost: UInt8 = 10) throws {
        self.file = file
        self.temporaryDirectory = temporaryDirectory
        self.passwordCost = passwordCost
        if let file, let data = FileManager.default.contents(atPath: file) {
            contents = try JSONDecoder().decode(Contents.self, from: data)
        }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private func persist() throws {
        guard let file, let temporaryDirectory else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try AtomicFile.write(Array(try encoder.encode(contents)), to: file, temporaryDirectory: temporaryDirectory)
    }

    func user(named name: String) -> RegistryUser? { contents.users[name] }

    func allUsers() -> [RegistryUser] { contents.users.values.sorted { $0.name < $1.name } }

    /// Creates a user.
    ///
    /// - Throws: `RegistryError.conflict` when the name is taken.
    func addUser(name: String, passwordHash: String, email: String) throws -> RegistryUser {
        guard contents.users[name] == nil else { throw RegistryError.conflict("user `\(name)` already exists") }
        let user = RegistryUser(name: name, email: email, passwordHash: passwordHash, created: Self.timestamp())
        contents.users[name] = user
        try persist()
        return user
    }

    /// Issues a new token for `user`; the returned string is the only copy of the token.
    func issueToken(for user: String, readonly: Bool = false, cidrWhitelist: [String] = []) throws -> (token: String, record: RegistryToken) {
        let token = "pkg_" + Self.randomToken()
        let record = RegistryToken(
            key: Self.tokenKey(token), user: user, displayPrefix: String(token.prefix(10)),
            readonly: readonly, cidrWhitelist: cidrWhitelist, created: Self.timestamp())
        contents.tokens[record.key] = record
        try persist()
        return (token, record)
    }

    /// The token record `token` names, if any.
    func lookUp(token: String) -> RegistryToken? {
        let key = Self.tokenKey(token)
        guard let record = contents.tokens[key], constantTimeEqual(record.key, key) else { return nil }
        return record
    }

    func tokens(of user: String) -> [RegistryToken] {
        contents.tokens.values.filter { $0.user == user }.sorted { ($0.created, $0.key) < ($1.created, $1.key) }
    }

    /// Revokes the token whose key is `key`; returns whether one existed.
    @discardableResult
    func revoke(key: String) throws -> RegistryToken? {
        guard let record = contents.tokens.removeValue(forKey: key) else { return nil }
        try persist()
        return record
    }

    /// 256 random bits from the system's cryptographic generator, base64url without padding.
    static func randomToken() -> String {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func tokenKey(_ token: String) -> String {
        HexEncoding.lowercase(SHA256.hash(data: Array(token.utf8)))
    }

    static func hashPassword(_ password: String, cost: UInt8) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    static func verifyPassword(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}

/// Compares two strings in time that depends only on their lengths.
func constantTimeEqual(_ left: String, _ right: String) -> Bool {
    let leftBytes = Array(left.utf8)
    let rightBytes = Array(right.utf8)
    guard leftBytes.count == rightBytes.count else { return false }
    var difference: UInt8 = 0
    for index in leftBytes.indices { difference |= leftBytes[index] ^ rightBytes[index] }
    return difference == 0
}
