import AnnalsLog
import Foundation
import PostgresNIO
import Synchronization
import Testing

@testable import AnnalsPostgres

extension PostgreSQLSuites {
    @Suite("Many instances append to one archive; a tailing reader misses and repeats nothing")
    struct ConcurrencyTests {
        @Test("4 instances × 8 writers, disjoint and shared meetings: the tail sees 0..<head once each, in order")
        func tailingReaderSeesEveryPositionOnce() async throws {
            try await withArchiveSchema { location in
                var stores: [PostgresEventStore] = []
                for _ in 0..<4 { stores.append(try await PostgresEventStore.connect(location)) }
                let reader = try await PostgresEventStore.connect(location)
                let writersDone = Atomic<Bool>(false)

                // The tail polls from its cursor while the writers run, and checks every
                // record it gets is the next position.
                async let tail: [UInt64] = {
                    var seen: [UInt64] = []
                    var cursor: UInt64 = 0
                    while true {
                        let finished = writersDone.load(ordering: .acquiring)
                        let batch = try await reader.records(from: cursor, limit: 500)
                        for record in batch {
                            guard record.position == cursor else { return seen + [UInt64.max, record.position] }
                            seen.append(record.position)
                            cursor += 1
                        }
                        if batch.isEmpty {
                            if finished { return seen }
                            try await Task.sleep(for: .milliseconds(2))
                        }
                    }
                }()

                let appended = try await withThrowingTaskGroup(of: Int.self) { group in
                    for (s, store) in stores.enumerated() {
                        for w in 0..<8 {
                            group.addTask {
                                var count = 0
                                for i in 0..<40 {
                                    // Every third append also writes a meeting all writers share.
                                    var writes = [StreamAppend(stream: "meeting/I\(s)-W\(w)-\(i % 5)", records: [event("decision.progress", "\(s)-\(w)-\(i)")])]
                                    if i % 3 == 0 {
                                        writes.append(StreamAppend(stream: "meeting/SHARED-0001", records: [event("participant.signed_in", "\(s)-\(w)-\(i)")]))
                                    }
                                    let result = try await store.append(writes)
                                    count += Int(result.positions.count)
                                }
                                return count
                            }
                        }
                    }
                    return try await group.reduce(0, +)
                }
                writersDone.store(true, ordering: .releasing)
                let seen = try await tail
                let head = try await reader.head()
                #expect(UInt64(appended) == head)
                #expect(seen == Array(0..<head), "the tail saw \(seen.count) of \(head) positions, first fault near \(seen.suffix(2))")
                let shared = try await reader.read(stream: "meeting/SHARED-0001")
                #expect(shared.map(\.version) == Array(0..<UInt64(shared.count)))
                #expect(shared.count == 4 * 8 * 14)
                for store in stores { await store.close() }
                await reader.close()
            }
        }

        @Test("a transaction held open with positions taken is never passed: readers wait for it, appends queue behind it")
        func heldTransactionIsNeverPassed() async throws {
            try await withArchiveSchema { location in
                let store = try await PostgresEventStore.connect(location)
                let reader = try await PostgresEventStore.connect(location)
                _ = try await store.append([StreamAppend(stream: "meeting/BGS-2026-0001", records: [event("meeting.scheduled", "before")])])

                let held = try await PostgresEventStore.connect(location, connections: 2)
                let schema = location.schema
                let release = AsyncStream<Void>.makeStream()
                let holding = AsyncStream<Void>.makeStream()
                // Another instance's append, held open after the function assigned its
                // position 1 (the Marten #4952 reproduction: a slow transaction).
                let holder = Task {
                    try await held.client.withTransaction(logger: held.logger) { connection in
                        _ = try await connection.query(
                            PostgresQuery(unsafeSQL: """
                            SELECT * FROM "\(schema)".append(ARRAY[0], ARRAY[0], ARRAY['meeting/BGS-2026-0002'], ARRAY[-1]::bigint[],
                                ARRAY[gen_random_uuid()], ARRAY['meeting.scheduled'],
                                ARRAY[sha256(decode(repeat('00', 16), 'hex') || convert_to('held', 'UTF8'))], ARRAY[4], ARRAY[false],
                                ARRAY[decode(repeat('00', 16), 'hex')], ARRAY[convert_to('held', 'UTF8')])
                            """), logger: held.logger
                        ).collect()
                        holding.continuation.yield()
                        for await _ in release.stream { break }
                    }
                }
                for await _ in holding.stream { break }

                // While it is open: another append waits for the lock, and readers see
                // the head as it was, never a position beyond the held one.
                let waiting = Task { try await store.append([StreamAppend(stream: "meeting/BGS-2026-0003", records: [event("meeting.scheduled", "after")])]) }
                for _ in 0..<20 {
                    #expect(try await reader.head() == 1)
                    #expect(try await reader.records(from: 1).isEmpty)
                    try await Task.sleep(for: .milliseconds(10))
                }
                release.continuation.yield()
                try await holder.value
                let after = try await waiting.value
                #expect(after.positions == 2...2)
                let all = try await reader.records(from: 0)
                #expect(all.map(\.position) == [0, 1, 2])
                #expect(all.map(\.stream) == ["meeting/BGS-2026-0001", "meeting/BGS-2026-0002", "meeting/BGS-2026-0003"])
                for s in [store, reader, held] { await s.close() }
            }
        }
    }
}
