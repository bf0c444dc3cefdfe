// PkgRegistryClient speaks the npm registry protocol as a client: packuments, tarballs, auth and
// `.npmrc` configuration. It builds on PkgHTTP and PkgModel; it knows nothing of installs.
import PkgModel
import PkgHTTP
