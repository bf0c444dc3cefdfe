import ArgumentParser
import Foundation
import PkgCore
import PkgModel

/// The `pkg` command line: each subcommand is a small struct over PkgCore (STYLE.md section 4).
struct PkgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkg",
        abstract: "A fast, safe package manager for the npm ecosystem.",
        version: PkgVersion.current,
        subcommands: [
            InstallCommand.self, AddCommand.self, RemoveCommand.self, UpdateCommand.self, CICommand.self,
            InitCommand.self, RunCommand.self, TestCommand.self, StartCommand.self, CacheCommand.self,
            PackCommand.self, PublishCommand.self, LoginCommand.self, LogoutCommand.self, WhoamiCommand.self,
            ListCommand.self, WhyCommand.self, OutdatedCommand.self, VersionCommand.self,
            ViewCommand.self, DistTagCommand.self, DeprecateCommand.self, UnpublishCommand.self, OwnerCommand.self,
            SearchCommand.self, StoreSyncCommand.self,
        ]
    )
}

/// Entry point: maps ArgumentParser's usage errors to exit code 2 and everything else through
/// `Console` so the exit codes are 0 (success), 1 (a failure to act on), 2 (usage).
@main
enum Main {
    static func main() async {
        do {
            var command = try PkgCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = PkgCommand.exitCode(for: error)
            if code == .success || error is CleanExit {
                PkgCommand.exit(withError: error)
            }
            if let exit = error as? ExitCode {
                Foundation.exit(exit.rawValue)
            }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((PkgCommand.fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            Console(silent: false, verbose: false).error(error)
            Foundation.exit(1)
        }
    }
}
