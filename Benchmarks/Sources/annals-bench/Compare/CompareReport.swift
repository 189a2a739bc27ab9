import Foundation

extension Compare.Result {
    /// A figure as people read it: thousands grouped, a few significant digits.
    static func format(_ v: Double) -> String {
        if v >= 100 {
            let digits = String(format: "%.0f", v)
            return String(digits.reversed().enumerated().map { $0 > 0 && $0 % 3 == 0 ? ",\($1)" : "\($1)" }.joined().reversed())
        }
        if v >= 10 { return String(format: "%.1f", v) }
        if v >= 1 { return String(format: "%.2f", v) }
        return String(format: "%.3f", v)
    }

    /// A count, thousands grouped.
    static func count(_ v: Double) -> String { v >= 100 ? format(v.rounded()) : String(Int(v)) }

    /// The table for people, then the details that explain it.
    func printed(scale: Double) -> String {
        typealias System = Compare.System
        var out = ""
        let cores = ProcessInfo.processInfo.activeProcessorCount
        out += "Annals vs SQLite (GRDB) vs JSON Lines: \(events) generated events (\(datasetBytes / 1_000_000) MB of JSON Lines), \(cores) cores, scale \(scale)"
            + (rounds > 1 ? ", median of \(rounds) rounds\n" : "\n")
        let header = ["workload", "unit"] + System.allCases.map(\.title) + ["Annals ÷ SQLite", "target"]
        var lines = [header]
        for row in rows {
            var cells = [row.name, row.unit + (row.higherIsBetter ? " ↑" : " ↓")]
            for system in System.allCases {
                cells.append(row.figures[system].map(Self.format) ?? row.missing[system] ?? "n/a")
            }
            cells.append(row.ratio.map { String(format: "%.2f×", $0) } ?? "")
            cells.append(row.target.map { "\($0)×" } ?? "")
            lines.append(cells)
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        for (n, cells) in lines.enumerated() {
            let padded = cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + pad : pad + cell
            }
            out += padded.joined(separator: "  ") + "\n"
            if n == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        out += "↑ higher is better, ↓ lower is better; the ratio is Annals' figure ÷ SQLite's (JSON payload), the target the issue's for that ratio.\n"
        out += "\"SQLite, binary payload\" stores Annals' binary codec bytes instead of JSON: the same engine without the JSON codec's cost.\n"
        out += notes().map { "  - " + $0 + "\n" }.joined()
        out += String(format: "(comparison: %.0f s)\n", seconds)
        return out
    }

    /// What explains the figures, from the phases' own outputs.
    func notes() -> [String] {
        var notes: [String] = []
        func d(_ phase: String, _ system: String) -> [String: Any] { details[phase]?[system] ?? [:] }
        func mb(_ v: Any?) -> String { number(v).map { Self.format($0 / 1e6) + " MB" } ?? "?" }
        if let parts = d("import", "annals")["bytes_by_part"] as? [String: Any] {
            notes.append("Annals on disk: " + parts.sorted { $0.key < $1.key }.map { "\($0.key) \(mb($0.value))" }.joined(separator: ", "))
        }
        if let parts = d("import", "annals")["bytes_by_part"] as? [String: Any], let sqlite = number(d("import", "sqlite")["bytes"]) {
            let log = parts.filter { $0.key != "projections checkpoint" }.values.compactMap(number).reduce(0, +)
            notes.append(
                String(
                    format: "Annals' log alone (segments, stream indexes, Merkle tree), without the projections checkpoint: %@ MB, %.2f× SQLite's bytes",
                    Self.format(log / 1e6), log / sqlite))
        }
        for row in rows where row.key == "replay" || row.key == "bulk_import" || row.key == "bytes_on_disk" {
            if let a = row.figures[.annals], let b = row.figures[.sqliteBinary], b > 0 {
                notes.append(String(format: "%@: Annals ÷ SQLite with the binary payload = %.2f×", row.name, a / b))
            }
        }
        if let pages = d("import", "sqlite")["pages_by_object"] as? [String: Any] {
            notes.append("SQLite pages (dbstat): " + pages.sorted { $0.key < $1.key }.map { "\($0.key) \(mb($0.value))" }.joined(separator: ", "))
        }
        if let version = d("import", "sqlite")["sqlite_version"] {
            let trigram = (d("import", "sqlite")["fts5_trigram"] as? Bool).map { $0 ? "yes" : "no" } ?? "?"
            notes.append("SQLite \(version) (the system library GRDB links; FTS5 trigram tokenizer: \(trigram)), writer connection: \(d("import", "sqlite")["sqlite_settings"] ?? "?")")
        }
        let replay = d("replay", "annals")
        if let destroyed = number(replay["destroyed"]), destroyed > 0 {
            notes.append(
                "Annals replays \(Self.count(destroyed)) records whose content it destroyed (headers only); SQLite and JSON Lines keep and decode that content")
        }
        let batched = d("batched", "annals")
        if let seconds = number(batched["destruction_batches_seconds"]), let total = number(batched["seconds"]), let count = number(batched["destruction_batches"]), count > 0 {
            notes.append(
                String(
                    format: "Annals batched append: the %.0f batches with destructions (shred + projections checkpoint) took %.1f s of %.1f s; batch p50 %.1f ms",
                    count, seconds, total, number(batched["batch_p50_ms"]) ?? 0))
        }
        let concurrent = d("concurrent", "annals")
        if let appends = number(concurrent["appends"]), let fsyncs = number(concurrent["fsyncs"]), fsyncs > 0 {
            notes.append(String(format: "Annals group commit: %.0f appends in %.0f fsyncs (%.1f a fsync)", appends, fsyncs, appends / fsyncs))
        }
        if let checkpoint = number(d("open", "annals")["projections_checkpoint_position"]), let events = number(d("open", "annals")["events"]) {
            notes.append("Annals open after crash: \(Self.count(events - checkpoint - 1)) events after its projections' last checkpoint (at position \(Self.count(checkpoint))) to replay")
        } else if d("open", "annals")["events"] != nil {
            notes.append("Annals open after crash had no projections checkpoint: it replayed the whole log")
        }
        if let close = number(d("import", "annals")["close_seconds"]) {
            notes.append(String(format: "Annals close after the import (projections caught up and checkpointed, not in the import figure): %.1f s", close))
        }
        for system in ["annals", "sqlite", "jsonl"] {
            let f = d("import", system)
            if let baseline = number(f["baseline_rss"]) {
                notes.append("\(system) import started from \(Self.format(baseline / 1_048_576)) MiB resident (the input file and the runtime)")
            }
        }
        if let query = d("query", "sqlite")["example_query"] {
            notes.append("a text query: \(query) (200 such, drawn from the data, 5 rounds each)")
        }
        return notes
    }

    /// The figures as JSON: per workload each system's figure and Annals ÷ SQLite,
    /// then every phase's raw output.
    func json(scale: Double) -> [String: Any] {
        [
            "scale": scale, "rounds": rounds, "events": events, "dataset_bytes": datasetBytes, "cores": ProcessInfo.processInfo.activeProcessorCount,
            "seconds": seconds,
            "workloads": rows.map { row -> [String: Any] in
                var entry: [String: Any] = [
                    "key": row.key, "name": row.name, "unit": row.unit, "better": row.higherIsBetter ? "higher" : "lower",
                    "figures": Dictionary(uniqueKeysWithValues: Compare.System.allCases.map { ($0.rawValue, row.figures[$0] as Any? ?? NSNull()) }),
                    "annals_over_sqlite": row.ratio as Any? ?? NSNull(),
                ]
                if let a = row.figures[.annals], let b = row.figures[.sqliteBinary], b > 0 { entry["annals_over_sqlite_binary"] = a / b }
                if let target = row.target { entry["target_annals_over_sqlite"] = target }
                if !row.missing.isEmpty { entry["missing"] = Dictionary(uniqueKeysWithValues: row.missing.map { ($0.key.rawValue, $0.value) }) }
                return entry
            },
            "phases": details,
        ]
    }
}
