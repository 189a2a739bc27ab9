import Annals
import AnnalsLog
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The child-process side of the comparison: `annals-bench compare-phase SYSTEM
/// PHASE FOLDER DATASET [COUNT]` runs one workload on one system and prints its
/// figures as one JSON object on standard output (progress goes to standard error).
/// The parent reads the child's peak memory from `wait4`.
enum ComparePhase {
    static func main(_ arguments: [String]) async throws -> Never {
        guard arguments.count >= 4 else { throw BenchError("usage: compare-phase SYSTEM PHASE FOLDER DATASET [COUNT]") }
        let (system, phase, folder, dataset) = (arguments[0], arguments[1], arguments[2], arguments[3])
        let count = arguments.count > 4 ? Int(arguments[4]) ?? 0 : 0
        let figures: [String: Any]
        switch system {
        case "annals": figures = try await run(AnnalsStore.self, system, phase, folder, dataset, count)
        case "sqlite": figures = try await run(SQLiteStore<JSONPayload>.self, system, phase, folder, dataset, count)
        case "sqlite-bin": figures = try await run(SQLiteStore<BinaryPayload>.self, system, phase, folder, dataset, count)
        case "jsonl": figures = try await run(JSONLinesStore.self, system, phase, folder, dataset, count)
        default: throw BenchError("unknown system \(system)")
        }
        let output = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
        FileHandle.standardOutput.write(output + Data("\n".utf8))
        if phase == "batched" {
            // Leave the store as a crash would: the writer never closed. (Idle for a
            // moment first, as a service between requests: background work done.)
            try await Task.sleep(for: .seconds(1))
            kill(getpid(), SIGKILL)
        }
        exit(0)
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    static func progress(_ system: String, _ text: String) {
        FileHandle.standardError.write(Data("    \(system): \(text)\n".utf8))
    }

    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    static func run<Store: ComparedStore>(
        _ type: Store.Type, _ system: String, _ phase: String, _ folder: String, _ dataset: String, _ count: Int
    ) async throws -> [String: Any] {
        switch phase {
        case "batched":
            let events = try Dataset.events(Dataset.bytes(dataset))
            let store = try Store.create(in: folder)
            let baseline = ChildProcess.residentBytes()
            var batchSeconds: [Double] = []
            var destructionSeconds = 0.0
            let start = now()
            for first in stride(from: 0, to: events.count, by: 1000) {
                let batch = events[first..<min(events.count, first + 1000)]
                let t = now()
                try store.appendBatch(batch)
                let elapsed = now() - t
                batchSeconds.append(elapsed)
                if batch.contains(where: { $0.type == .archiveDestroyed }) { destructionSeconds += elapsed }
                if batchSeconds.count % 100 == 0 { progress(system, "appended \(first + batch.count) of \(events.count)") }
            }
            let seconds = now() - start
            return [
                "events": events.count, "seconds": seconds, "rate": Double(events.count) / seconds, "baseline_rss": baseline,
                "batch_p50_ms": percentile(batchSeconds, 0.5) * 1000, "batch_max_ms": (batchSeconds.max() ?? 0) * 1000,
                "destruction_batches_seconds": destructionSeconds,
                "destruction_batches": events.indices.filter { $0 % 1000 == 0 }.filter { first in
                    events[first..<min(events.count, first + 1000)].contains { $0.type == .archiveDestroyed }
                }.count,
            ]

        case "open":
            let checkpoint = Store.self == AnnalsStore.self ? AnnalsStore.checkpointPosition(in: folder) : nil
            let start = now()
            let store = try Store.openAfterCrash(in: folder)
            let seconds = now() - start
            var figures: [String: Any] = ["ms": seconds * 1000, "events": try store.eventCount()]
            if let checkpoint { figures["projections_checkpoint_position"] = checkpoint }
            return figures

        case "concurrent":
            let events = try Dataset.events(Dataset.bytes(dataset), limit: count)
            let partitions = partitionByStream(events, writers: 32)
            let store = try Store.create(in: folder)
            let start = now()
            try await store.appendConcurrently(partitions)
            let seconds = now() - start
            var figures: [String: Any] = [
                "events": events.count, "seconds": seconds, "rate": Double(events.count) / seconds, "writers": partitions.count,
                "stored": try store.eventCount(),
            ]
            if let annals = store as? AnnalsStore, let log = annals.archive?.log {
                figures["appends"] = Int(log.statistics.appends)
                figures["fsyncs"] = Int(log.statistics.fsyncs)
            }
            try store.close()
            return figures

        case "import":
            let input = try Dataset.bytes(dataset)
            let store = try Store.create(in: folder)
            let baseline = ChildProcess.residentBytes()
            let start = now()
            let imported = try store.importLines(input)
            let seconds = now() - start
            var figures: [String: Any] = ["events": imported, "seconds": seconds, "rate": Double(imported) / seconds, "baseline_rss": baseline]
            if let sqlite = store as? any SQLiteInspectable {
                figures["pages_by_object"] = try sqlite.pagesByObject()
                let info = try sqlite.sqliteInfo()
                figures["sqlite_version"] = info.version
                figures["fts5_trigram"] = info.trigram
                figures["sqlite_settings"] = info.settings
                figures["sqlite_compile_options"] = info.options.joined(separator: " ")
            }
            let closeStart = now()
            try store.close()
            figures["close_seconds"] = now() - closeStart
            let parts = Store.bytesOnDisk(in: folder)
            figures["bytes_by_part"] = parts
            figures["bytes"] = parts.values.reduce(0, +)
            return figures

        case "replay":
            let store = try Store.openForReading(in: folder)
            let baseline = ChildProcess.residentBytes()
            var projections = ProjectionSet(policy: Dataset.policy)
            let start = now()
            let (events, destroyed) = try store.replay(into: &projections)
            let seconds = now() - start
            try store.close()
            return [
                "events": events, "destroyed": destroyed, "seconds": seconds, "rate": Double(events) / seconds, "baseline_rss": baseline,
                // What the fold produced, to check the systems agree.
                "meetings": projections.records.streams.count, "numbered": projections.numbering.numbers.count,
                "register_entries": projections.register.entries.count,
            ]

        case "query":
            let store = try Store.openForQuerying(in: folder)
            guard let queryable = store as? any QueryableStore else {
                try store.close()
                return ["pending": true]
            }
            let plan = try QueryPlan.make(from: Dataset.bytes(dataset), lookups: max(1000, count), textQueries: 200)
            progress(system, "building the query indexes")
            let buildStart = now()
            try queryable.buildQueryIndexes()
            let buildSeconds = now() - buildStart
            // Warm up as a running service would be, then time each call.
            for number in plan.archiveNumbers.prefix(1000) { _ = try queryable.lookup(archiveNumber: number) }
            var lookups: [Double] = []
            var found = 0
            for number in plan.archiveNumbers {
                let t = now()
                if try queryable.lookup(archiveNumber: number) != nil { found += 1 }
                lookups.append(now() - t)
            }
            progress(system, "\(lookups.count) archive-number lookups done")
            for query in plan.textQueries { _ = try queryable.answer(query) }
            var texts: [Double] = []
            var answered = 0
            for _ in 0..<5 {
                for query in plan.textQueries {
                    let t = now()
                    if try !queryable.answer(query).isEmpty { answered += 1 }
                    texts.append(now() - t)
                }
            }
            progress(system, "\(texts.count) text queries done")
            try store.close()
            let parts = Store.bytesOnDisk(in: folder)
            return [
                "build_seconds": buildSeconds, "lookups": lookups.count, "lookups_found": found,
                "lookup_p50_us": percentile(lookups, 0.5) * 1e6, "lookup_p99_us": percentile(lookups, 0.99) * 1e6,
                "text_queries": texts.count, "text_answered": answered,
                "text_p50_ms": percentile(texts, 0.5) * 1000, "text_p99_ms": percentile(texts, 0.99) * 1000,
                "bytes_with_query_indexes": parts.values.reduce(0, +),
                "example_query": "\(plan.textQueries[0].phrase) kind:\(plan.textQueries[0].kind) year:\(plan.textQueries[0].years.lowerBound)..\(plan.textQueries[0].years.upperBound)",
            ]

        default:
            throw BenchError("unknown phase \(phase)")
        }
    }
}
