import Annals
import AnnalsLog
import Foundation

/// Annals through its public API: `Archive` for appends, imports and the reopen
/// after a crash (rules checked, events encoded with the binary codec, group commit,
/// the built-in projections brought up to date on open); the replay is the
/// archive's own loop (`Archive.replay` is `log.scan` decoding each record into a
/// `StoredEvent`), run on the log directly so that opening the archive does not
/// first load its projections' checkpoint into the replay's memory figure.
final class AnnalsStore: ComparedStore, Sendable {
    let archive: Archive?
    let log: Log?

    private init(archive: Archive?, log: Log?) {
        self.archive = archive
        self.log = log
    }

    static func create(in folder: String) throws -> AnnalsStore {
        // The policy and present of the default generator cover every scale's dataset:
        // fewer years of the same seed are a prefix of the same organization's history.
        AnnalsStore(archive: try Archive.create(at: folder + "/archive", fonds: "Z109", options: AgencyGenerator(GeneratorOptions()).archiveOptions), log: nil)
    }

    static func openForReading(in folder: String) throws -> AnnalsStore {
        var options = LogOptions()
        options.readOnly = true
        return AnnalsStore(archive: nil, log: try Log.open(folder + "/archive/log", options: options))
    }

    /// The archive itself (its projections loaded, the query index built on it).
    static func openForQuerying(in folder: String) throws -> AnnalsStore {
        AnnalsStore(archive: try Archive.open(at: folder + "/archive"), log: nil)
    }

    static func openAfterCrash(in folder: String) throws -> AnnalsStore {
        AnnalsStore(archive: try Archive.open(at: folder + "/archive"), log: nil)
    }

    static func bytesOnDisk(in folder: String) -> [String: Int] {
        fileSizes(in: folder + "/archive") { name in
            if name.hasPrefix("projections/") { return "projections checkpoint" }
            if name.hasPrefix("indexes/") { return "query index" }
            if name.hasSuffix(".seg") { return "sealed segments" }
            if name.hasSuffix(".wal") { return "active segment" }
            if name.hasSuffix(".idx") { return "stream indexes" }
            if name.hasPrefix("log/merkle") { return "Merkle tree" }
            return "other"
        }
    }

    private var writer: Archive {
        get throws {
            guard let archive else { throw BenchError("the Annals store was opened for reading") }
            return archive
        }
    }

    func appendBatch(_ events: ArraySlice<Event>) throws {
        _ = try writer.appendBlocking(Array(events), durability: .fsync)
    }

    func appendConcurrently(_ partitions: [[Event]]) async throws {
        let archive = try writer
        try await withThrowingTaskGroup(of: Void.self) { group in
            for events in partitions {
                group.addTask {
                    for event in events { _ = try await archive.append([event], durability: .fsync) }
                }
            }
            try await group.waitForAll()
        }
    }

    func importLines(_ input: [UInt8]) throws -> Int {
        var options = ImportOptions()
        options.progress = { lines, total in
            if lines % 131_072 == 0 { ComparePhase.progress("annals", "checked \(lines) of \(total) lines") }
        }
        let report = try writer.importLines(input, options: options)
        guard report.rejected.isEmpty else { throw BenchError("Annals rejected \(report.rejected.count) lines") }
        return report.appended
    }

    func replay(into projections: inout ProjectionSet) throws -> (events: Int, destroyed: Int) {
        var events = 0
        var destroyed = 0
        func fold(_ stored: StoredEvent) -> Bool {
            projections.apply(stored)
            events += 1
            if stored.isDestroyed { destroyed += 1 }
            return true
        }
        if let log {
            try log.scan { view in fold(try StoredEvent(view)) }
        } else {
            try writer.replay(fold)
        }
        return (events, destroyed)
    }

    func eventCount() throws -> Int { Int(archive?.log.endPosition ?? log!.endPosition) }

    func close() throws {
        try archive?.close()
        try log?.close()
    }

    /// The log position the projections' checkpoint was written at (nil: none), read
    /// from its header (docs/FORMAT.md, "Projection checkpoint"): on open, everything
    /// after it is replayed.
    static func checkpointPosition(in folder: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: folder + "/archive/projections/state.snap"), data.count >= 17,
            data[data.startIndex + 8] == 1
        else { return nil }
        return Int(data[(data.startIndex + 9)..<(data.startIndex + 17)].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
    }
}
