// PkgRegistryClient speaks the npm registry protocol as a client: packuments, tarballs, auth and
// `.npmrc` configuration. It builds on PkgHTTP and PkgModel; it knows nothing of installs, and it
// never imports libcurl, libarchive, the resolver or the server.
//
// Configuration/  `.npmrc` layers, ini parsing, `${VAR}` expansion, nerf darts, credentials, editor
// Cache/          the on-disk metadata cache (`<cache>/metadata-v2/…`)
// Client/         `RegistryClient` and its requests, results and errors
import PkgHTTP
import PkgModel
