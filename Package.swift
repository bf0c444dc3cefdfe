// swift-tools-version:6.1
// pkg: an npm-compatible package manager (`pkg`) and registry server (`pkg-registry`).
// Dependencies point inward to PkgModel; docs/architecture.md has the module map and the
// imports each target must never make.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "pkg",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pkg", targets: ["pkg"]),
        .executable(name: "pkg-registry", targets: ["pkg-registry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        // Semver, package names, package.json, packuments, lockfile, integrity, diagnostics. Pure: no I/O.
        .target(
            name: "PkgModel",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The resolver: a pure function over a PackageSource protocol.
        .target(name: "PkgResolver", dependencies: ["PkgModel"], swiftSettings: swiftSettings),
        // libarchive (headers from Debian's libarchive-dev), opened with dlopen on first use so that
        // runs reading no tarball do not pay for loading it and its libraries; zlib is linked.
        .target(name: "CArchive", dependencies: ["CLibraryLoader"], linkerSettings: [.linkedLibrary("z")]),
        // libcurl (headers from Debian's libcurl4-openssl-dev), opened with dlopen on the first
        // request: its ~40 shared libraries cost ~5 ms in every run that sends none.
        .target(name: "CCurl", dependencies: ["CLibraryLoader"]),
        // dlopen of the first candidate file name and dlsym of every needed function, for the two above.
        .target(name: "CLibraryLoader"),
        // The one Swift owner of libarchive: safe extraction, deterministic packing.
        .target(name: "PkgArchive", dependencies: ["CArchive", "PkgModel"], swiftSettings: swiftSettings),
        // The one Swift owner of libcurl: concurrent transfers, retries, redacted errors.
        .target(name: "PkgHTTP", dependencies: ["CCurl", "PkgModel"], swiftSettings: swiftSettings),
        // The npm registry protocol as a client: packuments, tarballs, auth, .npmrc configuration.
        .target(name: "PkgRegistryClient", dependencies: ["PkgModel", "PkgHTTP"], swiftSettings: swiftSettings),
        // The install pipeline: registry package source, store, fetcher, linker, project.
        .target(
            name: "PkgCore",
            dependencies: ["PkgModel", "PkgResolver", "PkgRegistryClient", "PkgArchive", "PkgHTTP"],
            swiftSettings: swiftSettings
        ),
        // The `pkg` command line: thin ArgumentParser commands over PkgCore.
        .executableTarget(
            name: "pkg",
            dependencies: [
                "PkgCore", "PkgModel", "PkgResolver", "PkgRegistryClient", "PkgArchive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The registry server: Hummingbird controllers, storage, auth.
        .target(
            name: "PkgRegistryServer",
            dependencies: [
                "PkgModel", "PkgArchive",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The `pkg-registry` command line: thin executable over PkgRegistryServer.
        .executableTarget(
            name: "pkg-registry",
            dependencies: [
                "PkgRegistryServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test helpers: in-memory package source, seeded registry generator, process and oracle helpers.
        .target(name: "PkgTestSupport", dependencies: ["PkgModel", "PkgResolver"], swiftSettings: swiftSettings),

        .testTarget(
            name: "PkgModelTests", dependencies: ["PkgModel", "PkgTestSupport"],
            exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(name: "PkgResolverTests", dependencies: ["PkgResolver", "PkgTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PkgArchiveTests", dependencies: ["PkgArchive", "PkgTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PkgHTTPTests", dependencies: ["PkgHTTP", "PkgTestSupport"],
            exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PkgRegistryClientTests", dependencies: ["PkgRegistryClient", "PkgTestSupport"],
            exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(name: "PkgCoreTests", dependencies: ["PkgCore", "PkgTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PkgRegistryServerTests",
            dependencies: [
                "PkgRegistryServer", "PkgTestSupport", "PkgArchive",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        // Whole binaries against each other: real pkg-registry on loopback, real npm and node as oracles.
        .testTarget(name: "EndToEndTests", dependencies: ["PkgTestSupport", "PkgHTTP"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
    ]
)
