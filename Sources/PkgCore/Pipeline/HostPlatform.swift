import Foundation
import PkgResolver

/// The machine an install lays packages out for, in Node's names (`process.platform`,
/// `process.arch`, detect-libc's family), so optional dependencies built for other systems
/// (`@esbuild/darwin-arm64` on Linux) are locked but not installed, as npm does.
package enum HostPlatform {
    /// This process's platform; the libc family is read once from the file system.
    package static let current = Platform(os: os, cpu: cpu, libc: libc)

    static var os: String {
        #if os(Linux)
        "linux"
        #elseif os(macOS)
        "darwin"
        #elseif os(Windows)
        "win32"
        #elseif os(FreeBSD)
        "freebsd"
        #else
        "unknown"
        #endif
    }

    static var cpu: String {
        #if arch(x86_64)
        "x64"
        #elseif arch(arm64)
        "arm64"
        #elseif arch(i386)
        "ia32"
        #elseif arch(arm)
        "arm"
        #else
        "unknown"
        #endif
    }

    /// `musl` when the dynamic loader is musl's, `glibc` otherwise on Linux, `nil` elsewhere
    /// (detect-libc answers `null` off Linux, and a package naming a libc then does not match).
    static var libc: String? {
        #if os(Linux)
        let loaders = (try? FileManager.default.contentsOfDirectory(atPath: "/lib")) ?? []
        return loaders.contains { $0.hasPrefix("ld-musl-") } ? "musl" : "glibc"
        #else
        nil
        #endif
    }
}
