// The views a person reads, each for a reader: the one place clearance is applied.
//
// Every call that returns a record's content takes a `Reader`. Content above the
// reader's clearance never leaves these functions (the record may be listed by its
// archive number, kind, year and class, marked 受限), and each record of 秘密 or
// above whose content is returned is recorded as `archive.accessed` first, through
// `recordReads(of:by:purpose:)` (Archive+Access.swift). The projections underneath
// (`ProjectionSet`) are the archive's own state, unfiltered: services show people
// these views, never the projections.

extension Archive {
    /// One meeting's minutes (会议纪要) for a reader, as of now, a position or a time.
    ///
    /// Refused above the reader's clearance; for a meeting of 秘密 or above the read is
    /// appended as `archive.accessed` first. Nil if there is no such meeting (or it
    /// was destroyed: see ``register(reader:)``).
    ///
    /// ```swift
    /// let minutes = try archive.minutes(of: "meeting/BGS-2023-0042", reader: Reader(id: "P0042", clearance: .internal))
    /// ```
    public func minutes(
        of stream: String, reader: Reader, purpose: String? = nil, asOf: AsOf = .latest, judgedOn date: CivilDate? = nil
    ) throws -> Minutes? {
        guard let minutes = try minutes(of: stream, asOf: asOf, judgedOn: date) else { return nil }
        let classification = minutes.state.classification ?? .open
        guard reader.mayRead(classification) else {
            throw ArchiveError(
                "\(stream) is \(classification.name); a reader cleared for \(reader.clearance.name) may not read it (查阅权限不足)")
        }
        if Self.needsAccessRecord(classification, destroyed: minutes.state.isDestroyed) {
            _ = try recordReads(of: [stream], by: reader, purpose: purpose ?? "minutes")
        }
        return minutes
    }

    /// The archive directory (归档文件目录) for a reader, in archive-number order,
    /// optionally of one year or fonds. A record above the reader's clearance is
    /// listed with its title as 受限 (``CatalogueEntry/restricted``).
    public func catalogue(reader: Reader, year: Int? = nil, fonds: String? = nil, purpose: String? = nil) throws -> [CatalogueEntry] {
        var read: [String] = []
        var registers = Set<String>()
        let rows = try projections().catalogue(year: year, fonds: fonds).map { row in
            guard reader.mayRead(row.classification) else { return row.restrictedView() }
            if Self.needsAccessRecord(row.classification, destroyed: row.destroyed) {
                read.append(row.stream)
                if row.destroyed { registers.insert(row.stream) }
            }
            return row
        }
        _ = try recordReads(of: read, by: reader, purpose: purpose ?? "catalogue", registers: registers)
        return rows
    }

    /// The yearly retention review as of 1 January of `year` (reproducible: what was
    /// due then stays listed whatever happened after), for a reader. It lists numbers,
    /// titles, classes, dates and outcomes: an entry above the reader's clearance is
    /// marked restricted, its title and 备注 read 受限, and nothing is recorded.
    public func retentionReview(year: Int, reader: Reader) throws -> RetentionReview {
        try retentionReview(year: year).mapEntries { entry in
            guard !reader.mayRead(entry.classification) else { return entry }
            var shown = entry
            shown.restricted = true
            shown.title = Reader.restrictedMarker
            shown.note = Reader.restrictedMarker
            return shown
        }
    }

    /// The destruction register (销毁清册) for a reader. An entry's title is of the
    /// destroyed record's class, which the register kept (`archive.destroyed` v3):
    /// above the reader's clearance it reads 受限, as a live record's would; shown
    /// to a reader cleared for it, a title of 秘密 or above is a read, recorded as
    /// `archive.accessed` on the destroyed record's stream. A destruction recorded
    /// before the register kept the class counts as 秘密 (``Reader/mayRead(_:)``).
    public func register(reader: Reader, purpose: String? = nil) throws -> DestructionRegister {
        let register = try projections().register
        var read: [String] = []
        let shown = register.view { entry in
            let classification = entry.record?.classification
            guard reader.mayRead(classification) else { return false }
            if Self.needsAccessRecord(classification, destroyed: true) { read.append(entry.stream) }
            return true
        }
        _ = try recordReads(of: read, by: reader, purpose: purpose ?? "register", registers: Set(read))
        return shown
    }

    /// The compliance flags (`annals flags`) for a reader. A flag's detail is in the
    /// clerk's words about the meeting (who signed in late, which item was added in
    /// session): above the reader's clearance it reads 受限 (the rule, meeting, time,
    /// field, kind, department and date stay, as a restricted catalogue row's do),
    /// and each meeting of 秘密 or above whose details are shown is recorded as read.
    /// A destroyed record's flags are its register's, of the class it kept.
    public func complianceFlags(reader: Reader, _ filter: FlagFilter = FlagFilter(), purpose: String? = nil) throws -> [RaisedFlag] {
        let set = try projections()
        var read: [String] = []
        var registers = Set<String>()
        let flags = try complianceFlags(filter).map { flag in
            let classification = Self.recordedClassification(of: flag.stream, in: set)
            let destroyed = set.records[flag.stream]?.isDestroyed ?? false
            guard reader.mayRead(classification) else {
                var shown = RaisedFlag(
                    rule: flag.rule, stream: flag.stream, at: flag.at, field: flag.field, detail: Reader.restrictedMarker,
                    position: flag.position, kind: flag.kind, department: flag.department, meetingDate: flag.meetingDate,
                    fromRegister: flag.fromRegister)
                shown.restricted = true
                return shown
            }
            if Self.needsAccessRecord(classification, destroyed: destroyed) {
                read.append(flag.stream)
                if destroyed { registers.insert(flag.stream) }
            }
            return flag
        }
        _ = try recordReads(of: read, by: reader, purpose: purpose ?? "flags", registers: registers)
        return flags
    }

    /// Decision follow-up (督办) for a reader, judged on `date`, as of `asOf`.
    /// Decisions of meetings above the reader's clearance are left out (a decision's
    /// text, department and deadline are all content); each meeting of 秘密 or above
    /// whose decisions are listed is recorded as read.
    public func decisions(
        reader: Reader, on date: CivilDate, filter: DecisionFilter? = nil, department: String? = nil, asOf: AsOf = .latest,
        purpose: String? = nil
    ) throws -> [DecisionFollowUp] {
        let set = try projections(asOf: asOf)
        var read: [String] = []
        let rows = set.decisions(on: date, filter: filter, department: department).filter { row in
            let classification = set.records[row.stream]?.classification
            guard reader.mayRead(classification) else { return false }
            if Self.needsAccessRecord(classification, destroyed: false) { read.append(row.stream) }
            return true
        }
        _ = try recordReads(of: read, by: reader, purpose: purpose ?? "decisions")
        return rows
    }

    /// The counts offices keep, for a reader, with decisions judged on `date`. Who
    /// attended a meeting is its content: with `byPerson`, attendance per person is
    /// counted over the meetings the reader may read, and each of 秘密 or above among
    /// them is recorded as read; without, `byPerson` is empty and nothing is recorded.
    /// The other counts are of descriptive facts (kind, department, month).
    public func compliance(reader: Reader, on date: CivilDate, byPerson: Bool = true, purpose: String? = nil) throws -> Compliance {
        let set = try projections()
        guard byPerson else { return set.compliance(on: date, people: { _ in false }) }
        let counts = set.compliance(on: date, people: { reader.mayRead($0.classification) })
        let read = set.records.states.filter { state in
            !state.isCancelled && !state.isDestroyed && state.meeting != nil && reader.mayRead(state.classification)
                && Self.needsAccessRecord(state.classification, destroyed: state.isDestroyed) && state.signInSheet.wasHeld
        }.map(\.stream)
        _ = try recordReads(of: read, by: reader, purpose: purpose ?? "stats by person")
        return counts
    }

    /// One meeting's full history as an ``AuditBundle`` for a reader: every event's
    /// content (or, destroyed, its register entry), so refused above the reader's
    /// clearance (a destroyed record's class is the one its register kept, 秘密 when
    /// it kept none); a read of 秘密 or above is recorded first, and so is in the
    /// bundle. Needs the Merkle tree, which only the writer holds.
    public func auditBundle(stream: String, reader: Reader, signers: [NoteSigner] = [], purpose: String? = nil) throws -> AuditBundle {
        let set = try projections()
        let destroyed = set.records[stream]?.isDestroyed ?? true
        let classification = Self.recordedClassification(of: stream, in: set)
        guard reader.mayRead(classification) else {
            throw ArchiveError(
                "an audit bundle of \(stream) holds its content (\(classification?.name ?? "秘密: its destruction was registered without its class")); a reader cleared for \(reader.clearance.name) may not have it (查阅权限不足)")
        }
        if Self.needsAccessRecord(classification, destroyed: destroyed) {
            _ = try recordReads(of: [stream], by: reader, purpose: purpose ?? "audit bundle", registers: destroyed ? [stream] : [])
        }
        return try auditBundle(stream: stream, signers: signers)
    }

    /// Writes events as JSON Lines (see the unfiltered form) for a reader: all or
    /// nothing. Before a byte is written, every record with content in the range is
    /// checked: one above the reader's clearance refuses the export (naming it; a
    /// destroyed record's register is of the class it kept, 秘密 when it kept none),
    /// and each of 秘密 or above is recorded as read. The range ends where the log ended when the export began,
    /// so the export does not hold its own access records.
    @discardableResult
    public func exportLines(
        reader: Reader, stream: String? = nil, from: UInt64 = 0, to: UInt64? = nil, purpose: String? = nil,
        _ write: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> (exported: Int, destroyed: Int) {
        let set = try projections()
        let end = min(to.map { $0 + 1 } ?? .max, set.position.map { $0 + 1 } ?? 0)
        guard end > from else { return try exportLines(stream: stream, from: from, to: to, write) }
        // The streams with content (or a destruction's register) in the range.
        var shown = Set<String>()
        var order: [String] = []
        func note(_ name: String, _ type: EventType?, destroyed: Bool) {
            guard !destroyed, let type, MeetingState.isContent(type) || type == .archiveDestroyed, !shown.contains(name) else { return }
            shown.insert(name)
            order.append(name)
        }
        if let stream {
            for record in try store.readStream(stream) where record.position >= from && record.position < end {
                note(record.stream, EventType(name: record.type), destroyed: record.payload == nil)
            }
        } else {
            try store.scan(from: from, to: end) { view in
                note(view.stream, EventType(utf8: view.typeBytes), destroyed: view.isDestroyed)
                return true
            }
        }
        var read: [String] = []
        var registers = Set<String>()
        for name in order {
            let destroyed = set.records[name]?.isDestroyed ?? false
            let classification = Self.recordedClassification(of: name, in: set)
            guard reader.mayRead(classification) else {
                throw ArchiveError(
                    "the export would hold the content of \(name) (\(classification?.name ?? "秘密: a destroyed record's register, which kept no class")), above the clearance \(reader.clearance.name); export with a sufficient --clearance, or a range without it (--stream, --from, --to). Nothing was written")
            }
            if Self.needsAccessRecord(classification, destroyed: destroyed) {
                read.append(name)
                if destroyed { registers.insert(name) }
            }
        }
        _ = try recordReads(of: read, by: reader, purpose: purpose ?? "export", registers: registers)
        return try exportLines(stream: stream, from: from, to: end - 1, write)
    }
}
