import Foundation
import Testing

@testable import AnnalsLog

/// The ``EventStore`` contract, checked through the protocol alone, so that every
/// implementation runs the same specification: the local segment log today, the
/// PostgreSQL store next (add its factory to `stores`). Real files, no test double.
@Suite struct EventStoreContractTests {
    /// Each implementation, opened empty; the returned value keeps its storage alive.
    static let stores: [(name: String, open: @Sendable () throws -> (any EventStore, AnyObject))] = [
        ("segment log", {
            let dir = TemporaryDirectory("EventStoreContract")
            return (try Log.open(dir.path + "/log"), dir)
        })
    ]

    static func minutes(_ text: String) -> NewRecord {
        NewRecord(type: "minutes.recorded", payload: Array("{\"text\":\"\(text)\"}".utf8))
    }

    @Test(arguments: stores.map(\.name))
    func aBatchOverTwoStreamsIsWrittenWholeOrNotAtAll(store name: String) throws {
        let (store, keep) = try Self.stores.first { $0.name == name }!.open()
        defer { try? store.close(); _ = keep }
        _ = try store.appendBlocking(
            [StreamAppend(stream: "meeting/BGS-2024-0001", expected: .noStream, records: [Self.minutes("第一次会议")])],
            durability: .fsync)
        // The second stream's expectation fails: the first stream's records must not land.
        #expect(throws: LogError.self) {
            try store.appendBlocking(
                [
                    StreamAppend(stream: "meeting/BGS-2024-0002", expected: .noStream, records: [Self.minutes("第二次会议")]),
                    StreamAppend(stream: "meeting/BGS-2024-0001", expected: .noStream, records: [Self.minutes("补充")]),
                ], durability: .fsync)
        }
        #expect(store.endPosition == 1)
        #expect(try store.readStream("meeting/BGS-2024-0002", from: nil, direction: .forward, limit: .max).isEmpty)
        #expect(store.lastVersion(of: "meeting/BGS-2024-0001") == 0)
    }

    @Test(arguments: stores.map(\.name))
    func aRetriedBatchWritesNothingAndAnswersWithTheOriginalPositions(store name: String) throws {
        let (store, keep) = try Self.stores.first { $0.name == name }!.open()
        defer { try? store.close(); _ = keep }
        let batch = [
            StreamAppend(stream: "meeting/ZWK-2024-0003", records: [Self.minutes("议题一"), Self.minutes("议题二")])
        ]
        let first = try store.appendBlocking(batch, durability: .fsync)
        let retry = try store.appendBlocking(batch, durability: .fsync)
        #expect(!first.duplicate && retry.duplicate)
        #expect(retry.positions == first.positions)
        #expect(store.endPosition == 2)
        #expect(try store.position(of: batch[0].records[1].id, in: "meeting/ZWK-2024-0003") == 1)
    }

    @Test(arguments: stores.map(\.name))
    func positionsOrderEveryRecordAndStreamsReadInVersionOrder(store name: String) throws {
        let (store, keep) = try Self.stores.first { $0.name == name }!.open()
        defer { try? store.close(); _ = keep }
        for i in 0..<6 {
            _ = try store.appendBlocking(
                [StreamAppend(stream: "meeting/BGS-2024-000\(i % 2)", records: [Self.minutes("第\(i)条")])], durability: .deferred)
        }
        try store.sync()
        var scanned: [(UInt64, String)] = []
        try store.scan(from: 2, to: nil) { view in
            scanned.append((view.position, view.stream))
            return true
        }
        #expect(scanned.map(\.0) == [2, 3, 4, 5])
        #expect(scanned.map(\.1) == ["meeting/BGS-2024-0000", "meeting/BGS-2024-0001", "meeting/BGS-2024-0000", "meeting/BGS-2024-0001"])
        let backward = try store.readStream("meeting/BGS-2024-0001", from: nil, direction: .backward, limit: 2)
        #expect(backward.map(\.version) == [2, 1])
        #expect(backward.map(\.position) == [5, 3])
        #expect(try store.record(at: 6) == nil)
    }

    @Test(arguments: stores.map(\.name))
    func shreddingKeepsTheRootAndEveryProof(store name: String) throws {
        let (store, keep) = try Self.stores.first { $0.name == name }!.open()
        defer { try? store.close(); _ = keep }
        for i in 0..<5 {
            _ = try store.appendBlocking(
                [StreamAppend(stream: "meeting/KWH-2015-00\(i)", records: [Self.minutes("科务会纪要\(i)")])], durability: .fsync)
        }
        let before = try store.merkleRoot(size: nil)
        let proof = try store.inclusionProof(position: 2, treeSize: 5)
        #expect(try store.shred([2]) == 1)
        #expect(try store.shred([2]) == 0)  // idempotent
        let shredded = try #require(try store.record(at: 2))
        #expect(shredded.isDestroyed && shredded.payload == nil)
        #expect(try store.merkleRoot(size: nil) == before)
        let leaf = RecordHeader(shredded).leafHash
        try Merkle.verifyInclusion(leafHash: leaf, index: 2, treeSize: 5, proof: proof, root: before.root)
        #expect(throws: LogError.self) { try store.shred([5]) }
    }
}
