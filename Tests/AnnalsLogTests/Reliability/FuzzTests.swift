import Foundation
import Testing

/// Part 4 of the harness: the fuzz targets of Sources/AnnalsFuzz (the stored-payload
/// decoder, the import's decode-and-judge pipeline, the projections' checkpoint).
/// `make reliability` builds them with libFuzzer (`-c release -sanitize=fuzzer,address`,
/// in .build-fuzz) and names that build in ANNALS_LIBFUZZER: each target then runs with
/// coverage feedback for a bounded time from a seed corpus. Without it (`make test`),
/// the same targets run under the seeded mutation fuzzer for a few thousand inputs.
@Suite struct FuzzTests {
    static let fixtures = Reliability.repository.appendingPathComponent("Fixtures").path

    /// Seconds and the longest input per target under libFuzzer, and inputs per target
    /// without it. (An import input is judged line by line and folded into the
    /// projections, whose checkpoint is then read back: it pays to keep it short.)
    static let budgets: [String: (seconds: Int, maxLength: Int, runs: Int)] = [
        "binary": (120, 4096, 20_000), "json": (120, 8192, 2_000), "snapshot": (30, 65536, 5_000),
    ]

    @Test(arguments: ["binary", "json", "snapshot"])
    func fuzzTargetSurvivesItsInputs(target: String) throws {
        let driver = builtExecutable("AnnalsFuzz")
        let budget = Self.budgets[target]!
        guard let libFuzzer = Reliability.environment["ANNALS_LIBFUZZER"], !libFuzzer.isEmpty else {
            let runs = Reliability.isFull ? budget.runs * 25 : budget.runs
            let run = try CommandRun.program(driver, ["run", target, "--runs", String(runs), "--seed", String(Reliability.seed), "--fixtures", Self.fixtures])
            #expect(run.succeeded, "\(run.summary)\n\(run.text.suffix(2000))")
            Reliability.report("fuzz \(target)", ["fuzz executions": runs], note: "seeded mutations without coverage (libFuzzer runs in make reliability)")
            return
        }
        let work = TemporaryDirectory()
        let seeds = try CommandRun.program(driver, ["seeds", work.path, "--fixtures", Self.fixtures])
        #expect(seeds.succeeded, "\(seeds.summary)")
        let corpus = work.path + "/" + target
        let run = try CommandRun.program(
            libFuzzer,
            [
                "-max_total_time=\(budget.seconds)", "-max_len=\(budget.maxLength)", "-seed=\(Reliability.seed)", "-print_final_stats=1",
                "-artifact_prefix=\(work.path)/", "-rss_limit_mb=4096", corpus,
            ], environment: ["ANNALS_FUZZ_TARGET": target, "SWIFT_BACKTRACE": "enable=no"], timeout: TimeInterval(budget.seconds + 300))
        let log = run.errors
        let executions = log.split(separator: "\n").first { $0.hasPrefix("stat::number_of_executed_units:") }
            .flatMap { Int($0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) } ?? 0
        let clean = run.succeeded  // (not the run itself: its whole log would be printed twice)
        #expect(clean, "libFuzzer found a failure in \(target):\n\(log.suffix(4000))")
        if !run.succeeded, let artifact = try? FileManager.default.contentsOfDirectory(atPath: work.path).first(where: { $0.hasPrefix("crash-") || $0.hasPrefix("leak-") || $0.hasPrefix("timeout-") || $0.hasPrefix("oom-") }) {
            let kept = Reliability.repository.appendingPathComponent(".build-fuzz/\(target)-\(artifact)").path
            try? FileManager.default.copyItem(atPath: work.path + "/" + artifact, toPath: kept)
            Issue.record("the input is kept in \(kept); replay: ANNALS_FUZZ_TARGET=\(target) \(libFuzzer) \(kept)")
        }
        #expect(executions > 0)
        Reliability.report("fuzz \(target)", ["fuzz executions": executions], note: "libFuzzer with AddressSanitizer, \(budget.seconds) s")
    }
}
