public import AnnalsLog
internal import Foundation
internal import Logging
internal import NIOCore
internal import PostgresNIO

/// An archive's log in a PostgreSQL schema, with the file log's append contract:
/// atomic multi-stream batches, expected versions, idempotent ids, positions dense and
/// in commit order.
///
/// Every append of this instance waits in one queue; a single flusher takes all that
/// are waiting and judges and writes them with **one** call of the schema's `append`
/// function (group commit), which assigns positions under the `log_head` row lock.
/// Several instances (processes, machines) can append to one archive: the lock orders
/// them, and the database refuses a stale expected version, so two instances
/// appending to one meeting cannot both win.
///
/// An append returns once PostgreSQL has committed it (`synchronous_commit` as the
/// server is configured; the default, `on`, waits for the WAL flush).
public final class PostgresEventStore: Sendable {
    /// Where the archive lives.
    public let location: PostgresLocation
    let client: PostgresClient
    let running: Task<Void, Never>
    let queue: AppendQueue
    let logger: Logger
    var schema: String { location.schema }

    private init(location: PostgresLocation, client: PostgresClient, running: Task<Void, Never>, logger: Logger) {
        self.location = location
        self.client = client
        self.running = running
        self.logger = logger
        self.queue = AppendQueue()
    }

    /// Connects to the archive's database (the schema need not exist yet: see
    /// ``createSchema()``). Fails with a clear error when the server cannot be reached.
    public static func connect(_ location: PostgresLocation, connections: Int = 8) async throws -> PostgresEventStore {
        var configuration: PostgresClient.Configuration
        if let socket = location.socketPath {
            configuration = .init(unixSocketPath: socket, username: location.user, password: location.password, database: location.database)
        } else {
            configuration = .init(
                host: location.host ?? "localhost", port: location.port, username: location.user,
                password: location.password, database: location.database, tls: .disable)
        }
        configuration.options.maximumConnections = max(2, connections)
        configuration.options.connectTimeout = .seconds(10)
        var logger = Logger(label: "annals.postgres")
        // The pool's own notices (a failed connection attempt while it retries) are not
        // the caller's errors, which come back from each call.
        logger.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let running = Task { await client.run() }
        let store = PostgresEventStore(location: location, client: client, running: running, logger: logger)
        do {
            _ = try await store.client.query("SELECT 1", logger: logger).collect()
        } catch {
            await store.close()
            throw LogError(.io, "\(location): cannot connect to PostgreSQL: \(Self.describe(error))")
        }
        return store
    }

    /// Creates the archive's schema, tables and append function; an existing archive
    /// is left as it is.
    public func createSchema() async throws {
        do {
            try await client.withTransaction(logger: logger) { connection in
                // Two instances creating one schema at once take turns.
                _ = try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(schema)))", logger: logger).collect()
                for statement in Schema.statements(schema) {
                    _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                }
            }
        } catch {
            throw LogError(.io, "\(location): cannot create schema \(schema): \(Self.describe(error))")
        }
    }

    /// Closes the connections. Appends waiting in the queue fail with `closed`.
    public func close() async {
        await queue.close()
        running.cancel()
        _ = await running.value
    }

    /// Appends an atomic batch, with the contract of ``Log/append(_:durability:)``:
    /// every record of every stream is written, or none; expected versions are checked
    /// against the streams as they are when the batch is judged, under the lock; a
    /// batch whose ids are all in their streams already is a retry (`duplicate`, nothing
    /// written); ids partly present, or present in another stream, are an
    /// `idempotency_conflict`.
    ///
    /// If the connection fails while the batch is being committed, the error says the
    /// outcome is unknown: repeating the batch with the same ids tells (a retry is
    /// idempotent).
    public func append(_ writes: [StreamAppend]) async throws -> AppendResult {
        let prepared = try PreparedBatch(writes)
        return try await withCheckedThrowingContinuation { continuation in
            Task { await queue.submit(prepared, continuation: continuation, store: self) }
        }
    }

    /// The number of records in the log (the next position).
    public func head() async throws -> UInt64 {
        try await reading {
            let rows = try await client.query("SELECT next_position FROM \(unescaped: quoted).log_head WHERE id = 1", logger: logger)
            for try await next in rows.decode(Int64.self) { return UInt64(next) }
            throw LogError(.notFound, "\(location): no archive in schema \(schema) (run `annals init`)")
        }
    }

    /// Records from `position` on, at most `limit`, in order. Only records below the
    /// head read first are returned, so a tailing reader never sees a position before
    /// every position below it is visible.
    public func records(from position: UInt64, limit: Int = 10_000) async throws -> [Record] {
        let end = try await head()
        guard position < end else { return [] }
        let stop = min(end, position + UInt64(max(1, limit)))
        return try await reading {
            try await decodeRecords(
                client.query(
                    """
                    SELECT r.position, r.stream, r.version, r.id, r.type, r.recorded_at, r.payload_len, r.digest, p.nonce, p.payload
                      FROM \(unescaped: quoted).records r LEFT JOIN \(unescaped: quoted).payloads p ON p.position = r.position
                     WHERE r.position >= \(Int64(position)) AND r.position < \(Int64(stop)) ORDER BY r.position
                    """, logger: logger))
        }
    }

    /// Every record of one stream, in version order.
    public func read(stream: String) async throws -> [Record] {
        try await reading {
            try await decodeRecords(
                client.query(
                    """
                    SELECT r.position, r.stream, r.version, r.id, r.type, r.recorded_at, r.payload_len, r.digest, p.nonce, p.payload
                      FROM \(unescaped: quoted).records r LEFT JOIN \(unescaped: quoted).payloads p ON p.position = r.position
                     WHERE r.stream = \(stream) ORDER BY r.version
                    """, logger: logger))
        }
    }

    var quoted: String { "\"\(schema)\"" }

    /// Runs one SQL statement (an operator's statement, or a test's).
    func execute(_ sql: String) async throws {
        _ = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
    }

    private func reading<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LogError {
            throw error
        } catch {
            throw LogError(.io, "\(location): read failed: \(Self.describe(error))")
        }
    }

    private func decodeRecords(_ rows: PostgresRowSequence) async throws -> [Record] {
        var out: [Record] = []
        for try await row in rows.decode((Int64, String, Int64, UUID, String, Int64, Int32, ByteBuffer, ByteBuffer?, ByteBuffer?).self) {
            let (position, stream, version, id, type, recordedAt, length, digest, nonce, payload) = row
            guard let hash = Hash256(bytes: digest.readableBytesView) else {
                throw LogError(.corrupt, "\(location): record \(position) has a digest of \(digest.readableBytes) bytes")
            }
            out.append(
                Record(
                    position: UInt64(position), stream: stream, version: UInt64(version), id: EventID(id), type: type,
                    recordedAt: recordedAt, digest: hash, payloadLength: Int(length),
                    payload: payload.map { Array($0.readableBytesView) }, nonce: nonce.map { Array($0.readableBytesView) }))
        }
        return out
    }

    /// One call of the append function for every job of a group.
    func write(_ jobs: [PreparedBatch]) async throws -> [Result<AppendResult, LogError>] {
        var job: [Int32] = [], part: [Int32] = [], stream: [String] = [], expected: [Int64] = []
        var id: [UUID] = [], type: [String] = [], digest: [ByteBuffer] = [], length: [Int32] = []
        var destroyed: [Bool] = [], nonce: [ByteBuffer] = [], payload: [ByteBuffer] = []
        for (j, batch) in jobs.enumerated() {
            for (p, write) in batch.writes.enumerated() {
                for record in write.records {
                    job.append(Int32(j))
                    part.append(Int32(p))
                    stream.append(write.stream)
                    expected.append(write.expected)
                    id.append(record.id)
                    type.append(record.type)
                    digest.append(ByteBuffer(bytes: record.digest.bytes))
                    length.append(Int32(record.length))
                    destroyed.append(record.payload == nil)
                    nonce.append(ByteBuffer(bytes: record.nonce ?? []))
                    payload.append(ByteBuffer(bytes: record.payload ?? []))
                }
            }
        }
        var outcomes = [Result<AppendResult, LogError>?](repeating: nil, count: jobs.count)
        var parts: [Int: [(part: Int, first: Int64, last: Int64, version: Int64)]] = [:]
        var duplicate = Set<Int>()
        let rows = try await client.query(
            """
            SELECT job, part, status, first_position, last_position, last_version, detail
              FROM \(unescaped: quoted).append(\(job), \(part), \(stream), \(expected), \(id), \(type), \(digest), \(length), \(destroyed), \(nonce), \(payload))
            """, logger: logger)
        for try await (j, p, status, first, last, version, detail) in rows.decode((Int32, Int32, String, Int64?, Int64?, Int64?, String?).self) {
            let j = Int(j)
            switch status {
            case "ok", "duplicate":
                if status == "duplicate" { duplicate.insert(j) }
                if let first, let last, let version { parts[j, default: []].append((Int(p), first, last, version)) }
            case "wrong_expected_version":
                outcomes[j] = .failure(LogError(.wrongExpectedVersion, detail ?? "wrong expected version"))
            default:
                outcomes[j] = .failure(LogError(.idempotencyConflict, detail ?? "idempotency conflict"))
            }
        }
        for j in jobs.indices where outcomes[j] == nil {
            guard let done = parts[j], !done.isEmpty else {
                outcomes[j] = .failure(LogError(.failed, "\(location): the append function gave no answer for a batch"))
                continue
            }
            var versions: [String: UInt64] = [:]
            for entry in done { versions[jobs[j].writes[entry.part].stream] = UInt64(entry.version) }
            let low = UInt64(done.map(\.first).min()!), high = UInt64(done.map(\.last).max()!)
            outcomes[j] = .success(AppendResult(positions: low...high, streamVersions: versions, duplicate: duplicate.contains(j)))
        }
        return outcomes.map { $0! }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

extension EventID {
    init(_ uuid: UUID) {
        let b = uuid.uuid
        let high = [b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = [b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        self.init(high: high, low: low)
    }

    var uuid: UUID {
        func byte(_ word: UInt64, _ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: word >> (56 - 8 * i)) }
        return UUID(uuid: (
            byte(high, 0), byte(high, 1), byte(high, 2), byte(high, 3), byte(high, 4), byte(high, 5), byte(high, 6), byte(high, 7),
            byte(low, 0), byte(low, 1), byte(low, 2), byte(low, 3), byte(low, 4), byte(low, 5), byte(low, 6), byte(low, 7)))
    }
}
