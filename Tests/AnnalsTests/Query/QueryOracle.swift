import Annals

/// The brute-force answer to a query: every meeting's state read directly, no
/// index. Written apart from the index and evaluator (its own text matching, its
/// own role rules, event types read from the log), so that the property tests
/// compare two independent answers.
struct QueryOracle {
    let set: ProjectionSet
    /// Each stream's event types, from the log.
    let types: [String: Set<EventType>]
    let reader: Reader
    let today: CivilDate
    /// Each meeting's texts by field, as canonical strings (computed once).
    let texts: [String: [(field: TextField, text: [Character])]]

    init(set: ProjectionSet, types: [String: Set<EventType>], reader: Reader, today: CivilDate, texts: [String: [(field: TextField, text: [Character])]]? = nil) {
        self.set = set
        self.types = types
        self.reader = reader
        self.today = today
        self.texts = texts ?? Self.canonicalTexts(set)
    }

    static func canonicalTexts(_ set: ProjectionSet) -> [String: [(field: TextField, text: [Character])]] {
        var out: [String: [(field: TextField, text: [Character])]] = [:]
        for s in set.records.states {
            guard let meeting = s.meeting else { continue }
            var texts: [(TextField, [Character])] = [(.title, canonical(meeting.title))]
            texts += s.agenda.map { (.agenda, canonical($0.title)) }
            texts += s.decisions.map { (.decision, canonical($0.text)) }
            texts += s.speeches.map { (.speech, canonical($0.summary)) }
            out[s.stream] = texts
        }
        return out
    }

    func matches(_ e: QueryExpression) -> [String] {
        set.records.streams.filter { matches(e, $0) }.sorted()
    }

    /// The class a record is judged by: its meeting's, or once destroyed the one its
    /// register kept (nil for a destruction recorded before the register kept it).
    func keptClassification(_ stream: String) -> Classification? {
        if let entry = set.register[stream] { return entry.record?.classification }
        return set.records[stream]?.classification
    }

    func mayRead(_ stream: String) -> Bool {
        guard let state = set.records[stream] else { return false }
        // A destroyed record is judged by the class its register kept
        // (archive.destroyed v3); unknown (an older destruction), it counts as 秘密.
        if state.isDestroyed { return (keptClassification(stream) ?? .confidential) <= reader.clearance }
        guard let c = state.classification else { return false }
        return c <= reader.clearance
    }

    func matches(_ e: QueryExpression, _ stream: String) -> Bool {
        switch e {
        case .all: true
        case .and(let parts): parts.allSatisfy { matches($0, stream) }
        case .or(let parts): parts.contains { matches($0, stream) }
        case .not(let inner): !matches(inner, stream)
        case .term(let term): matches(term, stream)
        }
    }

    func matches(_ term: QueryTerm, _ stream: String) -> Bool {
        let s = set.records[stream]!
        let kept = set.register[stream]?.record
        let number = set.numbering[stream]
        let readable = mayRead(stream)
        switch term {
        case .text(let phrase, let field):
            guard readable, s.meeting != nil else { return false }
            let p = Self.canonical(phrase)
            return texts[stream, default: []].contains { (field == .any || field == $0.field) && Self.contains($0.text, p) }
        case .kind(let kind):
            return (s.meeting?.kind ?? kept?.kind) == kind
        case .department(let code, let role):
            let organizes = (s.meeting?.organizer ?? number?.organization) == code
            let responsible = readable && s.decisions.contains { $0.responsible.contains(code) }
            switch role {
            case .organizer: return organizes
            case .responsible: return responsible
            case .any: return organizes || responsible
            }
        case .person(let who, let role):
            guard readable, let meeting = s.meeting else { return false }
            return people(s, meeting, role).contains(who)
        case .date(let range):
            return s.startsAt.map { range.contains($0.localDate) } ?? false
        case .archiveNumber(let text, let prefix):
            guard let formatted = number?.formatted(set.numberFormat) else { return false }
            return prefix ? formatted.hasPrefix(text) : formatted == text
        case .stream(let name):
            return name == stream
        case .classification(let range):
            return keptClassification(stream).map(range.contains) ?? false
        case .retention(let r):
            return (s.retention ?? kept?.retention) == r
        case .expiry(let range):
            guard let year = s.archive?.year ?? kept?.year, let r = s.retention ?? kept?.retention,
                let expiry = set.policy.expiryDate(archiveYear: year, retention: r)
            else { return false }
            return range.contains(expiry)
        case .decisionStatus(let status):
            return readable && s.decisions.contains { $0.followUp(on: today).status == status }
        case .deadline(let range):
            return readable && s.decisions.contains { $0.currentDeadline.map(range.contains) ?? false }
        case .state(let state, let value):
            let has: Bool =
                switch state {
                case .archived: s.isArchived
                case .destroyed: s.isDestroyed
                case .held: s.isHeld
                case .cancelled: s.isCancelled
                }
            return has == value
        case .eventType(let type):
            return readable && types[stream]?.contains(type) ?? false
        }
    }

    /// Ids and names of the people in a role.
    func people(_ s: MeetingState, _ meeting: MeetingScheduled, _ role: PersonRole) -> Set<String> {
        var ids = Set<String>()
        switch role {
        case .any:
            for r in PersonRole.allCases where r != .any { ids.formUnion(people(s, meeting, r)) }
            return ids
        case .invited: ids = Set(s.invited.keys)
        case .present: ids = Set(s.signIns.keys)
        case .absent: ids = s.isCancelled ? [] : Set(s.invited.keys).subtracting(s.signIns.keys)
        case .leave: ids = Set(s.leaves.filter { $0.value.isApproved }.keys)
        case .late: ids = Set(s.signIns.filter { $0.value.isLate }.keys)
        case .speaker: ids = Set(s.speeches.map(\.speaker))
        case .chair: ids = [meeting.chair]
        }
        var names = Set<String>()
        for id in ids {
            if let p = s.invited[id] { names.insert(p.name) }
            for leave in s.leaves.values where leave.substitute?.person == id { names.insert(leave.substitute!.name) }
        }
        return ids.union(names)
    }

    // MARK: - Text, by canonical strings

    /// The text as the analyzer sees it, written out: full-width folded, Latin lower
    /// case, a single space only between two Latin words, `|` for a run of punctuation.
    static func canonical(_ text: String) -> [Character] {
        var out: [Character] = []
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            var v = scalar.value
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
            if v == 0x3000 { v = 0x20 }
            let c = Character(Unicode.Scalar(v)!)
            let alnum = c.isASCII && (c.isLetter || c.isNumber)
            let ideograph = (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
                || (0x20000...0x3134F).contains(v) || v == 0x3007
            if alnum || ideograph {
                if pendingSpace, alnum, let last = out.last, last.isASCII, last != "|" { out.append(" ") }
                pendingSpace = false
                out.append(alnum ? Character(c.lowercased()) : c)
            } else if [0x20, 0x09, 0x0A, 0x0D, 0xA0].contains(v) {
                pendingSpace = true
            } else {
                pendingSpace = false
                if let last = out.last, last != "|" { out.append("|") }
            }
        }
        return out
    }

    /// Whether the phrase occurs in the text (both canonical), Latin words matched whole.
    static func contains(_ t: [Character], _ phrase: [Character]) -> Bool {
        var p = phrase
        while p.last == "|" { p.removeLast() }
        guard !p.isEmpty, t.count >= p.count else { return false }
        func word(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        for start in 0...(t.count - p.count) where Array(t[start..<(start + p.count)]) == p {
            if word(p.first!), start > 0, word(t[start - 1]) { continue }
            if word(p.last!), start + p.count < t.count, word(t[start + p.count]) { continue }
            return true
        }
        return false
    }
}
