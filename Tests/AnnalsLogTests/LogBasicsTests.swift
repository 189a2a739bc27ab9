import Foundation
import Testing

@testable import AnnalsLog

@Suite struct LogBasicsTests {
    @Test func appendedRecordsReadBackWithDensePositionsAndVersions() async throws {
        let dir = TemporaryDirectory()
        let log = try Log.open(dir.path)
        let a = try await log.append([
            StreamAppend(stream: "meeting/BGS-2023-0001", expected: .noStream, records: [
                NewRecord(type: "meeting.scheduled", payload: SamplePayloads.json(0)),
                NewRecord(type: "meeting.notified", payload: SamplePayloads.json(1)),
            ])
        ])
        let b = try await log.append([
            StreamAppend(stream: "meeting/BGS-2023-0002", records: [NewRecord(type: "meeting.scheduled", payload: SamplePayloads.json(2))]),
            StreamAppend(stream: "meeting/BGS-2023-0001", expected: .exactly(1), records: [
                NewRecord(type: "participant.signed_in", payload: SamplePayloads.json(3))
            ]),
        ])
        #expect(a.positions == 0...1)
        #expect(b.positions == 2...3)
        #expect(b.streamVersions == ["meeting/BGS-2023-0002": 0, "meeting/BGS-2023-0001": 2])
        let records = try log.all()
        #expect(records.map(\.position) == [0, 1, 2, 3])
        #expect(records.map(\.version) == [0, 1, 0, 2])
        #expect(records[3].payload == SamplePayloads.json(3))
        let stream = try log.readStream("meeting/BGS-2023-0001")
        #expect(stream.map(\.type) == ["meeting.scheduled", "meeting.notified", "participant.signed_in"])
        let backward = try log.readStream("meeting/BGS-2023-0001", direction: .backward, limit: 2)
        #expect(backward.map(\.version) == [2, 1])
        try log.close()
    }

    @Test func wrongExpectedVersionIsRejectedAndWritesNothing() async throws {
        let dir = TemporaryDirectory()
        let log = try Log.open(dir.path)
        _ = try await log.append([StreamAppend(stream: "s", records: [NewRecord(type: "t", payload: [1])])])
        for expected in [ExpectedVersion.noStream, .exactly(5)] {
            await #expect(throws: LogError.self) {
                try await log.append([
                    StreamAppend(stream: "other", records: [NewRecord(type: "t", payload: [2])]),
                    StreamAppend(stream: "s", expected: expected, records: [NewRecord(type: "t", payload: [3])]),
                ])
            }
        }
        await #expect(throws: LogError.self) {
            try await log.append([StreamAppend(stream: "missing", expected: .streamExists, records: [NewRecord(type: "t", payload: [])])])
        }
        #expect(log.endPosition == 1)
        #expect(log.lastVersion(of: "other") == nil)
        try log.close()
    }

    @Test func retriedBatchWithTheSameIdsIsAcknowledgedOnce() async throws {
        let dir = TemporaryDirectory()
        let log = try Log.open(dir.path)
        let ids = (0..<3).map { _ in EventID.random() }
        let batch = [StreamAppend(stream: "meeting/X", records: ids.map { NewRecord(id: $0, type: "t", payload: [7]) })]
        let first = try await log.append(batch)
        let retry = try await log.append(batch)
        #expect(first.duplicate == false)
        #expect(retry.duplicate == true)
        #expect(retry.positions == first.positions)
        #expect(log.endPosition == 3)
        // The retry is recognised after a reopen and after sealing, too.
        try log.seal()
        try log.close()
        let reopened = try Log.open(dir.path)
        let again = try await reopened.append(batch)
        #expect(again.duplicate)
        #expect(reopened.endPosition == 3)
        // A batch mixing old and new ids is refused.
        let mixed = [StreamAppend(stream: "meeting/X", records: [NewRecord(id: ids[0], type: "t", payload: [7]), NewRecord(type: "t", payload: [8])])]
        await #expect(throws: LogError.self) { try await reopened.append(mixed) }
        try reopened.close()
    }

    @Test func sealedSegmentsPassTheStockLZ4Tool() async throws {
        let dir = TemporaryDirectory()
        var options = LogOptions()
        options.sealInBackground = false
        let log = try Log.open(dir.path, options: options)
        for i in 0..<50 {
            _ = try await log.append([
                StreamAppend(stream: "meeting/\(i % 5)", records: (0..<40).map { NewRecord(type: "minutes.recorded", payload: SamplePayloads.json(i * 40 + $0)) })
            ])
        }
        try log.seal()
        let sealed = dir.files().filter { $0.hasSuffix(".seg") }
        #expect(sealed.count == 1)
        for name in sealed { #expect(try lz4Accepts(dir.path + "/" + name)) }
        #expect(try log.all().count == 2000)
        try log.close()
    }

    @Test func secondWriterIsRefusedWithTheHolderNamed() throws {
        let dir = TemporaryDirectory()
        let log = try Log.open(dir.path)
        do {
            _ = try Log.open(dir.path)
            Issue.record("a second writer opened the log")
        } catch let error as LogError {
            #expect(error.code == .locked)
            #expect(error.message.contains("process \(ProcessInfo.processInfo.processIdentifier)"))
        }
        let reader = try Log.open(dir.path, options: { var o = LogOptions(); o.readOnly = true; return o }())
        #expect(reader.endPosition == 0)
        try log.close()
        let again = try Log.open(dir.path)
        try again.close()
    }
}
