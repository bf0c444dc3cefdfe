// PkgRegistryServer is the registry: a Hummingbird application with controllers over a
// `PackageStorage` protocol, auth and access rules. It must never import PkgCore, PkgResolver or
// the HTTP client.
import PkgModel
import PkgArchive
