// PkgResolver owns dependency resolution: a pure function from a project's requirements and a
// `PackageSource` (metadata only) to a resolved graph. It must never import HTTP, archive, file
// system or server code; the install pipeline in PkgCore adapts the registry to `PackageSource`.
import PkgModel
