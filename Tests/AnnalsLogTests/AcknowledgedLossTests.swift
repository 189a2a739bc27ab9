import Foundation
import Testing

@testable import AnnalsLog

/// Records acknowledged as durable that the files lost (a write-ahead file cut below
/// what was acknowledged, or deleted) are damage: every open reports them, nothing is
/// cut or reused, and only `Log.repair` opens the log again, recording the loss.
@Suite struct AcknowledgedLossTests {
    /// A log of six acknowledged (fsynced) batches, 16 records in all, in `dir`.
    /// `close`: closed cleanly (the index checkpoint is written too); otherwise the
    /// files are left as a `kill -9` after the last acknowledgment would leave them.
    static func acknowledgedLog(in dir: TemporaryDirectory, close: Bool) async throws -> (wal: String, records: [Record]) {
        let source = TemporaryDirectory("ack-source")
        let log = try Log.open(source.path)
        for (b, size) in [3, 1, 5, 2, 1, 4].enumerated() {
            _ = try await log.append([
                StreamAppend(stream: "meeting/BGS-2024-000\(b % 2)", records: (0..<size).map {
                    NewRecord(type: "minutes.recorded", payload: SamplePayloads.json(b * 10 + $0))
                })
            ])
        }
        let records = try log.all()
        if close { try log.close() }
        for (name, data) in source.snapshot() where name != "LOCK" {
            #expect(FileManager.default.createFile(atPath: dir.path + "/" + name, contents: data))
        }
        if !close { try log.close() }
        return (source.files().first { $0.hasSuffix(".wal") }!, records)
    }

    static func cut(_ path: String, by bytes: Int) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - bytes).write(to: URL(fileURLWithPath: path))
    }

    static func readOnly() -> LogOptions {
        var options = LogOptions()
        options.readOnly = true
        return options
    }

    /// Expects `open` to fail as damage naming `wal` and the positions `lost`.
    static func expectDamage(_ wal: String, lost: String, _ open: () throws -> Log) {
        do {
            let log = try open()
            try? log.close()
            Issue.record("the log opened with acknowledged records missing")
        } catch let error as LogError {
            #expect(error.code == .damaged, "\(error)")
            #expect(error.message.contains(wal), "\(error)")
            #expect(error.message.contains(lost), "\(error)")
            #expect(error.message.contains("annals log repair"), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [true, false])
    func aWriteAheadFileCutBelowWhatWasAcknowledgedIsDamageThatNoOpenCutsOrHides(closedCleanly: Bool) async throws {
        let dir = TemporaryDirectory()
        let (wal, _) = try await Self.acknowledgedLog(in: dir, close: closedCleanly)
        // 50 bytes off the end: the last batch (4 records, positions 12…15) is torn.
        try Self.cut(dir.path + "/" + wal, by: 50)
        let before = dir.snapshot()
        Self.expectDamage(wal, lost: "12…15") { try Log.open(dir.path, options: Self.readOnly()) }
        Self.expectDamage(wal, lost: "12…15") { try Log.open(dir.path) }
        // Neither open cut the file, moved the marks or created a segment.
        #expect(dir.snapshot().filter { $0.key != "LOCK" } == before.filter { $0.key != "LOCK" })
        let report = try Log.verify(directory: dir.path)
        #expect(!report.ok)
        #expect(
            report.problems.contains { $0.file == wal && $0.position == 12 && $0.message.contains("12…15 (4 records) are lost") },
            "\(report.problems)")
    }

    @Test func aDeletedActiveSegmentIsDamageAndNoNewSegmentTakesItsPositions() async throws {
        let dir = TemporaryDirectory()
        let (wal, _) = try await Self.acknowledgedLog(in: dir, close: true)
        try FileManager.default.removeItem(atPath: dir.path + "/" + wal)
        Self.expectDamage(wal, lost: "0…15") { try Log.open(dir.path, options: Self.readOnly()) }
        Self.expectDamage(wal, lost: "0…15") { try Log.open(dir.path) }
        #expect(!dir.files().contains(wal), "a writable open created a new segment over the lost positions")
        let report = try Log.verify(directory: dir.path)
        #expect(report.problems.contains { $0.file == wal && $0.position == 0 && $0.message.contains("is missing") })
    }

    @Test func aDeletedSegmentIsFoundByTheDurableMarkAloneWhenNoCheckpointWasWritten() async throws {
        let dir = TemporaryDirectory()
        let (wal, _) = try await Self.acknowledgedLog(in: dir, close: false)
        #expect(!dir.files().contains { $0.hasSuffix(".idx") }, "a crash before any checkpoint leaves no index file")
        try FileManager.default.removeItem(atPath: dir.path + "/" + wal)
        Self.expectDamage(wal, lost: "0…15") { try Log.open(dir.path) }
    }

    @Test func aTornTailPastTheAcknowledgedExtentIsStillCutSilently() async throws {
        let dir = TemporaryDirectory()
        let (wal, records) = try await Self.acknowledgedLog(in: dir, close: false)
        // A batch being written when the process died: half a frame after the last
        // acknowledged one.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.path + "/" + wal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([200, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7]))
        try handle.close()
        let log = try Log.open(dir.path)
        #expect(log.recovery.truncatedBytes == 11)
        #expect(log.recovery.loss == nil)
        #expect(try log.all() == records)
        try log.close()
    }

    @Test func repairRecordsTheLossInTheLogAndNeverReusesALostPosition() async throws {
        let dir = TemporaryDirectory()
        let (wal, records) = try await Self.acknowledgedLog(in: dir, close: true)
        try Self.cut(dir.path + "/" + wal, by: 50)
        let report = try Log.repair(dir.path)
        #expect(report.loss?.positions == 12..<16)
        #expect(report.loss?.file == wal)
        #expect(report.repairPosition == 16)

        let log = try Log.open(dir.path)
        #expect(log.recovery.loss == nil)
        let back = try log.all()
        #expect(Array(back.prefix(12)) == Array(records.prefix(12)))
        for lost in back[12..<16] {
            #expect(lost.stream == Log.lostStream && lost.type == "log.lost" && lost.isDestroyed)
        }
        let repair = back[16]
        #expect(repair.stream == Log.repairStream && repair.type == "log.repaired")
        let text = String(decoding: repair.payload ?? [], as: UTF8.self)
        #expect(text.contains("\"lost_from\":12") && text.contains("\"lost_through\":15") && text.contains(wal))
        // The next record comes after the repair record, never at a lost position.
        let next = try await log.append([
            StreamAppend(stream: "meeting/BGS-2024-0002", records: [NewRecord(type: "minutes.recorded", payload: SamplePayloads.json(99))])
        ])
        #expect(next.positions.lowerBound == 17)
        try log.close()
        #expect(try Log.verify(directory: dir.path).ok)
        // A second repair finds nothing to do and writes nothing.
        let files = dir.snapshot().filter { $0.key != "LOCK" }
        #expect(try Log.repair(dir.path).loss == nil)
        #expect(dir.snapshot().filter { $0.key != "LOCK" }.keys == files.keys)
    }

    @Test func repairOfADeletedSegmentFillsEveryLostPosition() async throws {
        let dir = TemporaryDirectory()
        let (wal, _) = try await Self.acknowledgedLog(in: dir, close: true)
        try FileManager.default.removeItem(atPath: dir.path + "/" + wal)
        let report = try Log.repair(dir.path)
        #expect(report.loss?.positions == 0..<16)
        #expect(report.loss?.fileMissing == true)
        let log = try Log.open(dir.path, options: Self.readOnly())
        #expect(log.endPosition == 17)
        #expect(try log.all().prefix(16).allSatisfy { $0.stream == Log.lostStream })
        try log.close()
        #expect(try Log.verify(directory: dir.path).ok)
    }
}
