// `pkg dist-tag add|rm|ls`: npm's outputs `+tag: name@version`, `-tag: name@version`, `tag: version`.
import ArgumentParser
import Foundation
import PkgModel
import PkgRegistryClient

struct DistTagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dist-tag",
        abstract: "Add, remove and list a package's dist-tags.",
        subcommands: [Add.self, Remove.self, List.self],
        defaultSubcommand: List.self
    )

    /// Flags shared by the three subcommands.
    struct Options: ParsableArguments {
        @Option(help: "The registry URL.")
        var registry: String?

        @Option(help: "A one-time password from your authenticator, sent as `npm-otp`.")
        var otp: String?
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Point a tag at a version: `pkg dist-tag add name@1.2.3 next`.",
            aliases: ["a", "set", "s"]
        )

        @Argument(help: ArgumentHelp("The package and version (`name@1.2.3`).", valueName: "package-spec"))
        var spec: String

        @Argument(help: "The tag (default: `latest`).")
        var tag: String = "latest"

        @OptionGroup var options: Options

        func validate() throws {
            guard let version = try RegistrySpecArgument(spec).versionSpec, !version.isEmpty else {
                throw ValidationError("must provide a spec with a name and version, and a tag to add")
            }
        }

        func run() async throws {
            let argument = try RegistrySpecArgument(spec)
            let version = argument.versionSpec ?? ""
            let tag = tag.trimmingCharacters(in: .whitespaces)
            if (try? VersionRange(tag)) != nil {
                RegistryCommandSupport.fail(RegistryCommandError.tagIsRange(tag))
            }
            let client = try RegistryCommandSupport.client(registry: options.registry, command: "dist-tag")
            let target = client.registry(forPackage: argument.name)
            do {
                let tags = try await client.distTags(of: argument.name)
                if tags[tag] == version {
                    RegistryCommandSupport.log("warn dist-tag add \(tag) is already set to version \(version)")
                    return
                }
                do {
                    try await client.setDistTag(tag, of: argument.name, to: version, oneTimePassword: options.otp)
                } catch .notFound {
                    // The tags were just read, so the package exists: the version does not.
                    RegistryCommandSupport.fail(RegistryCommandError.unknownVersion(name: argument.name, version: version))
                }
            } catch {
                RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: argument.name, registry: target))
            }
            RegistryCommandSupport.output("+\(tag): \(argument.name)@\(version)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Remove a tag: `pkg dist-tag rm name next`.",
            aliases: ["r", "del", "d", "remove"]
        )

        @Argument(help: ArgumentHelp("The package.", valueName: "package-spec"))
        var spec: String

        @Argument(help: "The tag to remove.")
        var tag: String

        @OptionGroup var options: Options

        func run() async throws {
            let argument = try RegistrySpecArgument(spec)
            let client = try RegistryCommandSupport.client(registry: options.registry, command: "dist-tag")
            let target = client.registry(forPackage: argument.name)
            let version: String
            do {
                let tags = try await client.distTags(of: argument.name)
                guard let tagged = tags[tag] else {
                    RegistryCommandSupport.fail(RegistryCommandError.unknownTag(tag: tag, name: argument.name))
                }
                version = tagged
                try await client.removeDistTag(tag, of: argument.name, oneTimePassword: options.otp)
            } catch {
                RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: argument.name, registry: target))
            }
            RegistryCommandSupport.output("-\(tag): \(argument.name)@\(version)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List the tags (default: of the package in this folder).",
            aliases: ["l", "sl", "list"]
        )

        @Argument(help: ArgumentHelp("The package.", valueName: "package-spec"))
        var spec: String?

        @OptionGroup var options: Options

        func run() async throws {
            let argument = try RegistrySpecArgument(spec)
            let client = try RegistryCommandSupport.client(registry: options.registry, command: "dist-tag")
            let tags: [String: String]
            do {
                tags = try await client.distTags(of: argument.name)
            } catch {
                RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: argument.name, registry: client.registry(forPackage: argument.name)))
            }
            guard !tags.isEmpty else { RegistryCommandSupport.fail(RegistryCommandError.noTags(name: argument.name)) }
            let lines = tags.map { "\($0.key): \($0.value)" }.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            RegistryCommandSupport.output(lines.joined(separator: "\n"))
        }
    }
}
