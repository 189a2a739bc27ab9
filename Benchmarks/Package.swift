// swift-tools-version: 6.1
//
// Annals' benchmarks, in a nested package so that users of the library never
// resolve benchmark tooling. Run from the repository root:
//
//   swift package --package-path Benchmarks benchmark           (micro-benchmarks)
//   swift run -c release --package-path Benchmarks annals-bench (figures and comparisons)
import PackageDescription

let package = Package(
    name: "AnnalsBenchmarks",
    dependencies: [
        .package(name: "Annals", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // SQLite for the side-by-side comparison in annals-bench (never a dependency of Annals itself).
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "annals-bench",
            dependencies: [
                .product(name: "AnnalsLog", package: "Annals"),
                .product(name: "Annals", package: "Annals"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/annals-bench"
        ),
        .executableTarget(
            name: "LogBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "AnnalsLog", package: "Annals"),
                .product(name: "Annals", package: "Annals"),
            ],
            path: "Benchmarks/LogBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
