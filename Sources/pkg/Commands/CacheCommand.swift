import ArgumentParser
import Foundation
import PkgCore

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Inspect and maintain the package store.",
        subcommands: [Verify.self, Directory.self, Clean.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-hash every stored file and remove damaged entries.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = Store(cacheDirectory: global.cacheDirectory())
            let result = try store.verify()
            let console = global.console
            if global.json {
                let object: [String: Any] = [
                    "entries": result.checked, "files": result.files,
                    "damaged": Dictionary(uniqueKeysWithValues: result.damaged.map { ($0.key.relativePath, $0.value) }),
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                console.output(String(decoding: data, as: UTF8.self))
            } else {
                for (key, problems) in result.damaged.sorted(by: { $0.key < $1.key }) {
                    console.warning("removed damaged entry \(key.relativePath): " + problems.joined(separator: "; "))
                }
                console.info("verified \(result.checked) packages (\(result.files) files) in \(store.root); \(result.damaged.count) damaged")
            }
            if !result.damaged.isEmpty { throw ExitCode(1) }
        }
    }

    struct Directory: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dir", abstract: "Print the store's folder.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            global.console.output(Store(cacheDirectory: global.cacheDirectory()).root)
        }
    }

    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the whole store.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = Store(cacheDirectory: global.cacheDirectory())
            try store.clean()
            global.console.info("removed \(store.root)")
        }
    }
}
