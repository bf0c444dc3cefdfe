import ArgumentParser
import Foundation
import PkgCore
#if canImport(Glibc)
import Glibc
#endif

/// `pkg internal-store-sync MARKER`: what an install leaves running when it returns without
/// waiting for the disk (`StoreDurability`): `sync(2)`, then removes the install's sync marker.
/// Hidden: only pkg starts it.
struct StoreSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "internal-store-sync", abstract: "Flush an install's store writes to disk.", shouldDisplay: false
    )

    @Argument(help: "The install's sync marker, in the store's `unsynced` folder.")
    var marker: String

    func run() throws {
        guard StoreSyncJournal.isMarkerPath(marker) else {
            throw ValidationError("not a sync marker in a store's `unsynced` folder: \(marker)")
        }
        sync()
        StoreSyncJournal.end(marker: marker)
    }
}
