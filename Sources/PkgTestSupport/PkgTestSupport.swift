// Test helpers shared by the test targets: in-memory package sources, seeded registry generators,
// and process helpers that find the real `node` and `npm` used as oracles.
import PkgModel
import PkgResolver
