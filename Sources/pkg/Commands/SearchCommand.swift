// `pkg search <term...>`: npm search's blocks or `--json`.
import ArgumentParser
import Foundation
import PkgModel
import PkgRegistryClient

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the registry by name, description and keywords.",
        discussion: "Qualifiers narrow the search: `keywords:x`, `author:x`, `maintainer:x`, `scope:x`.",
        aliases: ["find", "s", "se"]
    )

    @Argument(help: ArgumentHelp("The words to search for.", valueName: "search term"))
    var terms: [String] = []

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Flag(name: [.customShort("p"), .long], help: "Print one tab-separated line per result.")
    var parseable = false

    @Option(help: "The number of results to ask for.")
    var searchlimit: Int = 20

    @Option(help: "Space-separated words (or /regex/) to drop results by.")
    var searchexclude: String = ""

    @Option(help: "The registry URL.")
    var registry: String?

    func validate() throws {
        if terms.filter({ !$0.isEmpty }).isEmpty { throw ValidationError("search must be called with arguments") }
        if searchlimit < 1 { throw ValidationError("--searchlimit must be at least 1") }
    }

    func run() async throws {
        let client = try RegistryCommandSupport.client(registry: registry, command: "search")
        let results: [JSONObject]
        do {
            results = try await client.search(text: terms.map { $0.lowercased() }.filter { !$0.isEmpty }.joined(separator: " "), limit: searchlimit)
        } catch {
            RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: nil, registry: client.configuration.registry))
        }
        let listing = SearchListing(terms: terms, exclude: searchexclude.split(whereSeparator: \.isWhitespace).map(String.init))
        let text = json ? listing.json(results) : parseable ? listing.parseable(results) : listing.text(results)
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
