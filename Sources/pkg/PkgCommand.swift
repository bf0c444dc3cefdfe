import ArgumentParser
import PkgCore
import PkgModel

/// The `pkg` command line: each subcommand is a small struct over PkgCore (STYLE.md section 4).
@main
struct PkgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pkg",
        abstract: "A fast, safe package manager for the npm ecosystem.",
        version: PkgVersion.current,
        subcommands: []
    )
}
