/// A question put to the archive's indexes: which meetings match, in what order, which page.
///
/// Build one in Swift, or parse the query language archivists type (see the README):
///
/// ```swift
/// let q = try Query(parsing: #"kind:主任办公会 dept:BGS year:2022..2023 text:"临聘人员" sort:-date"#)
/// let typed = Query(.and([.kind("主任办公会"), .department("BGS"), .text("临聘人员")]), sort: .dateDescending)
/// let result = try archive.query(q, reader: Reader(id: "P0042", clearance: .internal))
/// for hit in result.hits { print(hit.archiveNumber ?? "-", hit.title ?? "(restricted)") }
/// ```
///
/// Every term matches whole meetings (one meeting's stream is one record). Content
/// terms (text, people, decisions) never match a record above the reader's
/// clearance; descriptive terms (kind, department, dates, number, class, retention,
/// state) may, and such a record is then listed as restricted, with no title or snippet.
public struct Query: Sendable, Hashable {
    public var expression: QueryExpression
    public var sort: QuerySort
    /// How many hits to return (the total is counted regardless).
    public var limit: Int
    /// How many hits to skip (paging).
    public var offset: Int

    public init(_ expression: QueryExpression, sort: QuerySort = .relevance, limit: Int = 20, offset: Int = 0) {
        self.expression = expression
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }
}

/// The boolean structure of a query.
public indirect enum QueryExpression: Sendable, Hashable {
    /// Matches every meeting.
    case all
    case term(QueryTerm)
    case and([QueryExpression])
    case or([QueryExpression])
    case not(QueryExpression)

    public static func text(_ phrase: String, in field: TextField = .any) -> QueryExpression { .term(.text(phrase, field)) }
    public static func kind(_ kind: String) -> QueryExpression { .term(.kind(kind)) }
    public static func department(_ code: String, as role: DepartmentRole = .any) -> QueryExpression { .term(.department(code, role)) }
    public static func person(_ idOrName: String, as role: PersonRole = .any) -> QueryExpression { .term(.person(idOrName, role)) }
}

/// One condition on a meeting.
public enum QueryTerm: Sendable, Hashable {
    /// The phrase occurs in the field (Chinese by characters, Latin by words; see ``TextAnalyzer``).
    case text(String, TextField)
    /// 会议类别, exactly (`主任办公会`).
    case kind(String)
    /// The department as organizer (主办), as responsible for a decision (承办), or either.
    case department(String, DepartmentRole)
    /// A person by id (`P0042`) or name (`王芳`) in a role.
    case person(String, PersonRole)
    /// The meeting's start date lies in the range (its business date, in its own zone).
    case date(DateRange)
    /// 档号, exactly; or every number starting with the text when `prefix` is true.
    case archiveNumber(String, prefix: Bool)
    case stream(String)
    /// 密级 in the range.
    case classification(ClosedRange<Classification>)
    /// 保管期限 in force.
    case retention(RetentionClass)
    /// The first day the record is expired (per the policy) lies in the range.
    case expiry(DateRange)
    /// Some decision of the meeting has this follow-up status, judged on the query's day.
    case decisionStatus(FollowUpStatus)
    /// Some decision's deadline lies in the range.
    case deadline(DateRange)
    case state(RecordState, Bool)
    /// The stream has an event of this type.
    case eventType(EventType)
}

/// A closed range of days; either end may be open.
public struct DateRange: Sendable, Hashable {
    public var from: CivilDate?
    public var through: CivilDate?
    public init(from: CivilDate?, through: CivilDate?) {
        self.from = from
        self.through = through
    }
    /// The whole of the years `years`.
    public init(years: ClosedRange<Int>) {
        self.from = CivilDate(year: years.lowerBound, month: 1, day: 1)
        self.through = CivilDate(year: years.upperBound, month: 12, day: 31)
    }
    public func contains(_ date: CivilDate) -> Bool {
        if let from, date < from { return false }
        if let through, date > through { return false }
        return true
    }
}

/// The searchable text of a meeting, from most to least telling.
public enum TextField: String, Sendable, Hashable, CaseIterable {
    case any
    /// 会议名称.
    case title
    /// 议题.
    case agenda
    /// 决议事项.
    case decision
    /// Recorded speeches (发言摘要).
    case speech
}

public enum DepartmentRole: String, Sendable, Hashable, CaseIterable {
    case any, organizer, responsible
}

public enum PersonRole: String, Sendable, Hashable, CaseIterable {
    /// Any role below.
    case any
    /// Invited (参会及列席).
    case invited
    /// Signed in (in person or as a substitute).
    case present
    /// Invited and not signed in (on leave or without leave).
    case absent
    /// On approved leave.
    case leave
    /// Signed in after the start.
    case late
    /// Recorded as speaking.
    case speaker
    case chair
}

public enum RecordState: String, Sendable, Hashable, CaseIterable {
    /// Filed (已归档).
    case archived
    /// Destroyed (已销毁).
    case destroyed
    /// Under a hold (冻结).
    case held
    case cancelled
}

public enum QuerySort: String, Sendable, Hashable, CaseIterable {
    /// Text matches first (title before agenda, decisions, speeches), then newest.
    case relevance
    case date
    case dateDescending = "-date"
    /// By archive number (unfiled last).
    case number
    case numberDescending = "-number"
}

/// Who is asking, and what they may see.
public struct Reader: Sendable, Hashable {
    /// The person or account recorded in `archive.accessed`.
    public var id: String
    /// The highest classification whose content they may read.
    public var clearance: Classification
    public init(id: String, clearance: Classification) {
        self.id = id
        self.clearance = clearance
    }
}

/// The answer: how many meetings matched, and the requested page of them.
public struct QueryResult: Sendable, Hashable {
    public var total: Int
    public var hits: [QueryHit]
    /// The streams whose reads were recorded as `archive.accessed` (秘密 and above).
    public var recordedAccesses: [String]
    /// Counts over every match (not only the page shown), per facet and value.
    public var facets: QueryFacets = QueryFacets()
}

/// How the matches of a query fall by kind, year, department, retention, classification,
/// record state and decision follow-up: the search page's facet lists.
///
/// A record above the reader's clearance counts only by what may be shown of it
/// (kind, year, classification: see ``Query``), never by department or follow-up.
public struct QueryFacets: Sendable, Hashable {
    /// Facet name (`kind`, `year`, `dept`, `retention`, `class`, `state`, `follow_up`) →
    /// value → matches.
    public var counts: [String: [String: Int]] = [:]

    public init() {}

    /// The facet names, in the order the page lists them.
    public static let names = ["kind", "year", "dept", "retention", "class", "state", "follow_up"]

    mutating func count(_ facet: String, _ value: String?) {
        guard let value else { return }
        counts[facet, default: [:]][value, default: 0] += 1
    }
}

/// One matching meeting.
public struct QueryHit: Sendable, Hashable {
    public var stream: String
    /// Nil when restricted (above the reader's clearance).
    public var title: String?
    public var kind: String?
    public var startsAt: ZonedTime?
    public var archiveNumber: String?
    public var classification: Classification?
    /// The first match in context, the matched text in 【】; nil without a text term.
    public var snippet: String?
    /// Above the reader's clearance: listed by number only.
    public var restricted: Bool
    public var destroyed: Bool
    /// Higher is better: title matches weigh most.
    public var score: Int
}
