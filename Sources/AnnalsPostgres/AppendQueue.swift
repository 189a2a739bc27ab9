internal import AnnalsLog
internal import Foundation

/// A batch checked, salted and digested in the caller's task, so the flusher only
/// ships bytes (the same division of work as the file log's writer).
struct PreparedBatch: Sendable {
    struct Record: Sendable {
        var id: UUID
        var type: String
        var digest: Hash256
        var length: Int
        /// Both nil for a record appended already destroyed.
        var nonce: [UInt8]?
        var payload: [UInt8]?
    }

    struct Write: Sendable {
        var stream: String
        /// -1 any, -2 no stream, -3 stream exists, n ≥ 0 exactly n (the function's code).
        var expected: Int64
        var records: [Record]
    }

    var writes: [Write]
    var count: Int

    /// Checks the batch against the log's limits, as the file log does.
    init(_ appends: [StreamAppend]) throws {
        guard !appends.isEmpty else { throw LogError(.invalidArgument, "an append needs at least one stream") }
        var ids = Set<EventID>()
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux
        var writes: [Write] = []
        var count = 0
        for append in appends {
            let streamBytes = append.stream.utf8.count
            guard streamBytes > 0, streamBytes <= LogLimits.maxStreamBytes, !append.stream.utf8.contains(0) else {
                throw LogError(.invalidArgument, "stream name must be 1 to \(LogLimits.maxStreamBytes) bytes with no NUL, got \(streamBytes)")
            }
            guard !append.records.isEmpty else {
                throw LogError(.invalidArgument, "stream \(append.stream): an append needs at least one record")
            }
            var records: [Record] = []
            records.reserveCapacity(append.records.count)
            for record in append.records {
                guard (1...LogLimits.maxTypeBytes).contains(record.type.utf8.count), !record.type.utf8.contains(0) else {
                    throw LogError(.invalidArgument, "stream \(append.stream): type label must be 1 to 255 bytes with no NUL")
                }
                guard record.payload.count <= LogLimits.maxPayloadBytes else {
                    throw LogError(.tooLarge, "stream \(append.stream): a payload of \(record.payload.count) bytes exceeds the limit of \(LogLimits.maxPayloadBytes)")
                }
                guard ids.insert(record.id).inserted else {
                    throw LogError(.invalidArgument, "event id \(record.id) appears twice in one batch")
                }
                if let digest = record.destroyedDigest {
                    records.append(Record(id: record.id.uuid, type: record.type, digest: digest, length: record.payload.count, nonce: nil, payload: nil))
                } else {
                    let nonce = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                    let digest = Hash256.sha256(nonce + record.payload)
                    records.append(Record(id: record.id.uuid, type: record.type, digest: digest, length: record.payload.count, nonce: nonce, payload: record.payload))
                }
            }
            count += records.count
            let expected: Int64 = switch append.expected {
            case .any: -1
            case .noStream: -2
            case .streamExists: -3
            case .exactly(let v): Int64(v)
            }
            writes.append(Write(stream: append.stream, expected: expected, records: records))
        }
        self.writes = writes
        self.count = count
    }
}

/// The instance's group commit: appends wait here while one call is in flight, and
/// the next call carries all of them.
actor AppendQueue {
    typealias Waiter = (batch: PreparedBatch, continuation: CheckedContinuation<AppendResult, any Error>)

    /// Records per call at most: a bound on the call's size, not on throughput.
    static let recordsPerCall = 20_000

    private var waiting: [Waiter] = []
    private var flushing = false
    private var closed = false

    func submit(_ batch: PreparedBatch, continuation: CheckedContinuation<AppendResult, any Error>, store: PostgresEventStore) async {
        guard !closed else {
            continuation.resume(throwing: LogError(.closed, "\(store.location): the store is closed"))
            return
        }
        waiting.append((batch, continuation))
        guard !flushing else { return }
        flushing = true
        while !waiting.isEmpty {
            // The waiting appends, in order, up to the call's size (at least one).
            var take = 0
            var records = 0
            while take < waiting.count, take == 0 || records + waiting[take].batch.count <= Self.recordsPerCall {
                records += waiting[take].batch.count
                take += 1
            }
            let group = Array(waiting.prefix(take))
            waiting.removeFirst(take)
            do {
                let outcomes = try await store.write(group.map(\.batch))
                for (waiter, outcome) in zip(group, outcomes) { waiter.continuation.resume(with: outcome.mapError { $0 }) }
            } catch {
                let failure = LogError(
                    .io,
                    "\(store.location): the append's outcome is unknown (\(PostgresEventStore.describe(error))); repeat it with the same event ids: a retry of a batch that was written is acknowledged as a duplicate")
                for waiter in group { waiter.continuation.resume(throwing: failure) }
            }
        }
        flushing = false
    }

    func close() {
        closed = true
    }
}
