// `npm search`: `GET /-/v1/search?text=&size=&from=`. Every term must match the name, the
// description or a keyword; `keywords:`, `author:` and `maintainer:` qualifiers narrow further.
// A linear scan, which is fine for a self-hosted registry's few thousand packages.
import Foundation
import Hummingbird
import PkgModel

struct SearchController<Storage: PackageStorage>: Sendable {
    let storage: Storage
    let access: PackageAccess

    func addRoutes(to router: Router<RegistryRequestContext>) {
        router.get("/-/v1/search", use: search)
    }

    @Sendable func search(_ request: Request, context: RegistryRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let text = (query.get("text") ?? "").replacingOccurrences(of: "+", with: " ").lowercased()
        let size = max(1, min(Int(query.get("size") ?? "") ?? 20, 250))
        let from = max(0, Int(query.get("from") ?? "") ?? 0)
        var terms: [String] = []
        var qualifiers: [(String, String)] = []
        for word in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            if let colon = word.firstIndex(of: ":"), ["keywords", "author", "maintainer", "scope"].contains(String(word[..<colon])) {
                qualifiers.append((String(word[..<colon]), String(word[word.index(after: colon)...])))
            } else {
                terms.append(word)
            }
        }
        var results: [(score: Double, name: String, object: JSONValue)] = []
        for name in try await storage.packageNames() {
            guard access.rules.allows(.access, on: name.rawValue, user: context.identity?.name),
                let packument = try await storage.record(for: name)?.packument,
                let latest = packument["dist-tags"]?["latest"]?.stringValue,
                let manifest = packument["versions"]?[latest]
            else { continue }
            let description = (packument["description"]?.stringValue ?? manifest["description"]?.stringValue ?? "")
            let keywords = (manifest["keywords"]?.arrayValue ?? []).compactMap(\.stringValue)
            let maintainers = (packument["maintainers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            let author = manifest["author"]?["name"]?.stringValue ?? manifest["author"]?.stringValue ?? ""
            let matchesQualifiers = qualifiers.allSatisfy { key, value in
                switch key {
                case "keywords": keywords.contains { $0.lowercased() == value }
                case "maintainer": maintainers.contains(value)
                case "author": author.lowercased().contains(value)
                default: name.scope == value.trimmingPrefix("@").description
                }
            }
            guard matchesQualifiers else { continue }
            var score = 0.0
            var matchesAll = true
            for term in terms {
                if name.rawValue == term { score += 1 }
                else if name.rawValue.contains(term) { score += 0.6 }
                else if keywords.contains(where: { $0.lowercased() == term }) { score += 0.4 }
                else if description.lowercased().contains(term) { score += 0.2 }
                else { matchesAll = false }
            }
            guard matchesAll else { continue }
            let finalScore = terms.isEmpty ? 1 : score / Double(terms.count)
            let people = maintainers.map { JSONValue.object(JSONObject([("username", .string($0)), ("email", .string(""))])) }
            let publisher = manifest["_npmUser"]?["name"]?.stringValue ?? maintainers.first ?? ""
            let object = JSONValue.object(JSONObject([
                ("package", .object(JSONObject([
                    ("name", .string(name.rawValue)),
                    ("scope", .string(name.scope ?? "unscoped")),
                    ("version", .string(latest)),
                    ("description", .string(description)),
                    ("keywords", .array(keywords.map(JSONValue.string))),
                    ("date", packument["time"]?[latest] ?? packument["time"]?["modified"] ?? .null),
                    ("links", .object(JSONObject())),
                    ("publisher", .object(JSONObject([("username", .string(publisher)), ("email", .string(""))]))),
                    ("maintainers", .array(people)),
                ]))),
                ("score", .object(JSONObject([
                    ("final", JSONValue(finalScore)),
                    ("detail", .object(JSONObject([("quality", 1), ("popularity", 1), ("maintenance", 1)]))),
                ]))),
                ("searchScore", JSONValue(finalScore)),
            ]))
            results.append((finalScore, name.rawValue, object))
        }
        results.sort { ($0.score, $1.name) > ($1.score, $0.name) }
        return JSONResponse.make(.object(JSONObject([
            ("objects", .array(results.dropFirst(from).prefix(size).map(\.object))),
            ("total", .integer(results.count)),
            ("time", .string(UserDirectory.timestamp())),
        ])))
    }
}
