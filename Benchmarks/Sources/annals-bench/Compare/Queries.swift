import Annals
import Foundation
import GRDB

/// A text query as an archivist asks it (the query issue's "two-bigram text query
/// plus two facets"): meetings of one kind, held in a range of years, whose title,
/// agenda, recorded speeches or decisions contain a four-character Chinese phrase;
/// the newest twenty, with title and archive number.
struct TextQuery: Sendable, Hashable {
    var phrase: String
    var kind: String
    var years: ClosedRange<Int>
}

/// A store that answers the two query workloads.
protocol QueryableStore: ComparedStore {
    /// Builds whatever the queries need from the stored events (timed).
    func buildQueryIndexes() throws
    /// The stream of the meeting filed under `number` (档号), if any.
    func lookup(archiveNumber number: String) throws -> String?
    /// The streams of the meetings that answer `query`, newest first, at most 20.
    func answer(_ query: TextQuery) throws -> [String]
}

/// The queries every system is asked, drawn from the dataset itself with a fixed
/// seed, so that every system gets the same ones and each has at least one answer.
struct QueryPlan {
    var archiveNumbers: [String]
    var textQueries: [TextQuery]

    static func make(from input: [UInt8], lookups: Int, textQueries: Int) throws -> QueryPlan {
        var random = SplitMix64(seed: 0x5EED)  // Annals' own, so the plan is the same on every run
        let codec = EventJSONCodec()
        var projections = ProjectionSet(policy: Dataset.policy)
        var versions: [String: UInt64] = [:]
        var meetings: [String: (kind: String, year: Int)] = [:]
        var texts: [(stream: String, text: String)] = []
        var position: UInt64 = 0
        try Dataset.forEachLine(input) { line in
            let event = try codec.decode(line: line).event
            let version = versions[event.stream, default: 0]
            versions[event.stream] = version + 1
            projections.apply(
                StoredEvent(
                    position: position, version: version, stream: event.stream, type: event.type, recordedAt: event.at.microseconds,
                    digest: .zero, event: event))
            position += 1
            if case .meetingScheduled(let scheduled) = event.data {
                meetings[event.stream] = (scheduled.kind, scheduled.startsAt.localDate.year)
            }
            if let text = Dataset.searchableText(event), random.next() % 64 == 0 { texts.append((event.stream, text)) }
            return true
        }
        let numbers = projections.numbering.numbers.values.map { $0.formatted(projections.numberFormat) }.sorted()
        guard !numbers.isEmpty, !texts.isEmpty else { throw BenchError("the dataset has no archive numbers or no text") }
        var plan = QueryPlan(archiveNumbers: [], textQueries: [])
        for _ in 0..<lookups { plan.archiveNumbers.append(numbers[Int(random.next() % UInt64(numbers.count))]) }
        var seen = Set<TextQuery>()
        var attempts = 0
        while plan.textQueries.count < textQueries && attempts < textQueries * 100 {
            attempts += 1
            let (stream, text) = texts[Int(random.next() % UInt64(texts.count))]
            guard let meeting = meetings[stream] else { continue }
            let characters = Array(text)
            guard characters.count >= 4 else { continue }
            let start = Int(random.next() % UInt64(characters.count - 3))
            let phrase = String(characters[start..<(start + 4)])
            guard phrase.unicodeScalars.allSatisfy({ (0x4E00...0x9FFF).contains($0.value) }) else { continue }
            let query = TextQuery(phrase: phrase, kind: meeting.kind, years: (meeting.year - 1)...(meeting.year + 1))
            if seen.insert(query).inserted { plan.textQueries.append(query) }
        }
        return plan
    }
}

/// SQLite's side of the queries, as a user would build it next to the events table:
/// a `meetings` read model (kind, year, title, archive number; unique index on the
/// number, index on kind and year) filled by folding the events with the same
/// projections, and an FTS5 table over the same text fields with the `trigram`
/// tokenizer (the one FTS5 tokenizer that finds Chinese words: `unicode61` does not
/// segment Han text; trigram matches any substring of three or more characters).
extension SQLiteStore: QueryableStore {
    func buildQueryIndexes() throws {
        let codec = EventJSONCodec()
        var projections = ProjectionSet(policy: Dataset.policy)
        try pool.writeWithoutTransaction { db in
            try db.execute(
                sql: """
                    CREATE TABLE meetings (
                        stream         TEXT PRIMARY KEY,
                        kind           TEXT NOT NULL,
                        organizer      TEXT NOT NULL,
                        year           INTEGER NOT NULL,
                        starts_at      INTEGER NOT NULL,
                        title          TEXT NOT NULL,
                        archive_number TEXT
                    );
                    CREATE VIRTUAL TABLE event_text USING fts5(text, stream UNINDEXED, tokenize = 'trigram');
                    """)
            try db.inTransaction(.immediate) {
                let meeting = try db.makeStatement(
                    sql: "INSERT INTO meetings(stream, kind, organizer, year, starts_at, title) VALUES (?, ?, ?, ?, ?, ?)")
                let moved = try db.makeStatement(sql: "UPDATE meetings SET year = ?, starts_at = ? WHERE stream = ?")
                let text = try db.makeStatement(sql: "INSERT INTO event_text(rowid, text, stream) VALUES (?, ?, ?)")
                let rows = try GRDB.Row.fetchCursor(db, sql: Self.selectSQL)
                while let row = try rows.next() {
                    let stored = try stored(row, codec)
                    projections.apply(stored)
                    guard let event = stored.event else { continue }
                    let position = Int64(stored.position) + 1
                    switch event.data {
                    case .meetingScheduled(let e):
                        try meeting.execute(arguments: [event.stream, e.kind, e.organizer, e.startsAt.localDate.year, e.startsAt.microseconds, e.title])
                    case .meetingRescheduled(let e):
                        try moved.execute(arguments: [e.startsAt.localDate.year, e.startsAt.microseconds, event.stream])
                    default: break
                    }
                    if let searchable = Dataset.searchableText(event) {
                        try text.execute(arguments: [position, searchable, event.stream])
                    }
                }
                let number = try db.makeStatement(sql: "UPDATE meetings SET archive_number = ? WHERE stream = ?")
                for (stream, archiveNumber) in projections.numbering.numbers {
                    try number.execute(arguments: [archiveNumber.formatted(projections.numberFormat), stream])
                }
                try db.execute(
                    sql: """
                        CREATE UNIQUE INDEX meetings_archive_number ON meetings(archive_number);
                        CREATE INDEX meetings_kind_year ON meetings(kind, year);
                        """)
                return .commit
            }
            try db.execute(sql: "ANALYZE")
        }
    }

    func lookup(archiveNumber number: String) throws -> String? {
        try pool.read { db in
            let statement = try db.cachedStatement(sql: "SELECT stream, title, kind, starts_at FROM meetings WHERE archive_number = ?")
            return try GRDB.Row.fetchOne(statement, arguments: [number])?["stream"]
        }
    }

    func answer(_ query: TextQuery) throws -> [String] {
        try pool.read { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT stream, title, archive_number, starts_at FROM meetings
                    WHERE kind = ? AND year BETWEEN ? AND ?
                      AND stream IN (SELECT stream FROM event_text WHERE event_text MATCH ?)
                    ORDER BY starts_at DESC LIMIT 20
                    """)
            let phrase = "\"" + query.phrase.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return try GRDB.Row.fetchAll(statement, arguments: [query.kind, query.years.lowerBound, query.years.upperBound, phrase])
                .map { $0["stream"] as String }
        }
    }
}

/// Annals answers with its query layer, for a reader cleared for 内部 (internal): the
/// reads of 秘密-and-above records it would otherwise have to record as appends are
/// left out (SQLite has no such duty; 78 of 11,764 meetings are 秘密 or above).
extension AnnalsStore: QueryableStore {
    static let reader = Reader(id: "bench", clearance: .internal)

    func buildQueryIndexes() throws {
        guard let archive else { throw BenchError("the Annals store was opened without its archive") }
        try archive.rebuildQueryIndex()
    }

    func lookup(archiveNumber number: String) throws -> String? {
        try archive?.record(numbered: number, reader: Self.reader)?.stream
    }

    func answer(_ query: TextQuery) throws -> [String] {
        guard let archive else { return [] }
        let expression = QueryExpression.and([
            .text(query.phrase), .kind(query.kind), .term(.date(DateRange(years: query.years))),
        ])
        return try archive.query(Query(expression, sort: .dateDescending, limit: 20), reader: Self.reader).hits.map(\.stream)
    }
}
