// `pkg owner add|rm|ls`: npm owner's requests and outputs (`+ user (name)`, `- user (name)`,
// `name <email>` per maintainer).
import ArgumentParser
import Foundation
import PkgModel
import PkgRegistryClient

struct OwnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owner",
        abstract: "Manage the users who may publish a package.",
        subcommands: [Add.self, Remove.self, List.self],
        aliases: ["author"]
    )

    struct Options: ParsableArguments {
        @Option(help: "The registry URL.")
        var registry: String?

        @Option(help: "A one-time password from your authenticator, sent as `npm-otp`.")
        var otp: String?
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Make a user a maintainer of a package.")

        @Argument(help: "The registry user.")
        var user: String

        @Argument(help: ArgumentHelp("The package (default: this folder's).", valueName: "package-spec"))
        var spec: String?

        @OptionGroup var options: Options

        func run() async throws {
            try await OwnerCommand.change(user: user, spec: spec, options: options, adding: true)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a maintainer from a package.", aliases: ["remove"])

        @Argument(help: "The registry user.")
        var user: String

        @Argument(help: ArgumentHelp("The package (default: this folder's).", valueName: "package-spec"))
        var spec: String?

        @OptionGroup var options: Options

        func run() async throws {
            try await OwnerCommand.change(user: user, spec: spec, options: options, adding: false)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List a package's maintainers.", aliases: ["list"])

        @Argument(help: ArgumentHelp("The package (default: this folder's).", valueName: "package-spec"))
        var spec: String?

        @OptionGroup var options: Options

        func run() async throws {
            let argument = try RegistrySpecArgument(spec)
            let client = try RegistryCommandSupport.client(registry: options.registry, command: "owner")
            do {
                let maintainers = try await client.fullPackument(named: argument.name).maintainers
                if maintainers.isEmpty {
                    RegistryCommandSupport.output("no admin found")
                } else {
                    RegistryCommandSupport.output(maintainers.map { "\($0.name) <\($0.email ?? "undefined")>" }.joined(separator: "\n"))
                }
            } catch {
                RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: argument.name, registry: client.registry(forPackage: argument.name)))
            }
        }
    }

    static func change(user: String, spec: String?, options: Options, adding: Bool) async throws {
        let argument = try RegistrySpecArgument(spec)
        let client = try RegistryCommandSupport.client(registry: options.registry, command: "owner")
        let target = client.registry(forPackage: argument.name)
        do {
            let person: RegistryPerson
            do {
                person = try await client.user(named: user)
            } catch .notFound {
                RegistryCommandSupport.fail(RegistryCommandError.unknownUser(user))
            }
            let packument = try await client.fullPackument(named: argument.name)
            let owners = packument.maintainers
            let maintainers: [RegistryPerson]
            if adding {
                if let existing = owners.first(where: { $0.name == person.name }) {
                    RegistryCommandSupport.log("notice owner add Already a package owner: \(existing.name) <\(existing.email ?? "")>")
                    return
                }
                maintainers = owners + [person]
            } else {
                maintainers = owners.filter { $0.name != person.name }
                if maintainers.count == owners.count {
                    RegistryCommandSupport.log("notice owner rm Not a package owner: \(person.name)")
                    return
                }
                if maintainers.isEmpty {
                    RegistryCommandSupport.fail(RegistryCommandError.lastOwner(user: user, name: argument.name))
                }
            }
            try await client.setMaintainers(maintainers, of: packument, oneTimePassword: options.otp)
        } catch {
            RegistryCommandSupport.fail(RegistryCommandSupport.explained(error, name: argument.name, registry: target))
        }
        RegistryCommandSupport.output("\(adding ? "+" : "-") \(user) (\(argument.name))")
    }
}
