// The summary `npm view <pkg>` prints for each version (npm 10's `#prettyView`, without colour):
//
//     (blank line)
//     name@1.2.3 | MIT | deps: 2 | versions: 5
//     description
//     homepage
//     (blank) DEPRECATED ⚠️  - message
//     (blank) keywords: a, b           (the packument's top-level keywords, as npm reads them)
//     (blank) bin: cli
//     (blank) dist / .tarball / .shasum / .integrity / .unpackedSize: 1.2 kB
//     (blank) dependencies: (at most 24, in columns)
//     (blank) maintainers: / - name <email>
//     (blank) dist-tags: (in columns)
//     (blank) published 3 minutes ago by name <email>
import Foundation
import PkgModel

extension PackageView {
    /// The summary of one version, seen through `merged(version:)`.
    func summary(of manifest: JSONObject) -> String {
        let dependencies = (manifest["dependencies"]?.objectValue ?? JSONObject()).map { key, value in
            "\(key): \(Self.javaScriptString(value))"
        }
        let site = Self.javaScriptTruthy(manifest["homepage"]?["url"]) ?? Self.javaScriptTruthy(manifest["homepage"])
        let bins: [String]
        switch manifest["bin"] {
        case .object(let object)?: bins = object.keys
        case .string(let text)?: bins = (0..<text.utf16.count).map(String.init)
        default: bins = []
        }
        let license: String
        switch manifest["license"] {
        case .string(let text)? where !text.isEmpty: license = text
        case .object(let object)?: license = object["type"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "Proprietary"
        default: license = "Proprietary"
        }

        var lines: [String] = [""]
        let name = manifest["name"].map(Self.javaScriptString) ?? "undefined"
        let version = manifest["version"].map(Self.javaScriptString) ?? "undefined"
        lines.append([
            "\(name)@\(version)",
            license,
            "deps: \(dependencies.isEmpty ? "none" : String(dependencies.count))",
            "versions: \(sortedVersions.count)",
        ].joined(separator: " | "))
        if let description = Self.javaScriptTruthy(manifest["description"]) { lines.append(description) }
        if let site { lines.append(site) }
        if let deprecated = Self.javaScriptTruthy(manifest["deprecated"]) {
            lines.append("\nDEPRECATED\(unicode ? " ⚠️ " : "!!") - \(deprecated)")
        }
        if let keywords = packument.object["keywords"]?.arrayValue, !keywords.isEmpty {
            lines.append("\nkeywords: " + keywords.map(Self.javaScriptString).joined(separator: ", "))
        }
        if !bins.isEmpty { lines.append("\nbin: " + bins.joined(separator: ", ")) }

        let dist = manifest["dist"]
        lines.append("\ndist")
        lines.append(".tarball: " + (dist?["tarball"].map(Self.javaScriptString) ?? "undefined"))
        lines.append(".shasum: " + (dist?["shasum"].map(Self.javaScriptString) ?? "undefined"))
        if let integrity = Self.javaScriptTruthy(dist?["integrity"]) { lines.append(".integrity: " + integrity) }
        if let size = dist?["unpackedSize"]?.doubleValue, size != 0 {
            lines.append(".unpackedSize: " + Self.formatBytes(size))
        }

        if !dependencies.isEmpty {
            lines.append("\ndependencies:")
            lines.append(Self.columns(Array(dependencies.prefix(24)), padding: 1, width: terminalWidth))
            if dependencies.count > 24 { lines.append("(...and \(dependencies.count - 24) more.)") }
        }

        let maintainers = packument.object["maintainers"]?.arrayValue ?? []
        if !maintainers.isEmpty {
            lines.append("\nmaintainers:")
            for maintainer in maintainers {
                lines.append("- " + Self.unparsePerson(maintainer))
            }
        }

        lines.append("\ndist-tags:")
        let tags = (packument.object["dist-tags"]?.objectValue ?? JSONObject()).map { tag, version in
            "\(tag): \(Self.javaScriptString(version))"
        }
        lines.append(Self.columns(tags, padding: 2, width: terminalWidth))

        let publisher = manifest["_npmUser"].flatMap { user -> String? in
            if case .null = user { return nil }
            return Self.unparsePerson(user)
        }
        let time = packument.object["time"]
        if publisher != nil || time != nil {
            var line = "published"
            if time != nil {
                let published = time?[manifest["version"]?.stringValue ?? ""]?.stringValue
                line += " " + (published.flatMap(RegistryTimestamp.parse).map { RelativeDate.describe($0, now: now) } ?? "Invalid Date")
            }
            if let publisher { line += " by \(publisher)" }
            lines.append("")
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// npm's `unparsePerson({name, email})`: `name <email>`.
    static func unparsePerson(_ person: JSONValue) -> String {
        let name = person["name"].map(javaScriptString) ?? "undefined"
        let email = javaScriptTruthy(person["email"])
        return name + (email.map { " <\($0)>" } ?? "")
    }

    /// A value as JavaScript's template strings print it.
    static func javaScriptString(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): JSONNumber(number.doubleValue)?.literal ?? number.literal
        case .array(let items): items.map { item in item.isNull ? "" : javaScriptString(item) }.joined(separator: ",")
        case .object: "[object Object]"
        }
    }

    /// The value as a string when JavaScript would find it truthy.
    static func javaScriptTruthy(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        switch value {
        case .null, .bool(false): return nil
        case .string(let text): return text.isEmpty ? nil : text
        case .number(let number): return number.doubleValue == 0 ? nil : javaScriptString(value)
        default: return javaScriptString(value)
        }
    }

    /// npm's `formatBytes(bytes, true)`: `999 B`, `1.2 kB`, `3.4 MB`, `5.6 GB`.
    static func formatBytes(_ bytes: Double) -> String {
        if bytes < 1000 { return "\(JSONNumber(bytes)?.literal ?? String(bytes)) B" }
        if bytes < 1_000_000 { return String(format: "%.1f kB", bytes / 1000) }
        if bytes < 1_000_000_000 { return String(format: "%.1f MB", bytes / 1_000_000) }
        return String(format: "%.1f GB", bytes / 1_000_000_000)
    }

    /// The `cli-columns` layout npm uses: sorted cells, as many columns of equal width as fit
    /// `width`; one per line when there is no terminal (npm's `process.stdout.columns` is unset).
    static func columns(_ values: [String], padding: Int, width: Int?) -> String {
        let cells = values.filter { !$0.isEmpty }.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        let cellWidth = (cells.map(\.count).max() ?? 0) + padding
        let columnCount = width.map { cellWidth > 0 ? $0 / cellWidth : 0 } ?? 0
        guard columnCount > 1 else { return cells.joined(separator: "\n") }
        let rowCount = max(1, (cells.count + columnCount - 1) / columnCount)
        var rows = Array(repeating: "", count: rowCount)
        for (index, cell) in cells.enumerated() {
            rows[index % rowCount] += cell + String(repeating: " ", count: max(0, cellWidth - cell.count))
        }
        return rows.joined(separator: "\n")
    }
}
