import PkgResolver
import PkgTestSupport
import Testing
@testable import PkgCore

@Suite struct HostPlatformTests {
    @Test func namesThisMachineAsNodeDoes() {
        #if os(Linux)
        #expect(HostPlatform.current.os == "linux")
        #expect(["glibc", "musl"].contains(HostPlatform.current.libc))
        #endif
        #if arch(x86_64)
        #expect(HostPlatform.current.cpu == "x64")
        #elseif arch(arm64)
        #expect(HostPlatform.current.cpu == "arm64")
        #endif
    }

    /// The corpus install put 54 `@esbuild/*`-style packages for other systems into node_modules
    /// before installs told the resolver which machine they run on.
    @Test func installsLockOptionalPackagesForOtherPlatformsButDoNotInstallThem() async throws {
        let foreign = HostPlatform.current.os == "win32" ? "darwin" : "win32"
        let source = InMemoryPackageSource([
            VersionMetadata(name: "tool", version: "1.0.0", optionalDependencies: ["tool-native-\(foreign)": "1.0.0", "tool-native-here": "1.0.0"]),
            VersionMetadata(name: "tool-native-\(foreign)", version: "1.0.0", os: [foreign]),
            VersionMetadata(name: "tool-native-here", version: "1.0.0", os: [HostPlatform.current.os], cpu: [HostPlatform.current.cpu]),
        ])
        let options = InstallOptions()
        let resolution = try await Resolver(source: source).resolve(
            ResolutionRequest(dependencies: ["tool": "^1.0.0"], options: options.resolution)
        )
        #expect(resolution.graph.packages.keys.map(\.name).sorted() == ["tool", "tool-native-here", "tool-native-\(foreign)"])
        #expect(resolution.packagesToInstall(omit: options.omit).map(\.name).sorted() == ["tool", "tool-native-here"])
    }
}
