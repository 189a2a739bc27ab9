import Annals
import Prometheus
import AnnalsLog
import HTTPTypes

// Every read of the archive made for a signed-in account, in one file: the reader is
// always the account (`AnnalsRequestContext.reader()`), with its clearance from the log.
// Clearance and the access records (查阅登记) are the library's: each call below goes
// to the `Archive` view that takes the reader (Archive+Views.swift), so the server
// applies exactly the rules the command line does. What is added here is HTTP's:
// 404, 403 and 410 before a view is asked, and the count for /metrics.

struct ReaderViews {
    let state: ServerState
    var archive: Archive { state.archive }

    /// `GET /api/v1/search`.
    func search(_ query: Query, text: String, reader: Reader) throws -> QueryResult {
        let result = try archive.query(query, reader: reader, purpose: "server search: \(text.prefix(200))")
        state.accessesRecorded.increment(by: Int64(result.recordedAccesses.count))
        return result
    }

    /// The classification a reader's view of `stream` is judged by. A destroyed record's
    /// class is gone with its content; its title stays in the register, so it is shown
    /// only to readers cleared for 秘密.
    private func classification(of stream: String, in set: ProjectionSet) -> Classification {
        set.records[stream]?.classification ?? .confidential
    }

    /// One meeting's minutes for the reader: 404 if there is none, 403 above the
    /// reader's clearance, and a recorded access for 秘密 and above.
    func minutes(of stream: String, asOf: AsOf, reader: Reader, purpose: String) throws -> Minutes {
        guard let peek = try archive.minutes(of: stream, asOf: asOf, judgedOn: asOf.date(today: today())) else {
            if let entry = try archive.projections().register[stream] {
                throw APIError(.gone, "destroyed", "\(stream) was destroyed on \(entry.destroyedAt); its register entry remains (GET /api/v1/register)")
            }
            throw APIError.notFound("no meeting \(stream)\(asOf == .latest ? "" : " as of \(asOf)")")
        }
        let level = peek.state.classification ?? .open
        guard level <= reader.clearance else { throw restricted(stream, level, reader) }
        guard let minutes = try archive.minutes(of: stream, reader: reader, purpose: purpose, asOf: asOf, judgedOn: asOf.date(today: today())) else {
            throw APIError.notFound("no meeting \(stream)")
        }
        if level >= .confidential { state.accessesRecorded.increment() }
        return minutes
    }

    /// A stream's events as JSON Lines (the export's shape), for a reader cleared for
    /// the meeting; an account stream only for admins and auditors.
    func events(of stream: String, reader: Reader, account: AccountStanding) throws -> [UInt8] {
        let set = try archive.projections()
        if stream.hasPrefix(accountStreamPrefix) {
            guard account.has(.auditor) else { throw APIError(.forbidden, "forbidden", "account streams are read by auditors and admins") }
        } else {
            guard set.records[stream] != nil else { throw APIError.notFound("no stream \(stream)") }
            let level = classification(of: stream, in: set)
            guard level <= reader.clearance else { throw restricted(stream, level, reader) }
            var out: [UInt8] = []
            try archive.exportLines(reader: reader, stream: stream, purpose: "server: events of \(stream)") { out.append(contentsOf: $0) }
            if Archive.needsAccessRecord(level, destroyed: set.records[stream]?.isDestroyed ?? true) { state.accessesRecorded.increment() }
            return out
        }
        var out: [UInt8] = []
        try archive.exportLines(stream: stream) { out.append(contentsOf: $0) }
        return out
    }

    /// The archive directory; a row above the reader's clearance is listed as 受限.
    func catalogue(year: Int?, fonds: String?, reader: Reader) throws -> (rows: [CatalogueEntry], format: ArchiveNumberFormat) {
        let rows = try archive.catalogue(reader: reader, year: year, fonds: fonds, purpose: "server: catalogue")
        count(rows.filter { !$0.restricted && Archive.needsAccessRecord($0.classification, destroyed: $0.destroyed) }.count)
        return (rows, try archive.projections().numberFormat)
    }

    /// Decision follow-up, without the decisions of meetings above the reader's clearance.
    func decisions(asOf: AsOf, filter: DecisionFilter?, department: String?, reader: Reader) throws -> [DecisionFollowUp] {
        let rows = try archive.decisions(
            reader: reader, on: asOf.date(today: today()), filter: filter, department: department, asOf: asOf, purpose: "server: decisions")
        let set = try archive.projections(asOf: asOf)
        count(Set(rows.map(\.stream)).filter { Archive.needsAccessRecord(set.records[$0]?.classification, destroyed: false) }.count)
        return rows
    }

    /// The retention review: archive numbers, streams and classes only, no content.
    func retentionReview(year: Int, reader: Reader) throws -> (review: RetentionReview, format: ArchiveNumberFormat) {
        (try archive.retentionReview(year: year, reader: reader), try archive.projections().numberFormat)
    }

    /// The destruction register: what the office keeps permanently of destroyed records
    /// (their content is gone); served to archivists and auditors.
    func register(reader: Reader) throws -> DestructionRegister { try archive.register(reader: reader) }

    /// Counts only (no titles or texts); attendance by person is not served.
    func compliance(reader: Reader) throws -> Compliance { try archive.compliance(reader: reader, on: today(), byPerson: false) }

    /// A meeting's audit bundle: every event's line, so the reader must be cleared for it.
    func bundle(of stream: String, reader: Reader) throws -> AuditBundle {
        let set = try archive.projections()
        guard set.records[stream] != nil else { throw APIError.notFound("no stream \(stream)") }
        let level = classification(of: stream, in: set)
        guard level <= reader.clearance else { throw restricted(stream, level, reader) }
        let bundle = try archive.auditBundle(stream: stream, reader: reader, purpose: "server: audit bundle of \(stream)")
        if Archive.needsAccessRecord(level, destroyed: set.records[stream]?.isDestroyed ?? true) { state.accessesRecorded.increment() }
        return bundle
    }

    /// Whether the feed may carry `stream`'s content to this reader: only below 秘密
    /// (a feed read is not attributed record by record) and within the clearance.
    func feedShowsContent(of stream: String, in set: ProjectionSet, reader: Reader) -> Bool {
        if stream.hasPrefix(accountStreamPrefix) { return true }
        let level = classification(of: stream, in: set)
        return level < .confidential && level <= reader.clearance
    }

    /// Counts reads the library recorded, for /metrics.
    private func count(_ reads: Int) {
        if reads > 0 { state.accessesRecorded.increment(by: Int64(reads)) }
    }

    private func restricted(_ stream: String, _ level: Classification, _ reader: Reader) -> APIError {
        APIError(.forbidden, "restricted", "\(stream) is \(level.name); account \(reader.id) is cleared for \(reader.clearance.name) (查阅权限不足)")
    }

    /// Today in the agency's zone (UTC+8).
    func today() -> CivilDate { ZonedTime(microseconds: Timestamp.now(), offsetMinutes: 480).localDate }
}
