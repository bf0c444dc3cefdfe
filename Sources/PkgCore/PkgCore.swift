// PkgCore is the install pipeline: the registry-backed package source, the content-addressable
// store, the fetcher, the node_modules linker and project editing. It must never import the
// server or Hummingbird.
import PkgModel
import PkgResolver
import PkgRegistryClient
import PkgArchive
import PkgHTTP
