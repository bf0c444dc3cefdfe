import ArgumentParser
import Foundation
import PkgRegistryServer

/// `pkg-registry user add NAME` (password on stdin) and `pkg-registry user list`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage registry accounts.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user; reads the password from stdin.")

        @OptionGroup var dataOptions: DataOptions

        @Argument(help: "The user name.")
        var name: String

        @Option(help: "The user's email address (default NAME@localhost).")
        var email: String?

        func run() async throws {
            let configuration = try dataOptions.configuration()
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("expected the password on stdin")
            }
            do {
                try await RegistryAdministration.addUser(
                    name: name, password: password, email: email ?? "\(name)@localhost", configuration: configuration)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode.failure
            }
            FileHandle.standardError.write(Data("added user \(name)\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the user names, one per line.")

        @OptionGroup var dataOptions: DataOptions

        func run() async throws {
            for name in try await RegistryAdministration.userNames(configuration: try dataOptions.configuration()) {
                print(name)
            }
        }
    }
}
