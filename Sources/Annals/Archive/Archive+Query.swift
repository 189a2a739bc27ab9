internal import Foundation
internal import Synchronization

extension Archive {
    static let queryIndexFile = "indexes/query.idx"
    static let queryIndexMagic = Array("ANNALIDX".utf8)

    /// The query index and what is known of its file.
    struct QueryIndexState: Sendable {
        /// Nil until first used (loaded from its file, or built from the projections).
        var index: QueryIndex?
        /// The position the file on disk reflects (`.some(nil)`: an empty archive's);
        /// nil when there is no usable file.
        var savedPosition: UInt64??
        /// Whether `savedPosition` was read from the file's header yet.
        var peeked = false
        /// Whether this reader offered its index as the file already.
        var shared = false

        /// The index from its file, or a new empty one (then the file must be rewritten).
        mutating func load(_ archive: Archive) throws {
            if let loaded = try archive.loadQueryIndex() {
                index = loaded
                if !peeked { savedPosition = .some(loaded.position) }
            } else {
                index = QueryIndex()
                savedPosition = nil
            }
            peeked = true
        }
    }

    /// Answers a query for a reader: the matching meetings, counted, ranked, paged.
    ///
    /// Records above the reader's clearance contribute no content (see ``Query``).
    /// Each hit of 秘密 or above whose content is returned is recorded as
    /// `archive.accessed` by the reader, with `purpose` (default: the query), before
    /// the result is returned; so is every such record the total counts when the
    /// query has a content term (the count alone says what it holds). If that record
    /// cannot be written, nothing is returned.
    ///
    /// ```swift
    /// let reader = Reader(id: "P0042", clearance: .secret)
    /// let result = try archive.query(try Query(parsing: "text:临聘人员 year:2022"), reader: reader)
    /// print(result.total, result.hits.first?.snippet ?? "")
    /// ```
    public func query(_ query: Query, reader: Reader, purpose: String? = nil, judgedOn date: CivilDate? = nil) throws -> QueryResult {
        let (index, set) = try currentQueryIndex()
        var evaluator = QueryEvaluator(index: index, set: set, reader: reader, today: date ?? Self.today())
        let matches = evaluator.evaluate(query.expression, within: evaluator.all)
        let (total, hits) = evaluator.result(matches, query, phrases: query.expression.positivePhrases)
        // The hits shown are read. So is every match the total counts when a content
        // term decided it: a total (even with `--limit 0`) says that a classified
        // meeting holds a phrase, a person or a decision, which is reading it.
        var read = hits.filter { !$0.restricted && Self.needsAccessRecord($0.classification, destroyed: $0.destroyed) }.map(\.stream)
        if query.expression.readsContent { read += evaluator.classifiedReads(matches) }
        // A destroyed record's hit is its register entry (title, class): read as such.
        let registers = Set(read.filter { set.register[$0] != nil })
        let recorded = try recordReads(of: read, by: reader, purpose: purpose ?? "query: \(Self.describe(query))", registers: registers)
        return QueryResult(total: total, hits: hits, recordedAccesses: recorded, facets: evaluator.facets(matches))
    }

    /// The matches of a query, without recording the read (the tests' entry point).
    func evaluate(_ query: Query, reader: Reader, judgedOn date: CivilDate? = nil) throws -> (total: Int, hits: [QueryHit]) {
        let (index, set) = try currentQueryIndex()
        var evaluator = QueryEvaluator(index: index, set: set, reader: reader, today: date ?? Self.today())
        let matches = evaluator.evaluate(query.expression, within: evaluator.all)
        return evaluator.result(matches, query, phrases: query.expression.positivePhrases)
    }

    /// The record filed under an archive number (档号), as a hit for `reader`; nil if
    /// no record has that number. A read of 秘密 or above is recorded, as by `query`.
    public func record(numbered number: String, reader: Reader, purpose: String? = nil) throws -> QueryHit? {
        let (index, set) = try currentQueryIndex()
        guard let id = index.docByNumber[number] else { return nil }
        let evaluator = QueryEvaluator(index: index, set: set, reader: reader, today: Self.today())
        let hit = evaluator.hit(id, score: 0, phrases: [])
        if !hit.restricted, Self.needsAccessRecord(hit.classification, destroyed: hit.destroyed) {
            _ = try recordReads(of: [hit.stream], by: reader, purpose: purpose ?? "lookup: \(number)", registers: hit.destroyed ? [hit.stream] : [])
        }
        return hit
    }

    static func describe(_ query: Query) -> String { String(describing: query.expression).prefix(200).description }

    /// Today in the agency's zone (UTC+8): the day decision follow-up is judged on.
    static func today() -> CivilDate {
        ZonedTime(microseconds: Timestamp.now(), offsetMinutes: 480).localDate
    }

    /// The index, caught up with the projections, and the projections it reflects.
    func currentQueryIndex() throws -> (QueryIndex, ProjectionSet) {
        try queryIndex.withLock { state in
            try catchUpProjections()
            let set = projections.withLock { $0 }
            if state.index == nil { try state.load(self) }
            state.index!.catchUp(with: set)
            if log.isReadOnly, state.savedPosition == nil, !state.shared {
                state.shared = true
                shareQueryIndex(state.index!)
            }
            return (state.index!, set)
        }
    }

    /// A reader that found no usable index file (the first query) writes the one it
    /// built, so that the queries after it load it. Only while no writer holds the log
    /// and nothing was appended since this reader opened it (``Log/whileNoWriter(_:)``):
    /// then the index reflects the whole log, destructions included, and no writer is
    /// replacing the file meanwhile. The file is written under a temporary name and
    /// renamed into place, so a concurrent query reads the old file or the new one,
    /// never a part. A read-only copy, or a writer at work, leaves it to the writer.
    private func shareQueryIndex(_ index: QueryIndex) {
        _ = try? log.whileNoWriter {
            try writeCheckpoint(Self.queryIndexFile, magic: Self.queryIndexMagic, position: index.position, body: index.encode())
        }
    }

    /// The index file's contents if it can be trusted for this log (nil if missing,
    /// damaged, or from another log: the index is then built from the projections).
    func loadQueryIndex() throws -> QueryIndex? {
        guard let file = try? MappedFile.map(path + "/" + Self.queryIndexFile, populate: true),
            let (position, body) = try checkpointBody(file.bytes, magic: Self.queryIndexMagic),
            let index = try? QueryIndex(decoding: Array(file.bytes[body])), index.position == position
        else { return nil }
        return index
    }

    /// Brings the index file up to date with the projections (compacted first, so it
    /// holds no term of a destroyed record). Skipped when the file already reflects
    /// the projections' position, and when the index was never made: it is built by
    /// the first query (or ``rebuildQueryIndex()``), not by every import and close,
    /// and kept up to date from then on.
    func saveQueryIndex() throws {
        guard !log.isReadOnly else { return }
        try queryIndex.withLock { state in
            let set = projections.withLock { $0 }
            if !state.peeked {
                state.savedPosition = peekQueryIndexPosition()
                state.peeked = true
            }
            if state.index == nil, state.savedPosition == nil, !FileManager.default.fileExists(atPath: path + "/" + Self.queryIndexFile) {
                return
            }
            if case .some(let saved) = state.savedPosition, saved == set.position { return }
            if state.index == nil { try state.load(self) }
            state.index!.catchUp(with: set)
            state.index!.compact(with: set)
            try writeCheckpoint(Self.queryIndexFile, magic: Self.queryIndexMagic, position: state.index!.position, body: state.index!.encode())
            state.savedPosition = .some(state.index!.position)
        }
    }

    /// The position the index file says it reflects (read from its header only; it is
    /// checked in full when loaded), or nil without a file.
    private func peekQueryIndexPosition() -> UInt64?? {
        guard let handle = FileHandle(forReadingAtPath: path + "/" + Self.queryIndexFile) else { return nil }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: Self.queryIndexMagic.count + 9)).map { Array($0) } ?? []
        guard header.count == Self.queryIndexMagic.count + 9, header.starts(with: Self.queryIndexMagic) else { return nil }
        guard header[Self.queryIndexMagic.count] == 1 else { return .some(nil) }
        return .some(header[(Self.queryIndexMagic.count + 1)...].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
    }
}

/// What a query index holds (from ``Archive/rebuildQueryIndex()``).
public struct QueryIndexStatistics: Sendable, Hashable {
    /// Meetings indexed.
    public var documents: Int
    /// Distinct full-text terms (characters, bigrams, words).
    public var terms: Int
    /// Full-text postings (term, meeting, field).
    public var postings: Int
    /// The index file's size.
    public var bytes: Int
}

extension Archive {
    /// Builds the query index afresh from the projections, beside the live one (queries
    /// go on meanwhile), then swaps it in and writes its file.
    @discardableResult
    public func rebuildQueryIndex() throws -> QueryIndexStatistics {
        try catchUpProjections()
        let set = projections.withLock { $0 }
        var fresh = QueryIndex()
        fresh.catchUp(with: set)
        let body = fresh.encode()
        try queryIndex.withLock { state in
            // A newer index (caught up meanwhile) wins; this one is then merely checked.
            if let live = state.index, (live.position ?? 0) > (fresh.position ?? 0) { return }
            state.index = fresh
            if !log.isReadOnly {
                try writeCheckpoint(Self.queryIndexFile, magic: Self.queryIndexMagic, position: fresh.position, body: body)
                state.savedPosition = .some(fresh.position)
                state.peeked = true
            }
        }
        return QueryIndexStatistics(
            documents: fresh.docs.count, terms: fresh.postings.count, postings: fresh.postings.values.reduce(0) { $0 + $1.count },
            bytes: body.count + Self.queryIndexMagic.count + 45)
    }
}
