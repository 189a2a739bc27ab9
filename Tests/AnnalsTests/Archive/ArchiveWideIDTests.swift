import Foundation
import Testing

@testable import Annals
import AnnalsLog

/// An event id is the archive's, not one stream's: the same event given again is a
/// retry (nothing written, its position acknowledged); another event under an id the
/// archive holds, in any stream, is refused as `idempotency_conflict` naming both
/// streams; an id given twice in one file or batch names both lines or events.
@Suite struct ArchiveWideIDTests {
    typealias Folder = ImportExportTests.Folder
    static let sample = DestructionAndCheckpointTests.root.appendingPathComponent("Fixtures/samples/one-meeting.jsonl")
    static let stream = "meeting/BGS-2023-0042"
    static let other = "meeting/BGS-2023-0043"

    /// The sample's first line: 2023年第5次主任办公会 scheduled, with its id.
    static func firstLine() throws -> String {
        try #require(try String(contentsOf: sample, encoding: .utf8).split(separator: "\n").first).description
    }

    static func event(_ line: String) throws -> Event {
        try EventJSONCodec().decode(line: line).event
    }

    /// An archive holding the sample meeting.
    static func sampleArchive(_ folder: Folder) throws -> Archive {
        let archive = try Archive.create(at: folder.path)
        _ = try archive.importLines(Array(try Data(contentsOf: sample)))
        return archive
    }

    @Test func oneIDGivenToEventsOfTwoStreamsInAFileNamesBothLines() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        let first = try Self.firstLine()
        // The same meeting scheduled under a second stream, with the first line's id.
        let second = first.replacingOccurrences(of: Self.stream, with: Self.other)
        #expect(second != first)
        do {
            _ = try archive.importLines(Array((first + "\n" + second + "\n").utf8))
            Issue.record("an id given to two events was accepted")
        } catch let rejection as ImportRejection {
            #expect(rejection.line == 2)
            #expect(rejection.rule == "duplicate_id")
            #expect(rejection.message.contains("on line 1") && rejection.message.contains(Self.stream), "\(rejection)")
        }
        #expect(archive.log.endPosition == 0, "nothing of the file may be written")
        try archive.close()
    }

    @Test func anAppendGivingAStoredIDToAnotherStreamIsAnIdempotencyConflictNamingBothStreams() async throws {
        let folder = Folder()
        let archive = try Self.sampleArchive(folder)
        let end = archive.log.endPosition
        let stored = try Self.event(try Self.firstLine())
        var elsewhere = stored
        elsewhere.stream = Self.other
        await #expect {
            _ = try await archive.append([elsewhere])
        } throws: { error in
            guard let error = error as? LogError, error.code == .idempotencyConflict else { return false }
            return error.message.contains(Self.other) && error.message.contains(Self.stream) && error.message.contains("position 0")
        }
        #expect(archive.log.endPosition == end, "nothing may be written")
        #expect(archive.log.lastVersion(of: Self.other) == nil)

        // The stored event itself, given again, is a retry: its position is acknowledged.
        let retry = try await archive.append([stored])
        #expect(retry.duplicate && retry.positions == 0...0)
        // Another event of its own stream under its id is no retry.
        var altered = stored
        altered.by = "clerk.li"
        #expect(throws: LogError.self) { _ = try archive.appendBlocking([altered]) }
        #expect(archive.log.endPosition == end)
        try archive.close()
    }

    @Test func twoEventsOfOneBatchWithOneIDAreRefusedNamingBoth() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        let first = try Self.event(try Self.firstLine())
        var second = first
        second.stream = Self.other
        do {
            _ = try archive.appendBlocking([first, second])
            Issue.record("a batch giving one id to two events was accepted")
        } catch let error as LogError {
            #expect(error.code == .idempotencyConflict)
            #expect(error.message.contains("events 1 and 2") && error.message.contains("duplicate_id") && error.message.contains(Self.other), "\(error)")
        }
        #expect(archive.log.endPosition == 0)
        try archive.close()
    }

    @Test func anImportLineGivingAStoredIDToAnotherStreamIsRefusedByLineAndRule() throws {
        let folder = Folder()
        try Self.sampleArchive(folder).close()
        let before = ImportExportTests.files(folder.path)
        let archive = try Archive.open(at: folder.path)
        let line = try Self.firstLine().replacingOccurrences(of: Self.stream, with: Self.other)
        do {
            _ = try archive.importLines(Array(("\n" + line + "\n").utf8))
            Issue.record("an id of the archive given to another stream was imported")
        } catch let rejection as ImportRejection {
            #expect(rejection.line == 2)
            #expect(rejection.rule == "idempotency_conflict")
            #expect(rejection.message.contains(Self.other) && rejection.message.contains(Self.stream), "\(rejection)")
        }
        try archive.close()
        #expect(ImportExportTests.files(folder.path) == before, "the archive must be unchanged")
        // The sample itself imports again as a retry: nothing appended.
        let reopened = try Archive.open(at: folder.path)
        let again = try reopened.importLines(Array(try Data(contentsOf: Self.sample)))
        #expect(again.appended == 0 && again.alreadyPresent == 12)
        try reopened.close()
    }

    @Test func anArchiveWhoseAppendReusedAnIDElsewhereExportsAndImportsAgain() async throws {
        let a = Folder(), b = Folder()
        let first = try Self.sampleArchive(a)
        let scheduled = try Self.event(try Self.firstLine())
        var reused = scheduled
        reused.stream = Self.other
        // Before ids were the archive's, this append was accepted and the export no
        // longer imported ("event id … appears twice in one batch").
        _ = try? await first.append([reused])
        var fresh = reused
        fresh.id = EventID.random()
        _ = try await first.append([fresh])
        let exported = try ImportExportTests.export(first)
        #expect(exported.count == 13)
        let second = try Archive.create(at: b.path)
        let report = try second.importLines(Array(exported.joined(separator: "\n").utf8))
        #expect(report.appended == 13)
        #expect(try ImportExportTests.export(second).map(ImportExportTests.comparable) == exported.map(ImportExportTests.comparable))
        try first.close()
        try second.close()
    }

    @Test func theExportOfAnArchiveWrittenBeforeIDsWereUniqueIsRefusedNamingBothLines() throws {
        let a = Folder(), b = Folder()
        let first = try Self.sampleArchive(a)
        // Written under the log, as the planner of earlier versions let it be: the
        // sample's first id under a second stream.
        var reused = try Self.event(try Self.firstLine())
        reused.stream = Self.other
        _ = try first.log.appendBlocking([
            StreamAppend(stream: Self.other, records: [NewRecord(id: reused.id, type: reused.type.rawValue, payload: BinaryEventCodec.encode(reused))])
        ])
        let exported = try ImportExportTests.export(first)
        let second = try Archive.create(at: b.path)
        do {
            _ = try second.importLines(Array(exported.joined(separator: "\n").utf8))
            Issue.record("an export giving one id to two events was imported")
        } catch let rejection as ImportRejection {
            #expect(rejection.line == 13 && rejection.rule == "duplicate_id" && rejection.message.contains("on line 1"), "\(rejection)")
        }
        #expect(second.log.endPosition == 0)
        try first.close()
        try second.close()
    }

    @Test func twoAppendsGivingOneNewIDToTwoStreamsAtOnceWriteOneOfThem() async throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        let template = try Self.event(try Self.firstLine())
        for round in 0..<20 {
            var a = template
            a.id = EventID.random()
            a.stream = "meeting/BGS-2023-\(String(format: "%04d", 100 + round * 2))"
            var b = a
            b.stream = "meeting/BGS-2023-\(String(format: "%04d", 101 + round * 2))"
            async let left = Result { try await archive.append([a]) }
            async let right = Result { try await archive.append([b]) }
            let outcomes = await [left, right]
            let written = outcomes.filter { (try? $0.get()) != nil }.count
            #expect(written == 1, "round \(round): \(written) of two appends of one id were written")
        }
        try archive.close()
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
