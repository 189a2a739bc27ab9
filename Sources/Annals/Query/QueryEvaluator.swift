#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Runs a ``Query`` over the index for one reader: the set algebra, clearance,
/// phrase checks, ranking, snippets, sorting and paging.
///
/// Every term is evaluated within a mask (the documents still possible), so under an
/// AND the cheap descriptive terms narrow the set before text is checked. Content
/// terms (text, people, decisions, event types, responsible departments) only ever
/// match documents whose content the reader may see; stale documents (changed since
/// the index was compacted) are judged from their state, never from postings.
struct QueryEvaluator {
    let index: QueryIndex
    let set: ProjectionSet
    let reader: Reader
    /// The day decision follow-up is judged on.
    let today: CivilDate
    let all: DocSet
    /// Documents whose content the reader may see.
    let visible: DocSet
    let staleSet: DocSet
    /// Per document, the text fields matched so far (bit per field), for ranking.
    private(set) var matchedFields: [UInt32: UInt8] = [:]

    init(index: QueryIndex, set: ProjectionSet, reader: Reader, today: CivilDate) {
        self.index = index
        self.set = set
        self.reader = reader
        self.today = today
        let n = index.count
        all = DocSet(capacity: n, full: true)
        visible = index.visible(to: reader.clearance)
        staleSet = DocSet(capacity: n, index.stale)
    }

    /// Whether the reader may see the document's content: at or below their clearance.
    /// A destroyed record has no content left; its register facts are public.
    static func mayRead(_ doc: QueryIndex.Doc, _ reader: Reader) -> Bool {
        if doc.has(.destroyed) { return true }
        guard let c = doc.classification else { return false }
        return c <= reader.clearance
    }

    // MARK: - Sets

    mutating func evaluate(_ e: QueryExpression, within mask: DocSet) -> DocSet {
        switch e {
        case .all:
            return mask
        case .term(let term):
            return evaluate(term, within: mask)
        case .and(let parts):
            var current = mask
            // Descriptive terms first, text last: each narrows what the next must check.
            for part in parts.sorted(by: { Self.cost($0) < Self.cost($1) }) {
                current = evaluate(part, within: current)
                if current.isEmpty { break }
            }
            return current
        case .or(let parts):
            var out = DocSet(capacity: mask.capacity)
            var rest = mask
            for part in parts {
                let found = evaluate(part, within: rest)
                out = out.union(found)
                rest = rest.subtracting(found)
            }
            return out
        case .not(let inner):
            return mask.subtracting(evaluate(inner, within: mask))
        }
    }

    /// A rough order of evaluation cost.
    static func cost(_ e: QueryExpression) -> Int {
        switch e {
        case .all: 0
        case .term(.text): 10
        case .term: 1
        case .and(let parts), .or(let parts): parts.map(cost).max() ?? 0
        case .not(let inner): cost(inner) + 1
        }
    }

    mutating func evaluate(_ term: QueryTerm, within mask: DocSet) -> DocSet {
        switch term {
        case .kind(let kind):
            return facet(.init(facet: .kind, value: kind), within: mask)
        case .department(let code, let role):
            switch role {
            case .organizer: return facet(.init(facet: .organizer, value: code), within: mask)
            case .responsible: return facet(.init(facet: .responsible, value: code), within: mask.intersection(visible))
            case .any:
                let organized = facet(.init(facet: .organizer, value: code), within: mask)
                return organized.union(facet(.init(facet: .responsible, value: code), within: mask.subtracting(organized).intersection(visible)))
            }
        case .person(let who, let role):
            return facet(.person(role, who), within: mask.intersection(visible))
        case .text(let phrase, let field):
            return text(phrase, field, within: mask.intersection(visible))
        case .archiveNumber(let number, let prefix):
            if !prefix {
                var out = DocSet(capacity: mask.capacity)
                if let id = index.docByNumber[number], mask.contains(id) { out.insert(id) }
                return out
            }
            return scan(mask) { $0.pointee.numberText?.hasPrefix(number) ?? false }
        case .stream(let stream):
            var out = DocSet(capacity: mask.capacity)
            if let id = index.docByStream[stream], mask.contains(id) { out.insert(id) }
            return out
        default:
            let content = Self.isContent(term)
            return scan(content ? mask.intersection(visible) : mask) { doc in self.matches(term, doc) }
        }
    }

    /// Whether a term reads a record's content (and so never matches above clearance).
    static func isContent(_ term: QueryTerm) -> Bool {
        switch term {
        case .text, .person, .decisionStatus, .deadline, .eventType: true
        case .department(_, let role): role == .responsible
        default: false
        }
    }

    /// The terms decided by a document's descriptive facts alone.
    func matches(_ term: QueryTerm, _ doc: UnsafePointer<QueryIndex.Doc>) -> Bool {
        // Each field read in place: a copy of the document retains every text it holds.
        switch term {
        case .date(let range):
            // As local day numbers: building a CivilDate per document cost more than
            // the rest of the scan.
            guard let start = doc.pointee.startsAt else { return false }
            let day = Int(floorDiv(start.localSeconds, 86_400))
            return day >= range.from?.daysSinceEpoch ?? .min && day <= range.through?.daysSinceEpoch ?? .max
        case .classification(let range):
            guard let c = doc.pointee.classification else { return false }
            return range.contains(c)
        case .retention(let r):
            return doc.pointee.retention == r
        case .expiry(let range):
            guard let year = doc.pointee.archiveYear, let r = doc.pointee.retention, let expiry = set.policy.expiryDate(archiveYear: year, retention: r) else {
                return false
            }
            return range.contains(expiry)
        case .state(let state, let value):
            return doc.pointee.has(state) == value
        case .decisionStatus(let status):
            return doc.pointee.decisions.contains { $0.status(on: today) == status }
        case .deadline(let range):
            return doc.pointee.decisions.contains { $0.deadline.map(range.contains) ?? false }
        case .eventType(let type):
            return doc.pointee.types & StreamTypes.bit(type) != 0
        case .kind(let kind):
            return doc.pointee.kind == kind
        case .archiveNumber(let number, let prefix):
            return prefix ? doc.pointee.numberText?.hasPrefix(number) ?? false : doc.pointee.numberText == number
        case .stream(let stream):
            return doc.pointee.stream == stream
        case .text, .person, .department:
            return false  // answered from postings or state, never from the document alone
        }
    }

    func scan(_ mask: DocSet, _ predicate: (UnsafePointer<QueryIndex.Doc>) -> Bool) -> DocSet {
        var out = DocSet(capacity: mask.capacity)
        // By pointer: `index.docs[id]` copied each document (retaining every text it
        // holds), half of a text query's time.
        index.docs.withUnsafeBufferPointer { docs in
            mask.forEach { id in if predicate(docs.baseAddress! + Int(id)) { out.insert(id) } }
        }
        return out
    }

    /// A document's stream, read in place (not through a copy of the document).
    func stream(of id: UInt32) -> String {
        index.docs.withUnsafeBufferPointer { $0[Int(id)].stream }
    }

    /// A facet's postings within the mask; stale documents judged from their state.
    func facet(_ key: QueryIndex.FacetKey, within mask: DocSet) -> DocSet {
        var out = DocSet(capacity: mask.capacity)
        if let list = index.facets[key] {
            for id in list where mask.contains(id) && !staleSet.contains(id) { out.insert(id) }
        }
        for id in index.stale where mask.contains(id) {
            if let state = set.records[index.docs[Int(id)].stream], QueryIndex.facetKeys(of: state, index.docs[Int(id)]).contains(key) {
                out.insert(id)
            }
        }
        return out
    }

    // MARK: - Text

    /// The documents in `mask` where the phrase occurs in `field`.
    mutating func text(_ phrase: String, _ field: TextField, within mask: DocSet) -> DocSet {
        let tokens = TextAnalyzer.tokens(phrase)
        var out = DocSet(capacity: mask.capacity)
        guard !tokens.isEmpty else { return out }
        let lookup = Self.lookupTerms(tokens)
        let fieldBits = Self.fieldBits(field)
        let plain = Self.plainChinese(tokens)
        // Candidates: documents whose postings hold every lookup term in the field.
        var candidates = mask.subtracting(staleSet)
        var fieldsFound: [UInt32: UInt8] = [:]
        // One token, or two characters (one bigram): the postings are exact.
        let exact = tokens.count == 1 || (tokens.count == 2 && lookup.count == 1 && { if case .bigram = lookup[0] { true } else { false } }())
        for term in lookup {
            var found = DocSet(capacity: mask.capacity)
            for entry in index.postings[term] ?? [] {
                let id = entry >> 2, bit = UInt8(1) << UInt8(entry & 3)
                guard fieldBits & bit != 0, candidates.contains(id) else { continue }
                found.insert(id)
                if exact { fieldsFound[id, default: 0] |= bit }
            }
            candidates = candidates.intersection(found)
            if candidates.isEmpty { break }
        }
        if exact {
            out = candidates
            for (id, bits) in fieldsFound where candidates.contains(id) { matchedFields[id, default: 0] |= bits }
        } else {
            candidates.forEach { id in
                let bits = phraseFields(tokens, plain: plain, in: id, fieldBits)
                if bits != 0 {
                    out.insert(id)
                    matchedFields[id, default: 0] |= bits
                }
            }
        }
        for id in index.stale where mask.contains(id) {
            let bits = phraseFields(tokens, plain: plain, in: id, fieldBits)
            if bits != 0 {
                out.insert(id)
                matchedFields[id, default: 0] |= bits
            }
        }
        return out
    }

    /// The terms to look up for a phrase: its words and bigrams, or its characters
    /// where a character stands alone.
    static func lookupTerms(_ tokens: [TextAnalyzer.Token]) -> [Term] {
        var terms: [Term] = []
        for (i, token) in tokens.enumerated() {
            switch token.kind {
            case .word(let w):
                terms.append(.word(w))
            case .character(let c):
                let next = i + 1 < tokens.count ? tokens[i + 1] : nil
                let prev = i > 0 ? tokens[i - 1] : nil
                if let next, case .character(let d) = next.kind, next.position == token.position + 1 {
                    terms.append(.bigram(c, d))
                } else if !(prev.map { p in
                    if case .character = p.kind, p.position + 1 == token.position { return true }
                    return false
                } ?? false) {
                    terms.append(.character(c))
                }
            }
        }
        var seen = Set<Term>()
        return terms.filter { seen.insert($0).inserted }
    }

    static func fieldBits(_ field: TextField) -> UInt8 {
        switch field {
        case .any: 0b1111
        case .title: 0b0001
        case .agenda: 0b0010
        case .decision: 0b0100
        case .speech: 0b1000
        }
    }

    /// Which of the wanted fields of a document contain the phrase, read from its state.
    func phraseFields(_ phrase: [TextAnalyzer.Token], plain: [UInt8]?, in id: UInt32, _ wanted: UInt8) -> UInt8 {
        set.records.withState(of: stream(of: id)) { state in
            var bits: UInt8 = 0
            QueryIndex.forEachText(of: state) { field, text in
                let bit = UInt8(1) << UInt8(field)
                guard wanted & bit != 0, bits & bit == 0 else { return }
                if Self.contains(text, phrase, plain: plain) { bits |= bit }
            }
            return bits
        } ?? 0
    }

    /// The phrase's UTF-8 bytes when it is Chinese characters only, next to each other.
    static func plainChinese(_ phrase: [TextAnalyzer.Token]) -> [UInt8]? {
        var out = String.UnicodeScalarView()
        for (i, token) in phrase.enumerated() {
            guard case .character(let c) = token.kind, token.position == phrase[0].position + i else { return nil }
            out.append(Unicode.Scalar(c)!)
        }
        return Array(String(out).utf8)
    }

    /// Whether the text contains the phrase. For a plain Chinese phrase the bytes are
    /// searched first: found means found; not found settles it unless the text has
    /// white space (which the analyzer reads through) or forms it folds.
    static func contains(_ text: String, _ phrase: [TextAnalyzer.Token], plain: [UInt8]?) -> Bool {
        if let plain {
            var text = text
            let answer: Bool? = text.withUTF8 { bytes in
                if Self.occurs(plain[...], in: bytes) { return true }
                // Only white space inside the text (ASCII, U+00A0 or U+3000) can join
                // characters the bytes show apart, and only if every one is there.
                var at = 0
                while at < plain.count {
                    let width = plain[at] >= 0xF0 ? 4 : 3
                    guard Self.occurs(plain[at..<min(plain.count, at + width)], in: bytes) else { return false }
                    at += width
                }
                for (i, b) in bytes.enumerated() {
                    if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return nil }
                    if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 { return nil }
                    if b == 0xE3, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 { return nil }
                }
                return false
            }
            if let answer { return answer }
        }
        return TextAnalyzer.find(phrase, in: TextAnalyzer.tokens(text)) != nil
    }

    /// Whether `needle` occurs in `haystack`: the first byte found by `memchr`, the
    /// rest compared by `memcmp` (the generic `firstRange(of:)` took seconds for one
    /// text query over 500,000 events).
    static func occurs(_ needle: ArraySlice<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty else { return true }
        guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
        return needle.withUnsafeBytes { n in
            let first = Int32(n[0])
            let last = haystack.count - n.count  // the last offset where the needle fits
            var at = 0
            while at <= last {
                guard let hit = memchr(base + at, first, last - at + 1) else { return false }
                let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if memcmp(hit, n.baseAddress!, n.count) == 0 { return true }
                at = offset + 1
            }
            return false
        }
    }

    // MARK: - Results

    /// Ranks, sorts and pages the matches; hits above the reader's clearance are restricted.
    func result(_ matches: DocSet, _ query: Query, phrases: [String]) -> (total: Int, hits: [QueryHit]) {
        let ids = matches.ids
        func score(_ id: UInt32) -> Int {
            let bits = matchedFields[id] ?? 0
            return (bits & 1 != 0 ? 8 : 0) + (bits & 2 != 0 ? 4 : 0) + (bits & 4 != 0 ? 2 : 0) + (bits & 8 != 0 ? 1 : 0)
        }
        // Each key read once, through the buffer: reading `docs[id].startsAt` in the
        // comparator copied the whole document (every text retained) at every step.
        let dates: [Int64] = index.docs.withUnsafeBufferPointer { docs in ids.map { docs[Int($0)].startsAt?.microseconds ?? Int64.min } }
        let sorted: [UInt32]
        switch query.sort {
        case .relevance:
            let keyed: [(id: UInt32, score: Int, date: Int64)] = zip(ids, dates).map { ($0, score($0), $1) }
            sorted = keyed.sorted { a, b in
                if a.score != b.score { return a.score > b.score }
                if a.date != b.date { return a.date > b.date }
                return a.id < b.id
            }.map(\.id)
        case .date, .dateDescending:
            let ascending = query.sort == .date
            sorted = zip(ids, dates).sorted { a, b in
                if a.1 != b.1 { return ascending ? a.1 < b.1 : a.1 > b.1 }
                return a.0 < b.0
            }.map(\.0)
        case .number, .numberDescending:
            let ascending = query.sort == .number
            let numbers: [ArchiveNumber?] = index.docs.withUnsafeBufferPointer { docs in ids.map { docs[Int($0)].number } }
            sorted = zip(ids, numbers).sorted { a, b in
                switch (a.1, b.1) {
                case (let x?, let y?): return x == y ? a.0 < b.0 : (ascending ? x < y : y < x)
                case (nil, nil): return a.0 < b.0
                case (nil, _): return false
                case (_, nil): return true
                }
            }.map(\.0)
        }
        let page = sorted.dropFirst(max(0, query.offset)).prefix(max(0, query.limit))
        let hits = page.map { id in hit(id, score: score(id), phrases: phrases) }
        return (ids.count, hits)
    }

    /// The facet counts of `matches` (every match, not a page).
    func facets(_ matches: DocSet) -> QueryFacets {
        var facets = QueryFacets()
        for id in matches.ids {
            let doc = index.docs[Int(id)]
            facets.count("kind", doc.kind)
            facets.count("year", (doc.archiveYear ?? doc.startsAt?.localDate.year).map(String.init))
            facets.count("class", doc.classification?.name)
            let state =
                doc.has(.destroyed) ? "destroyed" : doc.has(.cancelled) ? "cancelled" : doc.has(.held) ? "held" : doc.has(.archived) ? "archived" : "open"
            facets.count("state", state)
            // What a restricted record's number, kind, year and class do not say stays unsaid.
            guard visible.contains(id) else { continue }
            facets.count("dept", doc.organizer)
            facets.count("retention", doc.retention?.code)
            for status in Set(doc.decisions.map { $0.status(on: today) }) { facets.count("follow_up", status.rawValue) }
        }
        return facets
    }

    func hit(_ id: UInt32, score: Int, phrases: [String]) -> QueryHit {
        let doc = index.docs[Int(id)]
        let readable = visible.contains(id)
        var snippet: String?
        if readable, !doc.has(.destroyed), let state = set.records[doc.stream] {
            for phrase in phrases {
                if let s = Self.snippet(TextAnalyzer.tokens(phrase), in: state) {
                    snippet = s
                    break
                }
            }
        }
        return QueryHit(
            stream: doc.stream, title: readable ? doc.title : nil, kind: doc.kind, startsAt: readable ? doc.startsAt : nil,
            archiveNumber: doc.numberText, classification: doc.classification, snippet: snippet, restricted: !readable,
            destroyed: doc.has(.destroyed), score: readable ? score : 0)
    }

    /// The first match in the body (agenda, decisions, speeches), else in the title, in
    /// context, with the match in 【】.
    static func snippet(_ phrase: [TextAnalyzer.Token], in state: MeetingState, context: Int = 18) -> String? {
        guard !phrase.isEmpty else { return nil }
        let texts = QueryIndex.texts(of: state)
        for pass in 0..<2 {
            for (field, text) in texts where (pass == 0) == (field != 0) {
                guard contains(text, phrase, plain: plainChinese(phrase)), let range = TextAnalyzer.find(phrase, in: TextAnalyzer.tokens(text))
                else { continue }
                let scalars = Array(text.unicodeScalars)
                let from = max(0, range.lowerBound - context), to = min(scalars.count, range.upperBound + context)
                var out = from > 0 ? "…" : ""
                out.unicodeScalars.append(contentsOf: scalars[from..<range.lowerBound])
                out += "【"
                out.unicodeScalars.append(contentsOf: scalars[range])
                out += "】"
                out.unicodeScalars.append(contentsOf: scalars[range.upperBound..<to])
                if to < scalars.count { out += "…" }
                return out
            }
        }
        return nil
    }
}

extension QueryExpression {
    /// The text phrases a match is shown by (those not under a NOT), in query order.
    var positivePhrases: [String] {
        switch self {
        case .all: []
        case .term(.text(let p, _)): [p]
        case .term: []
        case .and(let parts), .or(let parts): parts.flatMap(\.positivePhrases)
        case .not: []
        }
    }
}
