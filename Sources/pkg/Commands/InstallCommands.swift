import ArgumentParser
import PkgCore
import PkgModel
import PkgResolver

/// `--save-*` flags shared by `install <spec>` and `add`.
struct SaveOptions: ParsableArguments {
    @Flag(name: [.customShort("D"), .customLong("save-dev")], help: "Save to devDependencies.")
    var saveDev = false
    @Flag(name: [.customShort("O"), .customLong("save-optional")], help: "Save to optionalDependencies.")
    var saveOptional = false
    @Flag(name: .customLong("save-peer"), help: "Save to peerDependencies.")
    var savePeer = false
    @Flag(name: [.customShort("E"), .customLong("save-exact")], help: "Save the exact version instead of a ^ range.")
    var saveExact = false

    var kind: PkgModel.DependencyKind? {
        if saveDev { return .dev }
        if saveOptional { return .optional }
        if savePeer { return .peer }
        return nil
    }

    func validate() throws {
        if [saveDev, saveOptional, savePeer].filter({ $0 }).count > 1 {
            throw ValidationError("Pass only one of `--save-dev`, `--save-optional` and `--save-peer`.")
        }
    }
}

struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Install the project's dependencies, or add packages (like `add`).", aliases: ["i"]
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var save: SaveOptions
    @Flag(name: .customLong("ignore-scripts"), help: "Run no dependency scripts, even allow-listed ones.")
    var ignoreScripts = false
    @Argument(help: "Packages to add: `name`, `name@range`, `name@tag`, `alias@npm:name@range`.")
    var packages: [String] = []

    func run() async throws {
        let additions = try packages.map { try DependencyRequest(parsing: $0) }
        try await InstallRunner(global: global, command: "install").run { options in
            options.additions = additions
            options.saveKind = save.kind
            options.saveExact = save.saveExact
            options.ignoreScripts = ignoreScripts
        }
    }
}

struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add packages to package.json and install them.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var save: SaveOptions
    @Argument(help: "Packages to add: `name`, `name@range`, `name@tag`, `alias@npm:name@range`.")
    var packages: [String]

    func validate() throws {
        if packages.isEmpty { throw ValidationError("Name at least one package to add.") }
    }

    func run() async throws {
        let additions = try packages.map { try DependencyRequest(parsing: $0) }
        try await InstallRunner(global: global, command: "install").run { options in
            options.additions = additions
            options.saveKind = save.kind
            options.saveExact = save.saveExact
        }
    }
}

struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove packages from package.json and node_modules.", aliases: ["rm", "uninstall"]
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Package names to remove.")
    var packages: [String]

    func validate() throws {
        if packages.isEmpty { throw ValidationError("Name at least one package to remove.") }
    }

    func run() async throws {
        try await InstallRunner(global: global, command: "uninstall").run { options in
            options.removals = packages
        }
    }
}

struct UpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Re-resolve packages to the newest versions their ranges allow.", aliases: ["up"]
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Package names to update; all when none is given.")
    var packages: [String] = []

    func run() async throws {
        try await InstallRunner(global: global, command: "update").run { options in
            options.update = packages.isEmpty ? .all : .packages(Set(packages))
        }
    }
}

struct CICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ci", abstract: "Install exactly what pkg.lock says; fail if it does not match package.json.",
        aliases: ["clean-install"]
    )
    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("ignore-scripts"), help: "Run no dependency scripts, even allow-listed ones.")
    var ignoreScripts = false

    func run() async throws {
        try await InstallRunner(global: global, command: "ci").run { options in
            options.frozenLockfile = true
            options.ignoreScripts = ignoreScripts
        }
    }
}
