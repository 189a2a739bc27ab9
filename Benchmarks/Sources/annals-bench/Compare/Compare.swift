import Annals
import Foundation

/// The side-by-side comparison (issue 7, part 3): the same generated events through
/// Annals, SQLite (GRDB) and a JSON Lines file, each workload of each system in a
/// child process of its own (see `ComparePhase`), and a table of the figures with
/// Annals ÷ SQLite. Benchmarks/README.md describes the method.
enum Compare {
    enum System: String, CaseIterable {
        case annals, sqlite, jsonl
        /// SQLite with Annals' binary codec as the payload: run for the import, the
        /// replay and the bytes only, to tell the storage engine from the codec.
        case sqliteBinary = "sqlite-bin"
        var title: String {
            switch self {
            case .annals: "Annals"
            case .sqlite: "SQLite"
            case .jsonl: "JSON Lines"
            case .sqliteBinary: "SQLite, binary payload"
            }
        }
        /// The systems every workload runs on.
        static let main: [System] = [.annals, .sqlite, .jsonl]
    }

    /// One row of the table.
    struct Row {
        var key: String
        var name: String
        var unit: String
        /// Whether a higher figure is better (rates) or a lower one (time, bytes).
        var higherIsBetter: Bool
        /// The issue's target for Annals ÷ SQLite, if it sets one.
        var target: String?
        var figures: [System: Double] = [:]
        /// Why a system has no figure.
        var missing: [System: String] = [:]

        var ratio: Double? {
            guard let a = figures[.annals], let s = figures[.sqlite], s > 0 else { return nil }
            return a / s
        }
    }

    struct Result {
        var rows: [Row]
        /// Every phase's raw output, with its peak memory and CPU time: `details[phase][system]`.
        var details: [String: [String: [String: Any]]]
        var events: Int
        var datasetBytes: Int
        /// How many times each timed workload ran (the median is shown).
        var rounds: Int
        var seconds: Double
    }

    /// Events each of the 32 concurrent writers appends, at scale 1.
    static let concurrentPerWriter = 125

    /// Runs the comparison; each timed workload `rounds` times (the systems taking
    /// turns within a round), keeping each system's median round.
    static func run(scale: Double, rounds: Int = 1, progress: (String) -> Void) throws -> Result {
        let started = Date()
        let base = LogWorkloads.temporary("compare")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let dataset = base + "/dataset.jsonl"
        let options = Dataset.options(scale: scale)
        progress("comparison: generating \(options.years) years of meetings and \(options.custodyYears) of custody (seed \(options.seed))")
        let events = try Dataset.generate(to: dataset, options: options, progress: progress)
        let datasetBytes = (try? FileManager.default.attributesOfItem(atPath: dataset)[.size] as? Int) ?? 0
        progress("comparison: \(events) events, \(datasetBytes / 1_000_000) MB of JSON Lines")

        var details: [String: [String: [String: Any]]] = [:]
        /// Runs one phase of one system in a child process; returns its figures with
        /// the child's peak memory and CPU time.
        func phase(_ name: String, _ system: System, folder: String, count: Int = 0, expectKill: Bool = false) throws -> [String: Any] {
            progress("comparison: \(name), \(system.title)")
            let started = Date()
            let outcome = try ChildProcess.run(["compare-phase", system.rawValue, name, folder, dataset, String(count)])
            let killed = outcome.signal == SIGKILL && expectKill
            guard outcome.exitCode == 0 || killed else {
                throw BenchError("the \(name) phase of \(system.title) failed (exit \(outcome.exitCode.map(String.init) ?? "signal \(outcome.signal ?? 0)"))")
            }
            guard let line = String(decoding: outcome.output, as: UTF8.self).split(separator: "\n").last,
                var figures = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            else { throw BenchError("the \(name) phase of \(system.title) printed no figures") }
            figures["max_rss"] = outcome.maxResidentBytes
            figures["cpu_user_seconds"] = outcome.userSeconds
            figures["cpu_system_seconds"] = outcome.systemSeconds
            progress(String(format: "comparison: %@, %@ done (%.1f s)", name, system.title, Date().timeIntervalSince(started)))
            return figures
        }
        /// Each system's rounds of a phase; keeps (in `details`) and returns the
        /// median round by `key`, with every round's `key` beside it.
        var collected: [String: [System: [[String: Any]]]] = [:]
        func keep(_ name: String, _ system: System, _ figures: [String: Any]) {
            collected[name, default: [:]][system, default: []].append(figures)
        }
        func median(_ name: String, _ system: System, by key: String) -> [String: Any] {
            let all = collected[name]?[system] ?? []
            guard !all.isEmpty else { return [:] }
            var chosen = all.sorted { (number($0[key]) ?? 0) < (number($1[key]) ?? 0) }[(all.count - 1) / 2]
            if all.count > 1 { chosen["rounds_\(key)"] = all.map { number($0[key]) ?? .nan } }
            details[name, default: [:]][system.rawValue] = chosen
            return chosen
        }
        func folder(_ name: String, _ system: System) -> String { base + "/\(name)-\(system.rawValue)" }
        func mib(_ v: Any?) -> Double? { number(v).map { $0 / 1_048_576 } }

        var batched = Row(key: "durable_batched_append", name: "durable batched append, 1,000 events a batch", unit: "events/s", higherIsBetter: true, target: "≥ 3")
        var concurrent = Row(
            key: "durable_concurrent_singles", name: "durable single appends, 32 concurrent writers", unit: "events/s", higherIsBetter: true, target: "≥ 3")
        var bulk = Row(key: "bulk_import", name: "bulk import of the JSON Lines file", unit: "events/s", higherIsBetter: true)
        var replay = Row(key: "replay", name: "full replay into the built-in projections", unit: "events/s", higherIsBetter: true, target: "≥ 3")
        var bytes = Row(key: "bytes_on_disk", name: "bytes on disk after the import", unit: "MB", higherIsBetter: false, target: "≤ 0.5")
        var lookupP99 = Row(key: "archive_number_lookup_p99", name: "archive-number lookup, p99", unit: "µs", higherIsBetter: false, target: "≤ 1")
        var lookupP50 = Row(key: "archive_number_lookup_p50", name: "archive-number lookup, p50", unit: "µs", higherIsBetter: false)
        var textP99 = Row(key: "text_query_p99", name: "text query + 2 facets, p99", unit: "ms", higherIsBetter: false, target: "≤ 1")
        var textP50 = Row(key: "text_query_p50", name: "text query + 2 facets, p50", unit: "ms", higherIsBetter: false)
        var indexBuild = Row(key: "query_index_build", name: "query indexes, build from the events", unit: "s", higherIsBetter: false)
        var indexBytes = Row(key: "bytes_with_query_indexes", name: "bytes on disk with the query indexes", unit: "MB", higherIsBetter: false)
        var open = Row(key: "open_after_crash", name: "open after a crash (writer killed)", unit: "ms", higherIsBetter: false)
        var importMemory = Row(key: "peak_memory_import", name: "peak memory, bulk import", unit: "MiB", higherIsBetter: false)
        var replayMemory = Row(key: "peak_memory_replay", name: "peak memory, replay", unit: "MiB", higherIsBetter: false)

        // Bulk import (a fresh store each round; the last round's is kept), then the
        // replay and the queries on what it stored.
        for round in 1...rounds {
            for system in System.allCases {
                try? FileManager.default.removeItem(atPath: folder("import", system))
                keep("import", system, try phase("import", system, folder: folder("import", system)))
            }
            if rounds > 1 { progress("comparison: import, round \(round) of \(rounds) done") }
        }
        for system in System.allCases {
            let f = median("import", system, by: "rate")
            bulk.figures[system] = number(f["rate"])
            bytes.figures[system] = number(f["bytes"]).map { $0 / 1e6 }
            importMemory.figures[system] = mib(f["max_rss"])
        }
        for _ in 1...rounds {
            for system in System.allCases { keep("replay", system, try phase("replay", system, folder: folder("import", system))) }
        }
        var replayed: [System: [String: Any]] = [:]
        for system in System.allCases {
            let f = median("replay", system, by: "rate")
            replay.figures[system] = number(f["rate"])
            replayMemory.figures[system] = mib(f["max_rss"])
            replayed[system] = f
        }
        // Every system must have folded the same history into the same views.
        for key in ["events", "meetings", "numbered", "register_entries"] {
            let values = Set(System.allCases.compactMap { number(replayed[$0]?[key]) })
            if values.count > 1 { progress("comparison: WARNING: the systems' replays disagree on \(key): \(values.sorted())") }
        }
        for system in [System.annals, .sqlite] {
            keep("query", system, try phase("query", system, folder: folder("import", system), count: max(1000, Int(20_000 * min(1, scale * 4)))))
            let f = median("query", system, by: "lookup_p99_us")
            if f["pending"] as? Bool == true {
                lookupP99.missing[system] = "n/a (query layer pending)"
                lookupP50.missing[system] = "n/a (query layer pending)"
                textP99.missing[system] = "n/a (query layer pending)"
                textP50.missing[system] = "n/a (query layer pending)"
                indexBuild.missing[system] = "n/a (query layer pending)"
                indexBytes.missing[system] = "n/a (query layer pending)"
                continue
            }
            lookupP99.figures[system] = number(f["lookup_p99_us"])
            lookupP50.figures[system] = number(f["lookup_p50_us"])
            textP99.figures[system] = number(f["text_p99_ms"])
            textP50.figures[system] = number(f["text_p50_ms"])
            indexBuild.figures[system] = number(f["build_seconds"])
            indexBytes.figures[system] = number(f["bytes_with_query_indexes"]).map { $0 / 1e6 }
        }
        for system in System.allCases { try? FileManager.default.removeItem(atPath: folder("import", system)) }

        // Durable batched appends; the writer is then killed, and the store reopened.
        for round in 1...rounds {
            for system in System.main {
                let f = try phase("batched", system, folder: folder("batched", system), expectKill: true)
                var o = try phase("open", system, folder: folder("batched", system))
                if number(o["events"]) != number(f["events"]) {
                    progress("comparison: WARNING: \(system.title) reopened with \(o["events"] ?? "?") events of \(f["events"] ?? "?") acknowledged")
                }
                o["acknowledged_events"] = f["events"]
                keep("batched", system, f)
                keep("open", system, o)
                try? FileManager.default.removeItem(atPath: folder("batched", system))
            }
            if rounds > 1 { progress("comparison: batched append and open, round \(round) of \(rounds) done") }
        }
        for system in System.main {
            batched.figures[system] = number(median("batched", system, by: "rate")["rate"])
            open.figures[system] = number(median("open", system, by: "ms")["ms"])
        }

        // Durable single appends from 32 concurrent writers, on the history's first events.
        let singles = max(32 * 10, Int(Double(32 * concurrentPerWriter) * scale))
        for _ in 1...rounds {
            for system in System.main {
                keep("concurrent", system, try phase("concurrent", system, folder: folder("concurrent", system), count: singles))
                try? FileManager.default.removeItem(atPath: folder("concurrent", system))
            }
        }
        for system in System.main { concurrent.figures[system] = number(median("concurrent", system, by: "rate")["rate"]) }

        for system in [System.jsonl, .sqliteBinary] {
            let why = system == .jsonl ? "n/a (no index)" : "not run"
            lookupP99.missing[system] = why
            lookupP50.missing[system] = why
            textP99.missing[system] = why
            textP50.missing[system] = why
            indexBuild.missing[system] = why
            indexBytes.missing[system] = why
        }
        batched.missing[.sqliteBinary] = "not run"
        concurrent.missing[.sqliteBinary] = "not run"
        open.missing[.sqliteBinary] = "not run"

        let rows = [
            batched, concurrent, bulk, replay, bytes, lookupP99, textP99, open, importMemory, replayMemory, lookupP50, textP50, indexBuild, indexBytes,
        ]
        return Result(
            rows: rows, details: details, events: events, datasetBytes: datasetBytes, rounds: rounds, seconds: Date().timeIntervalSince(started))
    }
}

/// A figure from a phase's JSON (integers and reals alike).
func number(_ value: Any?) -> Double? {
    switch value {
    case let v as Int: Double(v)
    case let v as Double: v
    case let v as NSNumber: v.doubleValue
    default: nil
    }
}
