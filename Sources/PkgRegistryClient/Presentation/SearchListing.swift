// `npm search` output (npm 10's `format-search-stream.js`, without colour). Each result is a block:
//
//     name
//     description
//     Version 1.2.3 published 2024-05-01 by alice
//     Maintainers: alice bob
//     Keywords: a b
//     https://npm.im/name
//
// `--json` prints the results' `package` objects as a JSON array, one compact object per line
// between `[` and `]`, with the blank lines npm's streaming leaves. No result prints `No matches found for "x"`.
// `--searchexclude` drops results whose name, maintainers or keywords contain a word (or match a
// `/regex/`).
import Foundation
import PkgModel

/// Formats search results as npm prints them.
public struct SearchListing: Sendable {
    /// The search terms as typed (npm highlights them; without colour they only split the text).
    public var terms: [String]
    /// `--searchexclude` words.
    public var exclude: [String]

    public init(terms: [String], exclude: [String] = []) {
        self.terms = terms
        self.exclude = exclude
    }

    /// The results `--searchexclude` keeps.
    public func kept(_ results: [JSONObject]) -> [JSONObject] {
        results.filter { result in
            var words = [result["name"]?.stringValue]
            words += (result["maintainers"]?.arrayValue ?? []).map { $0["username"]?.stringValue }
            words += (result["keywords"]?.arrayValue ?? []).map(\.stringValue)
            let text = words.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                .joined(separator: " ").lowercased()
            return !exclude.filter { !$0.isEmpty }.contains { pattern in
                if pattern.hasPrefix("/") {
                    var expression = String(pattern.dropFirst())
                    if expression.hasSuffix("/") { expression.removeLast() }
                    return text.range(of: expression, options: .regularExpression) != nil
                }
                return text.contains(pattern)
            }
        }
    }

    /// The `--json` text: npm's streamed array, each chunk (`[`, an object, `,`, `]`) printed as
    /// a line of its own, so the bytes match npm's.
    public func json(_ results: [JSONObject]) -> String {
        let kept = kept(results)
        guard !kept.isEmpty else { return "\n[]\n\n" }
        var chunks = ["[\n"]
        for (index, result) in kept.enumerated() {
            if index > 0 { chunks.append("\n,\n") }
            chunks.append(JSONValue.object(Self.withMilliseconds(result)).serializedString())
        }
        chunks.append("]\n")
        return chunks.map { $0 + "\n" }.joined()
    }

    /// The text blocks, or the "No matches" line; ends with a newline.
    public func text(_ results: [JSONObject]) -> String {
        let kept = kept(results)
        guard !kept.isEmpty else {
            return "No matches found for " + terms.map { JSONValue.string($0).serializedString() }.joined(separator: " ") + "\n"
        }
        return kept.map(block).map { $0 + "\n" }.joined()
    }

    /// `--parseable`: one tab-separated line per result (name, description, date, version,
    /// keywords joined with commas), dropping empty columns but keeping an empty keyword list, as
    /// npm's `[...].filter(Boolean)` does.
    public func parseable(_ results: [JSONObject]) -> String {
        kept(results).map { result in
            let description = result["description"]?.stringValue ?? ""
            let date = result["date"]?.stringValue.flatMap(RegistryTimestamp.parse).map(Self.day) ?? "prehistoric"
            var columns = [result["name"]?.stringValue ?? "", description, date, result["version"].map(PackageView.javaScriptString) ?? ""]
                .filter { !$0.isEmpty }
            if case .array(let keywords)? = result["keywords"] {
                columns.append(keywords.map(PackageView.javaScriptString).joined(separator: ","))
            }
            return columns.map { $0.replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t") + "\n"
        }.joined()
    }

    /// One result's block, ending with a newline (npm prints each with one more).
    func block(_ result: JSONObject) -> String {
        let name = result["name"]?.stringValue ?? ""
        let description = result["description"]?.stringValue ?? ""
        let publisher = result["publisher"]?["username"]?.stringValue ?? ""
        let date = result["date"]?.stringValue.flatMap(RegistryTimestamp.parse).map(Self.day) ?? "prehistoric"
        let version = result["version"].map(PackageView.javaScriptString) ?? "undefined"
        let maintainers = (result["maintainers"]?.arrayValue ?? []).map { $0["username"].map(PackageView.javaScriptString) ?? "undefined" }
        var keywords: [String] = []
        switch result["keywords"] {
        case .array(let items)?: keywords = items.map(PackageView.javaScriptString)
        case .string(let text)?:
            keywords = text.replacingOccurrences(of: #"[,\s]+"#, with: " ", options: .regularExpression).components(separatedBy: " ")
        default: break
        }
        // npm rebuilds the description around each term, once per term.
        var pieces: [String] = []
        for term in terms.map({ $0.lowercased() }).filter({ !$0.isEmpty }) {
            pieces += Self.split(description, around: term)
        }
        let shownDescription = pieces.filter { !$0.isEmpty }.joined()
        // The name is rebuilt the same way unless it is one of the terms.
        var shownName = name
        let lowered = terms.map { $0.lowercased() }.filter { !$0.isEmpty }
        if !lowered.contains(name) {
            shownName = lowered.flatMap { Self.split(name, around: $0) }.joined()
        }
        var output = shownName + "\n"
        if !shownDescription.isEmpty { output += shownDescription + "\n" }
        output += "Version \(version) published \(date) by \(publisher.isEmpty ? "???" : publisher)\n"
        output += "Maintainers: \(maintainers.joined(separator: " "))\n"
        let keywordText = keywords.joined(separator: " ")
        if !keywordText.isEmpty { output += "Keywords: \(keywordText)\n" }
        output += "https://npm.im/\(name)\n"
        return output
    }

    /// npm's highlighting loop without colour: the text cut at each occurrence of `term`, with the
    /// matched words kept, which reassembles the text.
    static func split(_ text: String, around term: String) -> [String] {
        let lower = text.lowercased()
        guard lower.count == text.count else { return [text] }
        var pieces: [String] = []
        var rest = Substring(text), restLower = Substring(lower)
        while let match = restLower.range(of: term) {
            let start = restLower.distance(from: restLower.startIndex, to: match.lowerBound)
            let length = restLower.distance(from: match.lowerBound, to: match.upperBound)
            let head = rest.prefix(start)
            pieces.append(String(head))
            pieces.append(String(rest.dropFirst(start).prefix(length)))
            rest = rest.dropFirst(start + length)
            restLower = restLower.dropFirst(start + length)
        }
        pieces.append(String(rest))
        return pieces
    }

    /// `date.toISOString().slice(0, 10)`.
    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }

    /// libnpmsearch turns `date` into a `Date`, so `JSON.stringify` writes it with milliseconds.
    static func withMilliseconds(_ result: JSONObject) -> JSONObject {
        guard let text = result["date"]?.stringValue, let date = RegistryTimestamp.parse(text) else { return result }
        var copy = result
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        copy["date"] = .string(formatter.string(from: date))
        return copy
    }
}
