// swift-tools-version: 6.1
//
// Annals: an embeddable, event-sourced records and archive engine.
//
// Layers, bottom up (dependencies point down only):
//   CLZ4, CAnnalsSupport  C bindings (liblz4 from Debian; hardware CRC-32C)
//   AnnalsLog             the storage engine: segments, checksums, recovery, proofs
//   Annals                the domain: meeting events, rules, projections, queries
//   AnnalsPostgres        the log on PostgreSQL (postgres-nio), its own product
//   AnnalsServer          `annals serve`: the HTTP API and the page (Hummingbird 2)
//   AnnalsCLI (`annals`)  the command line, on the domain API only
//
// Benchmarks live in the nested package `Benchmarks/` so that users of the
// library never resolve benchmark tooling.
import PackageDescription

let package = Package(
    name: "Annals",
    products: [
        .library(name: "AnnalsLog", targets: ["AnnalsLog"]),
        .library(name: "Annals", targets: ["Annals"]),
        // The log on PostgreSQL, for services sharing one archive across machines: a
        // product of its own, so the `Annals` library never resolves a database driver.
        .library(name: "AnnalsPostgres", targets: ["AnnalsPostgres"]),
        .executable(name: "annals", targets: ["AnnalsCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The server's stack. Hummingbird's default traits (swift-configuration,
        // full Foundation) are not needed: the server reads its settings from flags.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        .target(name: "CAnnalsSupport"),
        .target(
            name: "AnnalsLog",
            dependencies: [
                "CLZ4",
                "CAnnalsSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Annals",
            dependencies: [
                "AnnalsLog",
                .product(name: "Crypto", package: "swift-crypto"),
                // bcrypt for account passwords: a C implementation with no Hummingbird
                // dependency (the library stays free of the server's stack).
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        .target(
            name: "AnnalsServer",
            dependencies: [
                "Annals",
                "AnnalsLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // The page's files and the OpenAPI document are embedded by
            // Scripts/embed-page.py into Generated/EmbeddedFiles.swift (see StaticFiles.swift).
            exclude: ["Page", "openapi.json"]
        ),
        .target(
            name: "AnnalsPostgres",
            dependencies: [
                "AnnalsLog",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "AnnalsCLI",
            dependencies: [
                "Annals",
                "AnnalsLog",
                "AnnalsServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzz driver: libFuzzer when built with -sanitize=fuzzer (make reliability),
        // a seeded mutation fuzzer otherwise (make test). Not a product: a tool for us.
        .executableTarget(
            name: "AnnalsFuzz",
            dependencies: ["Annals"]
        ),
        .testTarget(
            name: "AnnalsTests",
            dependencies: ["Annals", "AnnalsLog"]
        ),
        .testTarget(
            name: "AnnalsServerTests",
            dependencies: [
                "AnnalsServer",
                "Annals",
                "AnnalsLog",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "AnnalsPostgresTests",
            dependencies: ["AnnalsPostgres", "AnnalsLog"]
        ),
        .testTarget(
            name: "AnnalsLogTests",
            dependencies: ["AnnalsLog", "CAnnalsSupport"]
        ),
    ]
)

// The same strict settings on every Swift target (the swift-log pattern): Swift 6
// language mode with complete concurrency checking, imports internal unless a type
// appears in the public API, and `any` spelled out for existentials.
for target in package.targets where target.type != .system {
    guard target.name != "CAnnalsSupport" else { continue }
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .swiftLanguageMode(.v6),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
