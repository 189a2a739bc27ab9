import Annals
import AnnalsLog
import Foundation
import GRDB
import Synchronization

/// How the SQLite store keeps each event's content.
protocol SQLitePayload: Sendable {
    /// False: the event's JSON line (EVENTS.md) as TEXT, what a user of SQLite
    /// stores. True: the bytes of Annals' own binary codec as a BLOB, with the event
    /// id in a column of its own (16 bytes), to tell the storage apart from the codec.
    static var binary: Bool { get }
}
enum JSONPayload: SQLitePayload { static var binary: Bool { false } }
enum BinaryPayload: SQLitePayload { static var binary: Bool { true } }

/// What the comparison reads from a SQLite store besides the common workloads.
protocol SQLiteInspectable {
    func pagesByObject() throws -> [String: Int]
    func sqliteInfo() throws -> (version: String, trigram: Bool, options: [String], settings: String)
}

/// Events in SQLite through GRDB, as a careful user would keep them: one row per
/// event, the event's JSON (EVENTS.md, the line `annals import` reads) as the
/// payload (or, for the variant, Annals' binary encoding), the columns one filters
/// on beside it, and the indexes those filters need.
///
/// - `DatabasePool` (WAL mode), `synchronous = FULL`: a commit returns once the WAL
///   is fsynced, as durable as an Annals acknowledgment. Default page size (4 KiB),
///   default WAL auto-checkpoint (1,000 pages).
/// - `position` is the rowid (`INTEGER PRIMARY KEY`), so rows are stored in log
///   order; `(stream, version)` is unique, which is the optimistic-concurrency check
///   an event store needs; `type` and `at` are indexed for the obvious queries.
/// - Each stream's next version is kept in memory (the unique index still guards
///   it), the cheapest scheme for SQLite: no read before a write.
/// - It checks no rules and keeps no projections while writing: that is what
///   "just putting events in SQLite" means, and it is work Annals does that SQLite
///   does not.
final class SQLiteStore<Payload: SQLitePayload>: ComparedStore, SQLiteInspectable, Sendable {
    static var schema: String {
        let payload = Payload.binary
            ? """
                id          BLOB    NOT NULL,     -- the event id, 16 bytes
                payload     BLOB    NOT NULL      -- BinaryEventCodec: time, recorder, data
            """
            : """
                payload     TEXT    NOT NULL      -- the event's JSON line (EVENTS.md)
            """
        return """
            CREATE TABLE events (
                position    INTEGER PRIMARY KEY,  -- the rowid: log order
                stream      TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                type        TEXT    NOT NULL,
                at          INTEGER NOT NULL,     -- business time, µs since the epoch
                recorded_at INTEGER NOT NULL,     -- when stored, µs since the epoch
            \(payload)
            );
            CREATE UNIQUE INDEX events_stream_version ON events(stream, version);
            CREATE INDEX events_type ON events(type);
            CREATE INDEX events_at ON events(at);
            """
    }
    static var insertSQL: String {
        Payload.binary
            ? "INSERT INTO events(stream, version, type, at, recorded_at, id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)"
            : "INSERT INTO events(stream, version, type, at, recorded_at, payload) VALUES (?, ?, ?, ?, ?, ?)"
    }
    /// The columns a replay reads, in log order.
    static var selectSQL: String {
        "SELECT position, stream, version, type, recorded_at, payload\(Payload.binary ? ", id" : "") FROM events ORDER BY position"
    }

    let pool: DatabasePool
    let folder: String
    /// Each stream's next version.
    let versions = Mutex<[String: Int64]>([:])

    private init(folder: String, pool: DatabasePool) {
        self.folder = folder
        self.pool = pool
    }

    static func file(_ folder: String) -> String { folder + "/events.sqlite" }

    /// Opens the pool and makes its writer connection durable. GRDB's `DatabasePool`
    /// sets `synchronous = NORMAL` when it turns WAL on (after `prepareDatabase`), so
    /// FULL is set afterwards on the writer connection, the only one that writes, and
    /// read back to be sure.
    static func openPool(_ folder: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: file(folder))
        let synchronous = try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous")
        }
        guard synchronous == 2 else { throw BenchError("SQLite refused synchronous = FULL (it says \(synchronous ?? -1))") }
        return pool
    }

    static func create(in folder: String) throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pool = try openPool(folder)
        try pool.write { db in try db.execute(sql: schema) }
        return SQLiteStore(folder: folder, pool: pool)
    }

    static func openForReading(in folder: String) throws -> SQLiteStore {
        SQLiteStore(folder: folder, pool: try openPool(folder))
    }

    /// Opens the database (the writer connection finds the WAL a killed process left
    /// and rebuilds its index from it) and reads the last event: ready to serve.
    static func openAfterCrash(in folder: String) throws -> SQLiteStore {
        let store = try openForReading(in: folder)
        _ = try store.pool.read { db in try GRDB.Row.fetchOne(db, sql: "SELECT * FROM events ORDER BY position DESC LIMIT 1") }
        return store
    }

    static func bytesOnDisk(in folder: String) -> [String: Int] {
        fileSizes(in: folder) { name in
            if name.hasSuffix("-wal") { return "WAL" }
            if name.hasSuffix("-shm") { return "WAL index" }
            return "database"
        }
    }

    /// Inserts one event (inside the caller's transaction); `json` is its JSON line
    /// when the caller has it already.
    private func insert(_ db: Database, _ event: Event, json: String? = nil) throws {
        let version = versions.withLock { versions in
            let version = versions[event.stream, default: 0]
            versions[event.stream] = version + 1
            return version
        }
        let statement = try db.cachedStatement(sql: Self.insertSQL)
        if Payload.binary {
            var id = Data(count: 16)
            id.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: event.id.high.bigEndian, toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: event.id.low.bigEndian, toByteOffset: 8, as: UInt64.self)
            }
            statement.setUncheckedArguments([
                event.stream, version, event.type.rawValue, event.at.microseconds, Timestamp.now(), id, Data(BinaryEventCodec.encode(event)),
            ])
        } else {
            statement.setUncheckedArguments([
                event.stream, version, event.type.rawValue, event.at.microseconds, Timestamp.now(), json ?? Self.json(event),
            ])
        }
        try statement.execute()
    }

    private static func json(_ event: Event) -> String {
        var writer = JSONWriter(capacity: 1024)
        EventJSONCodec().encode(event, into: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// A row of `selectSQL` as `Archive.replay` builds a stored event: the type from
    /// its column, the event decoded from the payload. SQLite keeps no digest:
    /// `Hash256.zero`.
    func stored(_ row: GRDB.Row, _ codec: EventJSONCodec) throws -> StoredEvent {
        let typeName: String = row[3]
        guard let type = EventType(name: typeName) else { throw BenchError("unknown type \(typeName)") }
        let position: Int64 = row[0]
        let version: Int64 = row[2]
        let stream: String = row[1]
        let event = try row.withUnsafeData(atIndex: 5) { data -> Event? in
            guard let data else { return nil }
            if Payload.binary {
                let id = try row.withUnsafeData(atIndex: 6) { id -> EventID in
                    guard let id, id.count == 16 else { throw BenchError("bad id at \(position)") }
                    return id.withUnsafeBytes { raw in
                        EventID(
                            high: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                            low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
                    }
                }
                return try data.withUnsafeBytes { bytes throws(EventDecodingError) in
                    try BinaryEventCodec.decodeEvent(id: id, stream: stream, type: type, payload: bytes)
                }
            }
            return try data.withUnsafeBytes { bytes throws(EventDecodingError) in try codec.decode(line: bytes).event }
        }
        return StoredEvent(
            position: UInt64(position - 1), version: UInt64(version), stream: stream, type: type, recordedAt: row[4], digest: .zero,
            event: event)
    }

    /// The JSON is encoded before the write transaction starts (as a careful user
    /// would, to keep the writer's critical section short); the binary variant
    /// encodes inside it.
    func appendBatch(_ events: ArraySlice<Event>) throws {
        let rows = events.map { ($0, Payload.binary ? nil : Self.json($0)) }
        try pool.write { db in
            for (event, json) in rows { try insert(db, event, json: json) }
        }
    }

    func appendConcurrently(_ partitions: [[Event]]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for events in partitions {
                group.addTask {
                    for event in events {
                        let json = Payload.binary ? nil : Self.json(event)
                        try await self.pool.write { db in try self.insert(db, event, json: json) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Each line is decoded with the same codec `Archive.importLines` uses (the
    /// check a careful import makes, and how it learns stream, type and time), then
    /// stored as it came; transactions are cut where Annals cuts its import batches
    /// (half of `LogLimits.maxBatchBytes`), so the whole file is one or two commits.
    func importLines(_ input: [UInt8]) throws -> Int {
        let codec = EventJSONCodec()
        var count = 0
        try pool.writeWithoutTransaction { db in
            var batchBytes = 0
            try db.beginTransaction(.immediate)
            try Dataset.forEachLine(input) { line in
                let event = try codec.decode(line: line).event
                try insert(db, event, json: Payload.binary ? nil : String(decoding: line, as: UTF8.self))
                count += 1
                batchBytes += line.count + event.stream.utf8.count + 128
                if batchBytes >= LogLimits.maxBatchBytes / 2 {
                    try db.commit()
                    try db.beginTransaction(.immediate)
                    batchBytes = 0
                }
                return true
            }
            try db.commit()
        }
        return count
    }

    /// Reads the rows in position order (one cursor, one read transaction), builds
    /// each `StoredEvent` (`stored(_:_:)`) and folds it.
    func replay(into projections: inout ProjectionSet) throws -> (events: Int, destroyed: Int) {
        let codec = EventJSONCodec()
        var events = 0
        try pool.read { db in
            let rows = try GRDB.Row.fetchCursor(db, sql: Self.selectSQL)
            while let row = try rows.next() {
                projections.apply(try stored(row, codec))
                events += 1
            }
        }
        return (events, 0)
    }

    func eventCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0 }
    }

    /// Checkpoints the WAL into the database and truncates it, then closes. (GRDB
    /// closes the writer before the read-only readers, so SQLite's own checkpoint
    /// at the last close does not happen, and the WAL would stay as large as the
    /// largest transaction, e.g. a whole import.)
    func close() throws {
        _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try pool.close()
    }

    /// The database's pages by table and index (SQLite's `dbstat`), in bytes.
    func pagesByObject() throws -> [String: Int] {
        try pool.read { db in
            var sizes: [String: Int] = [:]
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name") {
                sizes[row["name"]] = row["bytes"]
            }
            return sizes
        }
    }

    /// The SQLite library GRDB is linked with, and whether its FTS5 has the trigram
    /// tokenizer.
    func sqliteInfo() throws -> (version: String, trigram: Bool, options: [String], settings: String) {
        try pool.writeWithoutTransaction { db in
            let version = try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?"
            var settings: [String] = []
            for pragma in ["journal_mode", "synchronous", "page_size", "wal_autocheckpoint", "cache_size"] {
                settings.append("\(pragma)=\(try String.fetchOne(db, sql: "PRAGMA \(pragma)") ?? "?")")
            }
            let options = try String.fetchAll(db, sql: "PRAGMA compile_options")
            let trigram = (try? db.execute(sql: "CREATE VIRTUAL TABLE temp.probe USING fts5(x, tokenize = 'trigram')")) != nil
            if trigram { try db.execute(sql: "DROP TABLE temp.probe") }
            return (version, trigram, options, settings.joined(separator: " "))
        }
    }
}
