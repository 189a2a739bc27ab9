import Foundation
import Testing

@testable import AnnalsLog

/// A new write-ahead segment appears under its name only with its header durable, so
/// a writer killed while creating one leaves a log that opens. Found by the
/// reliability harness: a writer killed between creating the file and writing its
/// header left an empty `.wal`, and the log refused to open ("the write-ahead
/// segment header is missing or damaged").
@Suite struct SegmentCreationTests {
    static func log(_ dir: TemporaryDirectory, io: FileIO = .system) async throws -> Log {
        var options = LogOptions()
        options.io = io
        options.sealInBackground = false
        let log = try Log.open(dir.path, options: options)
        _ = try await log.append([StreamAppend(stream: "meeting/BGS-2024-1", records: (0..<20).map { NewRecord(type: "t", payload: SamplePayloads.json($0)) })])
        return log
    }

    @Test func anEmptySegmentLeftByAnInterruptedCreationIsRemovedOnOpen() async throws {
        let dir = TemporaryDirectory()
        try await Self.log(dir).close()
        // What a writer killed right after creating the next segment's file left.
        #expect(FileManager.default.createFile(atPath: dir.path + "/" + WriteAheadSegment.fileName(20) + "", contents: Data()))
        let reopened = try Log.open(dir.path)
        #expect(reopened.endPosition == 20)
        let next = try await reopened.append([StreamAppend(stream: "meeting/BGS-2024-2", records: [NewRecord(type: "t", payload: [1])])])
        #expect(next.positions == 20...20)
        try reopened.close()
        #expect(try Log.verify(directory: dir.path).ok)
    }

    @Test func aFailedHeaderWriteLeavesNoSegmentBehind() async throws {
        let dir = TemporaryDirectory()
        let io = FileIO(faults: FaultPlan())
        let log = try await Self.log(dir, io: io)
        let before = dir.files()
        io.setFaults(FaultPlan([FaultPlan.Rule(.write, pathContains: ".wal.tmp", effect: .fail(EIO))]))
        #expect(throws: LogError.self) { try log.seal() }
        #expect(dir.files() == before)
        try log.close()
        #expect(try Log.open(dir.path).endPosition == 20)
    }

    @Test func aSegmentCreatedUnderATemporaryNameIsRemovedOnOpen() async throws {
        let dir = TemporaryDirectory()
        try await Self.log(dir).close()
        #expect(FileManager.default.createFile(atPath: dir.path + "/" + WriteAheadSegment.fileName(20) + ".tmp", contents: Data([1, 2])))
        let reopened = try Log.open(dir.path)
        #expect(reopened.endPosition == 20)
        #expect(!dir.files().contains { $0.hasSuffix(".tmp") })
        try reopened.close()
    }
}
