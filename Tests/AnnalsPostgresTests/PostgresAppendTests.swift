import AnnalsLog
import Foundation
import PostgresNIO
import Testing

@testable import AnnalsPostgres

@Suite("An archive URL names a PostgreSQL database, as libpq reads it")
struct PostgresLocationTests {
    @Test("a unix socket directory in host= becomes the socket file, the schema defaults to annals")
    func socketDirectory() throws {
        let location = try PostgresLocation(url: "postgres://annals@localhost/records?host=/tmp/annals-pg.Ab12")
        #expect(location.socketPath == "/tmp/annals-pg.Ab12/.s.PGSQL.5432")
        #expect(location.database == "records")
        #expect(location.schema == "annals")
        #expect(location.user == "annals")
    }

    @Test("postgresql:// with a port and a schema, over TCP")
    func tcp() throws {
        let location = try PostgresLocation(url: "postgresql://clerk:s3cret@db.example:6432/office?schema=z109")
        #expect(location.host == "db.example")
        #expect(location.port == 6432)
        #expect(location.schema == "z109")
        #expect(location.password == "s3cret")
        #expect(!location.description.contains("s3cret"))
    }

    @Test("a URL with no user, no database, a bad schema or an unknown parameter is refused, naming it")
    func refusals() {
        for (url, words) in [
            ("postgres://localhost/records", "no user"),
            ("postgres://annals@localhost/", "no database"),
            ("postgres://annals@localhost/records?schema=Robert%27);DROP", "schema"),
            ("postgres://annals@localhost/records?sslmode=require", "sslmode"),
        ] {
            #expect {
                _ = try PostgresLocation(url: url)
            } throws: { error in
                "\(error)".contains(words)
            }
        }
    }
}

extension PostgreSQLSuites {
    @Suite("Appends on PostgreSQL keep the file log's contract")
    struct AppendTests {
        @Test("positions are dense from 0, versions per stream, content and digests read back")
        func denseAndReadBack() async throws {
            try await withArchiveSchema { location in
                let store = try await PostgresEventStore.connect(location)
                let first = try await store.append([
                    StreamAppend(stream: "meeting/BGS-2023-0001", expected: .noStream, records: [
                        event("meeting.scheduled", "主任办公会"), event("notice.sent", "通知"),
                    ]),
                    StreamAppend(stream: "meeting/BGS-2023-0002", expected: .noStream, records: [event("meeting.scheduled", "周例会")]),
                ])
                #expect(first.positions == 0...2)
                #expect(first.streamVersions == ["meeting/BGS-2023-0001": 1, "meeting/BGS-2023-0002": 0])
                let second = try await store.append([
                    StreamAppend(stream: "meeting/BGS-2023-0001", expected: .exactly(1), records: [event("meeting.opened", "开会")])
                ])
                #expect(second.positions == 3...3)
                #expect(try await store.head() == 4)
                let all = try await store.records(from: 0)
                #expect(all.map(\.position) == [0, 1, 2, 3])
                #expect(all.map(\.version) == [0, 1, 0, 2])
                #expect(all.allSatisfy { $0.recordedAt > 0 })
                #expect(zip(all, all.dropFirst()).allSatisfy { $0.recordedAt <= $1.recordedAt })
                for record in all {
                    let nonce = try #require(record.nonce), payload = try #require(record.payload)
                    #expect(nonce.count == 16)
                    #expect(Hash256.sha256(nonce + payload) == record.digest)
                }
                let stream = try await store.read(stream: "meeting/BGS-2023-0001")
                #expect(stream.map(\.type) == ["meeting.scheduled", "notice.sent", "meeting.opened"])
                #expect(String(decoding: stream[0].payload!, as: UTF8.self).contains("主任办公会"))
                await store.close()
            }
        }

        @Test("a stale expected version is refused by the database and writes nothing")
        func staleExpectedVersion() async throws {
            try await withArchiveSchema { location in
                let store = try await PostgresEventStore.connect(location)
                _ = try await store.append([StreamAppend(stream: "meeting/BGS-2024-0007", records: [event("meeting.scheduled", "a")])])
                await #expect {
                    _ = try await store.append([
                        StreamAppend(stream: "meeting/BGS-2024-0008", records: [event("meeting.scheduled", "b")]),
                        StreamAppend(stream: "meeting/BGS-2024-0007", expected: .exactly(3), records: [event("notice.sent", "c")]),
                    ])
                } throws: { error in
                    (error as? LogError)?.code == .wrongExpectedVersion && "\(error)".contains("meeting/BGS-2024-0007")
                        && "\(error)".contains("is at version 0")
                }
                // The whole batch was refused: its first stream was not written either.
                #expect(try await store.head() == 1)
                #expect(try await store.read(stream: "meeting/BGS-2024-0008").isEmpty)
                await store.close()
            }
        }

        @Test("two instances appending to one meeting at the same expected version: exactly one wins")
        func twoInstancesOneWinner() async throws {
            try await withArchiveSchema { location in
                let a = try await PostgresEventStore.connect(location)
                let b = try await PostgresEventStore.connect(location)
                _ = try await a.append([StreamAppend(stream: "meeting/BGS-2025-0001", records: [event("meeting.scheduled", "x")])])
                for round in 0..<20 {
                    let version = UInt64(round)
                    async let left = outcome { try await a.append([StreamAppend(stream: "meeting/BGS-2025-0001", expected: .exactly(version), records: [event("decision.progress", "A\(round)")])]) }
                    async let right = outcome { try await b.append([StreamAppend(stream: "meeting/BGS-2025-0001", expected: .exactly(version), records: [event("decision.progress", "B\(round)")])]) }
                    let outcomes = await [left, right]
                    let wins = outcomes.filter { if case .success = $0 { true } else { false } }
                    #expect(wins.count == 1, "round \(round): \(outcomes)")
                    for case .failure(let error) in outcomes {
                        #expect((error as? LogError)?.code == .wrongExpectedVersion)
                    }
                }
                #expect(try await a.read(stream: "meeting/BGS-2025-0001").map(\.version) == Array(0...20))
                await a.close()
                await b.close()
            }
        }

        @Test("a repeated batch is a duplicate at the same positions; ids partly present or in another stream conflict")
        func idempotency() async throws {
            try await withArchiveSchema { location in
                let store = try await PostgresEventStore.connect(location)
                let ids = [EventID.random(), EventID.random()]
                let batch = [StreamAppend(stream: "meeting/BGS-2023-0042", records: [event("meeting.scheduled", "a", id: ids[0]), event("notice.sent", "b", id: ids[1])])]
                let original = try await store.append(batch)
                #expect(!original.duplicate)
                let retry = try await store.append(batch)
                #expect(retry.duplicate)
                #expect(retry.positions == original.positions)
                #expect(try await store.head() == 2)

                await #expect {
                    _ = try await store.append([StreamAppend(stream: "meeting/BGS-2023-0042", records: [event("notice.sent", "b", id: ids[1]), event("meeting.opened", "c")])])
                } throws: { error in
                    (error as? LogError)?.code == .idempotencyConflict
                }
                await #expect {
                    _ = try await store.append([StreamAppend(stream: "meeting/BGS-2023-0099", records: [event("meeting.scheduled", "a", id: ids[0])])])
                } throws: { error in
                    (error as? LogError)?.code == .idempotencyConflict && "\(error)".contains("meeting/BGS-2023-0042")
                        && "\(error)".contains("meeting/BGS-2023-0099")
                }
                #expect(try await store.head() == 2)
                await store.close()
            }
        }

        @Test("a record appended already destroyed keeps its digest and length, and has no content")
        func appendedDestroyed() async throws {
            try await withArchiveSchema { location in
                let store = try await PostgresEventStore.connect(location)
                let digest = Hash256.sha256(Array("原文".utf8))
                _ = try await store.append([StreamAppend(stream: "meeting/BGS-2015-0001", records: [.destroyed(id: .random(), type: "meeting.scheduled", digest: digest)])])
                let record = try #require(try await store.records(from: 0).first)
                #expect(record.isDestroyed)
                #expect(record.nonce == nil)
                #expect(record.digest == digest)
                await store.close()
            }
        }
    }
}
