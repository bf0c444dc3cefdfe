import Foundation
import PkgTestSupport

/// Runs a program as on a machine without some shared libraries: in a private mount namespace
/// (`unshare --mount`) where each library file is `/dev/null`, so `dlopen` fails as it would
/// if the package were not installed. Needs root and `unshare`; `available()` says whether both work.
struct SharedLibraryHiding {
    let unshare: String

    /// `nil`, after printing why, when this machine cannot make a mount namespace.
    static func available() async -> SharedLibraryHiding? {
        guard getuid() == 0, let unshare = RegistryTestSupport.which("unshare") else {
            print("skipping: hiding shared libraries needs root and `unshare`")
            return nil
        }
        guard let probe = try? await ChildProcess.run(unshare, ["--mount", "--propagation", "private", "true"]), probe.status == 0 else {
            print("skipping: `unshare --mount` is not permitted here")
            return nil
        }
        return SharedLibraryHiding(unshare: unshare)
    }

    /// The path the dynamic loader's cache gives for `soname` (`libcurl.so.4`), from `ldconfig -p`.
    static func path(ofLibrary soname: String) async throws -> String? {
        guard let ldconfig = ["/sbin/ldconfig", "/usr/sbin/ldconfig"].first(where: FileManager.default.isExecutableFile(atPath:)) else { return nil }
        let listing = try await ChildProcess.run(ldconfig, ["-p"])
        for line in listing.stdout.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(soname + " "), let arrow = trimmed.range(of: " => ") else { continue }
            return String(trimmed[arrow.upperBound...])
        }
        return nil
    }

    /// Runs `executable` with `libraries` (paths) replaced by `replacement`: `/dev/null` (the
    /// library is not there) or another library (it is there, without the functions pkg needs).
    func run(
        _ executable: String, _ arguments: [String], hiding libraries: [String], with replacement: String = "/dev/null",
        in directory: String, environment: [String: String]
    ) async throws -> ChildProcess.Result {
        // mount(8) follows symbolic links, so the library file itself is replaced.
        let script = #"r=$1; n=$2; shift 2; while [ "$n" -gt 0 ]; do mount --bind "$r" "$1" || exit 97; shift; n=$((n-1)); done; exec "$@""#
        return try await ChildProcess.run(
            unshare,
            ["--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh", replacement, String(libraries.count)] + libraries + [executable] + arguments,
            in: directory, environment: environment)
    }
}
