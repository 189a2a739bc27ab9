/// A query that cannot be read: what is wrong and where (a 0-based character offset).
public struct QuerySyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var query: String
    /// Where the problem starts, in characters (Unicode scalars) from the start.
    public var position: Int
    public var message: String

    /// `column N: message`, then the query with a caret under the place (wide
    /// characters count two columns, as a terminal shows them).
    public var description: String {
        let scalars = Array(query.unicodeScalars)
        let width = scalars.prefix(position).reduce(0) { $0 + (TextAnalyzer.isWide($1.value) ? 2 : 1) }
        return "query syntax error at column \(position + 1): \(message)\n  \(query)\n  \(String(repeating: " ", count: width))^"
    }
}

extension TextAnalyzer {
    /// Whether a terminal shows the character two columns wide (CJK and full-width forms).
    static func isWide(_ v: UInt32) -> Bool {
        isIdeograph(v) || (v >= 0x3000 && v <= 0x303F) || (v >= 0xFF01 && v <= 0xFF60) || (v >= 0xFFE0 && v <= 0xFFE6)
    }
}

extension Query {
    /// Parses the query language (README, "Queries"):
    ///
    /// ```
    /// kind:主任办公会 dept:BGS year:2022..2023 person:P042 text:"临聘人员" retention:D30 status:overdue archived:yes sort:-date
    /// ```
    ///
    /// Terms side by side must all hold (AND); `OR` between terms or groups offers
    /// alternatives (it binds looser than AND); `-term` or `NOT term` excludes;
    /// parentheses group; `"…"` quotes a phrase; a bare word searches the text. Ranges
    /// are `a..b`, open at either end (`2022..`, `..2023-06-30`). `sort:` is one of
    /// `relevance`, `date`, `-date`, `number`, `-number`.
    public init(parsing text: String, limit: Int = 20, offset: Int = 0) throws(QuerySyntaxError) {
        var parser = QueryParser(text)
        let expression = try parser.parse()
        self.init(expression, sort: parser.sort ?? .relevance, limit: limit, offset: offset)
    }
}

/// The recursive-descent parser of the query language.
struct QueryParser {
    let text: String
    let s: [Unicode.Scalar]
    var i = 0
    var sort: QuerySort?
    /// How deep groups and negations nest here; bounded so that no query exhausts the stack.
    var depth = 0
    static let maxDepth = 64

    init(_ text: String) {
        self.text = text
        s = Array(text.unicodeScalars)
    }

    static let fields: [String] = [
        "text", "title", "agenda", "decision", "speech", "kind", "dept", "organizer", "responsible", "person", "invited",
        "present", "absent", "leave", "late", "speaker", "chair", "year", "date", "number", "stream", "class", "retention",
        "expires", "status", "deadline", "archived", "destroyed", "held", "cancelled", "type", "sort",
    ]

    func error(_ at: Int, _ message: String) -> QuerySyntaxError {
        QuerySyntaxError(query: text, position: at, message: message)
    }

    mutating func parse() throws(QuerySyntaxError) -> QueryExpression {
        skipSpace()
        if i == s.count { throw error(0, "the query is empty; give at least one term, e.g. text:预算 or kind:主任办公会") }
        let e = try orExpression()
        skipSpace()
        if i < s.count {
            throw error(i, s[i] == ")" ? "unbalanced ')': no group is open here" : "unexpected \"\(s[i])\"")
        }
        return e
    }

    mutating func skipSpace() {
        while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\u{3000}" || s[i] == "\n" { i += 1 }
    }

    /// The keyword at the cursor, if `word` stands there alone.
    func atKeyword(_ word: String) -> Bool {
        let w = Array(word.unicodeScalars)
        guard i + w.count <= s.count, Array(s[i..<(i + w.count)]) == w else { return false }
        return i + w.count == s.count || " \t()\u{3000}\n".unicodeScalars.contains(s[i + w.count])
    }

    mutating func orExpression() throws(QuerySyntaxError) -> QueryExpression {
        var parts = [try andExpression()]
        while true {
            skipSpace()
            guard atKeyword("OR") else { break }
            let at = i
            i += 2
            skipSpace()
            guard i < s.count, s[i] != ")" else { throw error(at, "OR needs a term after it") }
            parts.append(try andExpression())
        }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    mutating func andExpression() throws(QuerySyntaxError) -> QueryExpression {
        var parts: [QueryExpression] = []
        while true {
            skipSpace()
            guard i < s.count, s[i] != ")", !atKeyword("OR") else { break }
            if atKeyword("AND") {
                let at = i
                i += 3
                skipSpace()
                guard !parts.isEmpty, i < s.count, s[i] != ")", !atKeyword("OR"), !atKeyword("AND") else {
                    throw error(at, "AND needs a term on each side")
                }
                continue
            }
            if let term = try unary() { parts.append(term) }
        }
        if parts.isEmpty {
            if i < s.count, atKeyword("OR") { throw error(i, "OR needs a term before it") }
            if sort != nil { return .all }
            throw error(i, i < s.count && s[i] == ")" ? "empty group '()'" : "a term was expected here")
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    /// A term, possibly negated; nil for `sort:` (an option, not a condition).
    mutating func unary() throws(QuerySyntaxError) -> QueryExpression? {
        let at = i
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw error(at, "groups and negations nest more than \(Self.maxDepth) deep here; simplify the query")
        }
        if s[i] == "-" || atKeyword("NOT") {
            i += s[i] == "-" ? 1 : 3
            if s[at] != "-" { skipSpace() }
            guard i < s.count, s[i] != " ", s[i] != ")" else { throw error(at, "nothing to exclude after \(s[at] == "-" ? "'-'" : "NOT")") }
            guard let inner = try unary() else { throw error(at, "sort: cannot be negated") }
            return .not(inner)
        }
        if s[i] == "(" {
            i += 1
            skipSpace()
            let inner = try orExpression()
            skipSpace()
            guard i < s.count, s[i] == ")" else { throw error(at, "unbalanced '(': the group is not closed") }
            i += 1
            return inner
        }
        if s[i] == "\"" { return .term(.text(try quoted(), .any)) }
        // field:value or a bare word
        let start = i
        while i < s.count, !" \t\u{3000}\n()\"".unicodeScalars.contains(s[i]), s[i] != ":" { i += 1 }
        if i < s.count, s[i] == ":" {
            let field = String(String.UnicodeScalarView(s[start..<i]))
            i += 1
            return try fieldTerm(field, at: start)
        }
        let word = String(String.UnicodeScalarView(s[start..<i]))
        guard !word.isEmpty else { throw error(start, "unexpected \"\(s[start])\"") }
        guard !TextAnalyzer.tokens(word).isEmpty else { throw error(start, "\"\(word)\" has no letters, digits or Chinese characters to search for") }
        return .term(.text(word, .any))
    }

    /// A `"…"` phrase at the cursor (`\"` and `\\` escape).
    mutating func quoted() throws(QuerySyntaxError) -> String {
        let at = i
        i += 1
        var out = String.UnicodeScalarView()
        while i < s.count, s[i] != "\"" {
            if s[i] == "\\", i + 1 < s.count { i += 1 }
            out.append(s[i])
            i += 1
        }
        guard i < s.count else { throw error(at, "unterminated quote: the phrase has no closing \"") }
        i += 1
        let phrase = String(out)
        guard !TextAnalyzer.tokens(phrase).isEmpty else { throw error(at, "the phrase has no letters, digits or Chinese characters to search for") }
        return phrase
    }

    /// The value after `field:` (quoted, or up to white space or a parenthesis).
    mutating func value(of field: String, at: Int) throws(QuerySyntaxError) -> (text: String, at: Int) {
        let start = i
        if i < s.count, s[i] == "\"" { return (try quoted(), start) }
        while i < s.count, !" \t\u{3000}\n()".unicodeScalars.contains(s[i]) { i += 1 }
        guard i > start else { throw error(at, "\(field): needs a value") }
        return (String(String.UnicodeScalarView(s[start..<i])), start)
    }

    mutating func fieldTerm(_ field: String, at: Int) throws(QuerySyntaxError) -> QueryExpression? {
        let name = field.lowercased()
        guard Self.fields.contains(name) || ["classification", "expiry", "dept"].contains(name) else {
            throw error(at, "unknown field \"\(field)\"; the fields are \(Self.fields.joined(separator: ", "))")
        }
        let (v, vat) = try value(of: name, at: at)
        func bad(_ why: String) -> QuerySyntaxError { error(vat, "\(name):\(v): \(why)") }
        switch name {
        case "text", "title", "agenda", "decision", "speech":
            guard !TextAnalyzer.tokens(v).isEmpty else { throw bad("nothing to search for (no letters, digits or Chinese characters)") }
            return .term(.text(v, name == "text" ? .any : TextField(rawValue: name)!))
        case "kind": return .term(.kind(v))
        case "dept": return .term(.department(v, .any))
        case "organizer", "responsible": return .term(.department(v, DepartmentRole(rawValue: name)!))
        case "person", "invited", "present", "absent", "leave", "late", "speaker", "chair":
            return .term(.person(v, name == "person" ? .any : PersonRole(rawValue: name)!))
        case "year":
            guard let r = Self.range(v, Self.year) else { throw bad("a year or range of years is expected, e.g. 2022 or 2022..2023") }
            return .term(.date(DateRange(from: r.0?.0.from, through: r.1?.1.through)))
        case "date", "expires", "expiry", "deadline":
            guard let r = Self.range(v, Self.dateUnit) else {
                throw bad("a date or range is expected: 2023, 2023-06, 2023-06-30, or a..b with either end open")
            }
            let range = DateRange(from: r.0?.0.from, through: r.1?.1.through)
            return .term(name == "date" ? .date(range) : name == "deadline" ? .deadline(range) : .expiry(range))
        case "number":
            return .term(v.hasSuffix("*") ? .archiveNumber(String(v.dropLast()), prefix: true) : .archiveNumber(v, prefix: false))
        case "stream": return .term(.stream(v))
        case "class", "classification":
            guard let r = Self.range(v, { Classification(name: $0).map { ($0, $0) } }) else {
                throw bad("a classification is expected: 公开, 内部, 秘密, 机密, 绝密 (or public, internal, confidential, secret, top_secret), or a range like 秘密..")
            }
            return .term(.classification((r.0?.0 ?? .open)...(r.1?.1 ?? .topSecret)))
        case "retention":
            guard let r = Self.retention(v) else { throw bad("a retention class is expected: Y (永久), D30 (30年) or D10 (10年)") }
            return .term(.retention(r))
        case "status":
            guard let st = FollowUpStatus(rawValue: v) else {
                throw bad("a follow-up status is expected: \(FollowUpStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .term(.decisionStatus(st))
        case "archived", "destroyed", "held", "cancelled":
            guard let flag = ["yes": true, "true": true, "no": false, "false": false, "是": true, "否": false][v.lowercased()] else {
                throw bad("yes or no is expected")
            }
            return .term(.state(RecordState(rawValue: name)!, flag))
        case "type":
            guard let type = EventType(name: v) else { throw bad("not an event type (EVENTS.md names them, e.g. hold.placed)") }
            return .term(.eventType(type))
        case "sort":
            guard let order = QuerySort(rawValue: v) else { throw bad("sort by relevance, date, -date, number or -number") }
            guard sort == nil else { throw error(at, "sort: is given twice") }
            sort = order
            return nil
        default:
            throw error(at, "unknown field \"\(field)\"")
        }
    }

    /// `a`, `a..b`, `a..` or `..b`, each end read by `unit` into a (first, last) pair.
    static func range<T>(_ v: String, _ unit: (Substring) -> (T, T)?) -> ((T, T)?, (T, T)?)? {
        let parts = v.split(separator: "..", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            guard let one = unit(Substring(v)) else { return nil }
            return (one, one)
        }
        let (a, b) = (parts[0], parts[1])
        guard !(a.isEmpty && b.isEmpty) else { return nil }
        let from = a.isEmpty ? nil : unit(a), to = b.isEmpty ? nil : unit(b)
        if !a.isEmpty, from == nil { return nil }
        if !b.isEmpty, to == nil { return nil }
        return (from, to)
    }

    /// A year as the range of its days.
    static func year(_ v: Substring) -> (DateRange, DateRange)? {
        guard v.count == 4, let y = Int(v), y >= 1000 else { return nil }
        let r = DateRange(years: y...y)
        return (r, r)
    }

    /// `2023`, `2023-06` or `2023-06-30` as the range of its days.
    static func dateUnit(_ v: Substring) -> (DateRange, DateRange)? {
        if let y = year(v) { return y }
        let parts = v.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
            let first = CivilDate(year: y, month: m, day: 1)
        {
            let last = (m == 12 ? CivilDate(year: y + 1, month: 1, day: 1)! : CivilDate(year: y, month: m + 1, day: 1)!).adding(days: -1)
            let r = DateRange(from: first, through: last)
            return (r, r)
        }
        guard parts.count == 3, let d = CivilDate(v) else { return nil }
        let r = DateRange(from: d, through: d)
        return (r, r)
    }

    static func retention(_ v: String) -> RetentionClass? {
        if let r = RetentionClass(code: v.uppercased()) { return r }
        switch v {
        case "永久": return .permanent
        case "30年", "定期30年": return .thirtyYears
        case "10年", "定期10年": return .tenYears
        default: return nil
        }
    }
}
