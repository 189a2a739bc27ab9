// swift-tools-version: 6.1
//
// Annals: an embeddable, event-sourced records and archive engine.
//
// Layers, bottom up (dependencies point down only):
//   CLZ4, CAnnalsSupport  C bindings (liblz4 from Debian; hardware CRC-32C)
//   AnnalsLog             the storage engine: segments, checksums, recovery, proofs
//   Annals                the domain: meeting events, rules, projections, queries
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
        .executable(name: "annals", targets: ["AnnalsCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
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
            ]
        ),
        .executableTarget(
            name: "AnnalsCLI",
            dependencies: [
                "Annals",
                "AnnalsLog",
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
