import Foundation
import Synchronization
import Testing

@testable import AnnalsLog

/// Reads of single records and of streams inside one large frame of the active
/// segment (an import's batch), in any order: each record is found where it is.
@Suite struct WriteAheadReadTests {
    @Test func recordsOfOneLargeFrameReadBackInAnyOrder() async throws {
        let dir = TemporaryDirectory()
        let log = try Log.open(dir.path + "/log")
        // One batch of 6,000 records over 60 streams, interleaved, of varying sizes.
        var writes: [StreamAppend] = []
        var expected: [String: [[UInt8]]] = [:]
        for i in 0..<6_000 {
            let stream = "meeting/BGS-2024-\(i % 60)"
            let payload = Array("{\"n\":\(i),\"pad\":\"\(String(repeating: "议", count: i % 37))\"}".utf8)
            expected[stream, default: []].append(payload)
            writes.append(StreamAppend(stream: stream, records: [NewRecord(type: "t", payload: payload)]))
        }
        _ = try await log.append(writes)
        for stream in expected.keys.sorted().reversed() {
            #expect(try log.readStream(stream).map { $0.payload ?? [] } == expected[stream], "\(stream)")
        }
        var generator = SplitMix64(seed: 3)
        for _ in 0..<500 {
            let position = generator.next() % 6_000
            let record = try #require(try log.record(at: position))
            #expect(record.stream == "meeting/BGS-2024-\(position % 60)")
            #expect(String(decoding: record.payload ?? [], as: UTF8.self).hasPrefix("{\"n\":\(position),"))
        }
        // Backward, and from a version.
        let last = try log.readStream("meeting/BGS-2024-7", from: 50, direction: .backward, limit: 3)
        #expect(last.map { $0.payload ?? [] } == Array(expected["meeting/BGS-2024-7"]![48...50]).reversed())
        // The frame was checked once and is kept, with where each record starts: a
        // read of another record in it does not read the frame again.
        let active = try #require(log.shared.withLock { s -> WriteAheadSegment? in
            if case .wal(let w) = s.segments.last { return w } else { return nil }
        })
        let frames = active.state.withLock { $0.frames }
        #expect(frames.count == 1 && frames[0].count == 6_000)
        let kept = try active.checkedFrame(0, frames[0])
        #expect(try active.checkedFrame(0, frames[0]) === kept)
        #expect(kept.starts.count == 6_000 && kept.starts[0] == WriteAheadSegment.frameHeaderBytes + WriteAheadSegment.batchHeaderBytes)
        try log.close()
    }
}
