/// The query layer's indexes: a projection of the projections.
///
/// One document per meeting stream, numbered in the order the streams first
/// appear in the log (`MeetingRecords.streams`), so ids never move. For each:
/// the descriptive facts a query filters on (`Doc`), facet postings (kind,
/// departments, people by role), and full-text postings (``TextAnalyzer`` terms:
/// characters, character bigrams and words, each entry tagged with the field it
/// occurs in).
///
/// Maintenance is incremental: ``catchUp(with:)`` re-indexes exactly the meetings
/// whose stream version moved since they were indexed. New postings are added in
/// place; entries a changed meeting no longer has (after a destruction, say) are
/// only dropped by ``compact(with:)``, so until then the evaluator treats such
/// meetings as `stale` and judges them from their state. `compact(with:)` runs
/// before every save, so the index file never holds a term of a destroyed record.
struct QueryIndex: Sendable {
    /// The projections' position this index reflects (nil: none yet).
    var position: UInt64?
    var docs: [Doc] = []
    var docByStream: [String: UInt32] = [:]
    /// Formatted archive number (档号) → document.
    var docByNumber: [String: UInt32] = [:]
    var facets: [FacetKey: [UInt32]] = [:]
    /// Term → sorted `doc << 2 | field` entries (field: 0 title, 1 agenda, 2 decision, 3 speech).
    var postings: [Term: [UInt32]] = [:]
    /// Documents re-indexed since the last compaction: their facet and text postings
    /// may still hold entries they lost (an absent person who then signed in, the text
    /// of a destroyed record), so the evaluator judges them from their state instead.
    var stale: Set<UInt32> = []

    /// What a query filters on without reading content.
    struct Doc: Sendable, Hashable {
        var stream: String
        /// The stream version indexed (`MeetingState.version`).
        var version: Int
        var title: String?
        var kind: String?
        var organizer: String?
        var startsAt: ZonedTime?
        var classification: Classification?
        var retention: RetentionClass?
        var archiveYear: Int?
        var number: ArchiveNumber?
        /// The number as written (档号), per the archive's format.
        var numberText: String?
        var flags: UInt8
        /// Bit `i` set when the stream has had an event of `EventType.allCases[i]` (`StreamTypes`).
        var types: UInt64
        var decisions: [DecisionSummary]

        static let archived: UInt8 = 1, destroyed: UInt8 = 2, held: UInt8 = 4, cancelled: UInt8 = 8

        func has(_ state: RecordState) -> Bool {
            switch state {
            case .archived: flags & Self.archived != 0
            case .destroyed: flags & Self.destroyed != 0
            case .held: flags & Self.held != 0
            case .cancelled: flags & Self.cancelled != 0
            }
        }
    }

    /// A decision as follow-up judges it: its deadline, when it was first reported
    /// done, and whether any progress was reported.
    struct DecisionSummary: Sendable, Hashable {
        var deadline: CivilDate?
        var done: CivilDate?
        var started: Bool

        /// The status judged on `date` (the same rule as `MeetingState.Decision.followUp`).
        func status(on date: CivilDate) -> FollowUpStatus {
            if let done {
                if let deadline, done > deadline { return .doneLate }
                return .done
            }
            if let deadline, date > deadline { return .overdue }
            return started ? .inProgress : .open
        }
    }

    struct FacetKey: Hashable, Sendable {
        var facet: Facet
        var value: String

        enum Facet: UInt8, Sendable, CaseIterable {
            case kind = 0
            case organizer, responsible
            case personAny, invited, present, absent, leave, late, speaker, chair
        }

        static func person(_ role: PersonRole, _ value: String) -> FacetKey {
            let facet: Facet =
                switch role {
                case .any: .personAny
                case .invited: .invited
                case .present: .present
                case .absent: .absent
                case .leave: .leave
                case .late: .late
                case .speaker: .speaker
                case .chair: .chair
                }
            return FacetKey(facet: facet, value: value)
        }
    }

    var count: Int { docs.count }

    /// Per clearance level, the documents whose content a reader of that level may see
    /// (see `QueryEvaluator.mayRead`); recomputed when documents change.
    private(set) var visibility: [DocSet] = []

    func visible(to clearance: Classification) -> DocSet {
        if visibility.count == Classification.allCases.count, visibility[0].capacity == docs.count {
            return visibility[Int(clearance.rawValue)]
        }
        return Self.visibility(docs, clearance)
    }

    static func visibility(_ docs: [Doc], _ clearance: Classification) -> DocSet {
        var out = DocSet(capacity: docs.count)
        let reader = Reader(id: "", clearance: clearance)
        for (i, doc) in docs.enumerated() where QueryEvaluator.mayRead(doc, reader) { out.insert(UInt32(i)) }
        return out
    }

    mutating func refreshVisibility() {
        visibility = Classification.allCases.map { Self.visibility(docs, $0) }
    }

    // MARK: - Maintenance

    /// Re-indexes every meeting whose stream changed since it was indexed, and indexes
    /// new ones; afterwards the index reflects `set` exactly.
    mutating func catchUp(with set: ProjectionSet) {
        guard set.position != position || docs.count != set.records.streams.count else { return }
        let streams = set.records.streams
        for (i, stream) in streams.enumerated() {
            guard let state = set.records[stream] else { continue }
            if i < docs.count {
                guard docs[i].version != state.version else { continue }
                reindex(UInt32(i), state: state, in: set)
            } else {
                add(state: state, in: set)
            }
        }
        position = set.position
        refreshVisibility()
        // Judging many stale documents one by one costs more than re-indexing them.
        if stale.count > max(256, docs.count / 8) { compact(with: set) }
    }

    /// Indexes a new meeting as the next document.
    private mutating func add(state: MeetingState, in set: ProjectionSet) {
        let id = UInt32(docs.count)
        let doc = Self.doc(of: state, in: set)
        docs.append(doc)
        docByStream[doc.stream] = id
        if let number = doc.numberText { docByNumber[number] = id }
        for key in Self.facetKeys(of: state, doc) { facets[key, default: []].append(id) }
        for (term, field) in Self.terms(of: state) { postings[term, default: []].append(id << 2 | field) }
    }

    /// Replaces a meeting's document; its old postings stay until `compact()`.
    private mutating func reindex(_ id: UInt32, state: MeetingState, in set: ProjectionSet) {
        let old = docs[Int(id)]
        let doc = Self.doc(of: state, in: set)
        docs[Int(id)] = doc
        if let number = old.numberText { docByNumber[number] = nil }
        if let number = doc.numberText { docByNumber[number] = id }
        stale.insert(id)
        for key in Self.facetKeys(of: state, doc) { Self.insertSorted(id, into: &facets[key, default: []]) }
        for (term, field) in Self.terms(of: state) { Self.insertSorted(id << 2 | field, into: &postings[term, default: []]) }
    }

    private static func insertSorted(_ value: UInt32, into list: inout [UInt32]) {
        if let last = list.last, last < value {
            list.append(value)
            return
        }
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        if lo < list.count, list[lo] == value { return }
        list.insert(value, at: lo)
    }

    /// Drops every posting and facet entry that the current documents no longer have,
    /// by indexing the affected documents afresh; afterwards nothing is stale.
    mutating func compact(with set: ProjectionSet) {
        guard !stale.isEmpty else { return }
        let affected = DocSet(capacity: docs.count, stale)
        for key in Array(facets.keys) {
            facets[key]!.removeAll { affected.contains($0) }
            if facets[key]!.isEmpty { facets[key] = nil }
        }
        for term in Array(postings.keys) {
            postings[term]!.removeAll { affected.contains($0 >> 2) }
            if postings[term]!.isEmpty { postings[term] = nil }
        }
        for id in affected.ids {
            guard let state = set.records[docs[Int(id)].stream] else { continue }
            for key in Self.facetKeys(of: state, docs[Int(id)]) { Self.insertSorted(id, into: &facets[key, default: []]) }
            for (term, field) in Self.terms(of: state) { Self.insertSorted(id << 2 | field, into: &postings[term, default: []]) }
        }
        stale = []
    }

    // MARK: - What a meeting contributes

    static func doc(of state: MeetingState, in set: ProjectionSet) -> Doc {
        let kept = set.register[state.stream]?.record
        var flags: UInt8 = 0
        if state.isArchived { flags |= Doc.archived }
        if state.isDestroyed { flags |= Doc.destroyed }
        if state.isHeld { flags |= Doc.held }
        if state.isCancelled { flags |= Doc.cancelled }
        let decisions = state.decisions.map { d in
            var done: CivilDate?
            var started = false
            for p in d.progress {
                if p.status == .done { done = done ?? p.at.localDate } else { started = true }
            }
            // Judged, like the follow-up view, against the deadline in force (as extended).
            return DecisionSummary(deadline: d.currentDeadline, done: done, started: started)
        }
        return Doc(
            stream: state.stream, version: state.version, title: state.meeting?.title ?? kept?.title,
            kind: state.meeting?.kind ?? kept?.kind, organizer: state.meeting?.organizer ?? set.numbering[state.stream]?.organization,
            startsAt: state.startsAt, classification: state.classification ?? kept?.classification, retention: state.retention ?? kept?.retention,
            archiveYear: state.archive?.year ?? kept?.year, number: set.numbering[state.stream],
            numberText: set.numbering[state.stream]?.formatted(set.numberFormat), flags: flags,
            types: set.types.masks[state.stream] ?? 0, decisions: decisions)
    }

    /// The facet entries of a meeting: kind and organizer (kept from the register
    /// after a destruction), the departments responsible for decisions, and people by
    /// role (by id and by name).
    static func facetKeys(of s: MeetingState, _ doc: Doc) -> Set<FacetKey> {
        var keys = Set<FacetKey>()
        if let kind = doc.kind { keys.insert(FacetKey(facet: .kind, value: kind)) }
        if let organizer = doc.organizer { keys.insert(FacetKey(facet: .organizer, value: organizer)) }
        guard let meeting = s.meeting else { return keys }
        for d in s.decisions {
            for r in d.responsible { keys.insert(FacetKey(facet: .responsible, value: r)) }
        }
        var names: [String: String] = [:]
        for (id, p) in s.invited { names[id] = p.name }
        for leave in s.leaves.values { if let sub = leave.substitute { names[sub.person] = sub.name } }
        func person(_ role: PersonRole, _ id: String) {
            keys.insert(.person(role, id))
            keys.insert(.person(.any, id))
            if let name = names[id] {
                keys.insert(.person(role, name))
                keys.insert(.person(.any, name))
            }
        }
        for id in s.invited.keys { person(.invited, id) }
        for (id, signIn) in s.signIns {
            person(.present, id)
            if signIn.isLate { person(.late, id) }
        }
        for id in s.invited.keys where s.signIns[id] == nil && !s.isCancelled { person(.absent, id) }
        for (id, leave) in s.leaves where leave.isApproved { person(.leave, id) }
        for speech in s.speeches { person(.speaker, speech.speaker) }
        person(.chair, meeting.chair)
        return keys
    }

    /// The searchable text of a meeting, by field (0 title, 1 agenda, 2 decision, 3 speech).
    static func texts(of s: MeetingState) -> [(field: UInt32, text: String)] {
        var out: [(UInt32, String)] = []
        forEachText(of: s) { out.append(($0, $1)) }
        return out
    }

    /// `texts(of:)` without building the list.
    static func forEachText(of s: borrowing MeetingState, _ body: (UInt32, String) -> Void) {
        guard let meeting = s.meeting else { return }
        body(0, meeting.title)
        for item in s.agenda { body(1, item.title) }
        for d in s.decisions { body(2, d.text) }
        for speech in s.speeches { body(3, speech.summary) }
    }

    /// Each distinct (term, field) of a meeting's text.
    static func terms(of s: MeetingState) -> [(Term, UInt32)] {
        var seen: [Term: UInt8] = [:]
        var buffer: [Term] = []
        for (field, text) in texts(of: s) {
            buffer.removeAll(keepingCapacity: true)
            TextAnalyzer.terms(TextAnalyzer.tokens(text), into: &buffer)
            for term in buffer { seen[term, default: 0] |= 1 << UInt8(field) }
        }
        var out: [(Term, UInt32)] = []
        out.reserveCapacity(seen.count)
        for (term, fields) in seen {
            for field in 0..<4 where fields & (1 << UInt8(field)) != 0 { out.append((term, UInt32(field))) }
        }
        return out
    }
}
