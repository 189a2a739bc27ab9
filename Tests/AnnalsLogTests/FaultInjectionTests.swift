import Foundation
import Testing

@testable import AnnalsLog

/// ENOSPC and EIO injected through the syscall seam: the call fails with a clear
/// error and the files of the log are byte for byte as they were before it.
@Suite struct FaultInjectionTests {
    static func prepared(_ dir: TemporaryDirectory, io: FileIO) async throws -> Log {
        var options = LogOptions()
        options.io = io
        options.sealInBackground = false
        let log = try Log.open(dir.path, options: options)
        for b in 0..<5 {
            _ = try await log.append([
                StreamAppend(stream: "meeting/BGS-2024-\(b)", records: (0..<20).map { NewRecord(type: "t", payload: SamplePayloads.json(b * 20 + $0)) })
            ])
        }
        _ = try log.merkleRoot()  // the tree file is up to date before the "before" snapshot
        return log
    }

    static func batch() -> [StreamAppend] {
        [StreamAppend(stream: "meeting/new", records: (0..<50).map { NewRecord(type: "t", payload: SamplePayloads.json($0, size: 300)) })]
    }

    @Test(arguments: [
        FaultPlan.Rule(.write, pathContains: ".wal", effect: .shortWrite(100)),
        FaultPlan.Rule(.write, pathContains: ".wal", effect: .fail(ENOSPC)),
        FaultPlan.Rule(.write, pathContains: ".wal", effect: .fail(EIO)),
    ])
    func failedWriteDuringAppendLeavesTheLogAsBefore(rule: FaultPlan.Rule) async throws {
        let dir = TemporaryDirectory()
        let io = FileIO(faults: FaultPlan())
        let log = try await Self.prepared(dir, io: io)
        let before = dir.snapshot()
        io.setFaults(FaultPlan([rule]))
        do {
            _ = try await log.append(Self.batch())
            Issue.record("the append succeeded despite the injected fault")
        } catch let error as LogError {
            #expect(error.code == (rule.effect == .fail(EIO) ? .io : .noSpace))
            #expect(error.message.contains(".wal"))
        }
        #expect(dir.snapshot() == before)
        #expect(log.endPosition == 100)
        // Space is back: the next append works and lands where the failed one would have.
        let next = try await log.append(Self.batch())
        #expect(next.positions == 100...149)
        try log.close()
        let reopened = try Log.open(dir.path)
        #expect(try reopened.all().count == 150)
        try reopened.close()
    }

    @Test func failedFsyncDuringAppendLeavesTheLogAsBeforeAndRefusesWritesUntilReopened() async throws {
        let dir = TemporaryDirectory()
        let io = FileIO(faults: FaultPlan())
        let log = try await Self.prepared(dir, io: io)
        let before = dir.snapshot()
        io.setFaults(FaultPlan([FaultPlan.Rule(.fsync, pathContains: ".wal", effect: .fail(EIO))]))
        await #expect(throws: LogError.self) { try await log.append(Self.batch()) }
        #expect(dir.snapshot() == before)
        // After a failed fsync the page cache cannot be trusted: writes are refused.
        do {
            _ = try await log.append(Self.batch())
            Issue.record("a write was accepted after a failed fsync")
        } catch let error as LogError {
            #expect(error.code == .failed)
        }
        try log.close()
        let reopened = try Log.open(dir.path)
        #expect(reopened.endPosition == 100)
        _ = try await reopened.append(Self.batch())
        try reopened.close()
    }

    @Test(arguments: [
        FaultPlan.Rule(.write, pathContains: ".seg.tmp", effect: .shortWrite(4096)),
        FaultPlan.Rule(.fsync, pathContains: ".seg.tmp", effect: .fail(EIO)),
        FaultPlan.Rule(.rename, pathContains: ".seg", effect: .fail(EIO)),
        FaultPlan.Rule(.write, pathContains: ".idx.tmp", effect: .fail(ENOSPC)),
        FaultPlan.Rule(.fsync, pathContains: "annals-", skip: 0, effect: .fail(EIO)),
        FaultPlan.Rule(.open, pathContains: ".wal", effect: .fail(ENOSPC)),
    ])
    func failedSealLeavesTheLogAsBefore(rule: FaultPlan.Rule) async throws {
        let dir = TemporaryDirectory()
        let io = FileIO(faults: FaultPlan())
        let log = try await Self.prepared(dir, io: io)
        let before = dir.snapshot()
        io.setFaults(FaultPlan([rule]))
        #expect(throws: LogError.self) { try log.seal() }
        #expect(dir.snapshot() == before, "\(rule)")
        #expect(try log.all().count == 100)
        io.setFaults(FaultPlan())
        _ = try await log.append(Self.batch())
        try log.seal()
        #expect(dir.files().contains { $0.hasSuffix(".seg") })
        #expect(try log.all().count == 150)
        try log.close()
    }
}

