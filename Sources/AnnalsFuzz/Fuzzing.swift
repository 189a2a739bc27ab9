import Annals
import Foundation

/// libFuzzer's entry: runs the target named by `ANNALS_FUZZ_TARGET` (binary, json or
/// snapshot) on one input; a broken round trip traps, so libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let failure = Fuzzing.target.run(UnsafeRawBufferPointer(start: data, count: size)) { fatalError(failure) }
    return 0
}

/// The fuzz driver, in two builds of the same code:
///
/// - built with `-sanitize=fuzzer` (`make reliability`: `swift build -c release
///   --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address …`), libFuzzer is
///   linked in and runs the target with coverage feedback; every argument is libFuzzer's
///   (`ANNALS_FUZZ_TARGET=json .build-fuzz/release/AnnalsFuzz -max_total_time=120 CORPUS`);
/// - built normally, it is a deterministic mutation fuzzer without coverage, for the
///   short run in `make test` and for toolchains without libFuzzer:
///   `AnnalsFuzz run TARGET [--runs N] [--seed S] [--fixtures DIR]`, and
///   `AnnalsFuzz seeds DIR [--fixtures DIR]` writes the seed corpus for libFuzzer.
@main
enum Fuzzing {
    static let target = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["ANNALS_FUZZ_TARGET"] ?? "") ?? .json

    typealias Driver = @convention(c) (
        UnsafeMutablePointer<CInt>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    static func main() {
        // Present only when libFuzzer is linked in (the fuzz build exports it).
        if let symbol = dlsym(nil, "LLVMFuzzerRunDriver") {
            let driver = unsafeBitCast(symbol, to: Driver.self)
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(driver(&argc, &argv, fuzzOneInput))
        }
        let arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        let fixtures = option("--fixtures")
        switch (arguments.first, arguments.dropFirst().first) {
        case ("seeds", let directory?):
            for target in FuzzTarget.allCases {
                let folder = directory + "/" + target.rawValue
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for (i, seed) in Seeds.make(for: target, fixtures: fixtures).enumerated() {
                    _ = FileManager.default.createFile(atPath: folder + "/seed-\(i)", contents: Data(seed))
                }
            }
        case ("run", let name?):
            guard let target = FuzzTarget(rawValue: name) else { usage() }
            let runs = option("--runs").flatMap { Int($0) } ?? 10_000
            let seed = option("--seed").flatMap { UInt64($0) } ?? UInt64.random(in: 1...999_999)
            let corpus = Seeds.make(for: target, fixtures: fixtures)
            var mutator = Mutator(seed: seed, tokens: target == .binary ? [] : Mutator.jsonTokens)
            for run in 0..<runs {
                let input = run < corpus.count ? corpus[run] : mutator.mutate(corpus)
                if let failure = input.withUnsafeBytes({ target.run($0) }) {
                    print("AnnalsFuzz \(target) seed \(seed) run \(run): \(failure)\ninput (hex): \(input.map { String(format: "%02x", $0) }.joined())")
                    exit(1)
                }
            }
            print("AnnalsFuzz \(target): \(runs) runs from \(corpus.count) seeds, seed \(seed): no failure")
        default:
            usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("usage: AnnalsFuzz run binary|json|snapshot [--runs N] [--seed S] [--fixtures DIR] | seeds DIR [--fixtures DIR]\n".utf8))
        exit(2)
    }
}
