// What `pkg-registry user ...` does to a data directory, kept here so the executable stays thin.

/// Offline administration of a registry's data directory.
import PkgModel
package enum RegistryAdministration {
    /// Creates a user with a bcrypt-hashed password.
    ///
    /// - Throws: `RegistryError` for an invalid name or password or a taken name.
    package static func addUser(name: String, password: String, email: String, configuration: RegistryConfiguration) async throws {
        try UserValidation.validate(name: name, password: password)
        let services = try RegistryServices.fileBacked(configuration)
        _ = try await services.users.addUser(
            name: name, passwordHash: UserDirectory.hashPassword(password, cost: configuration.passwordCost), email: email)
    }

    /// The names of every user, sorted.
    package static func userNames(configuration: RegistryConfiguration) async throws -> [String] {
        try await RegistryServices.fileBacked(configuration).users.allUsers().map(\.name)
    }
}
