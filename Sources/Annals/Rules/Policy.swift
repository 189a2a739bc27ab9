/// An agency's rules that are configuration rather than law: lead times, the
/// working calendar, retention defaults by kind, who may approve leave.
///
/// Everything has a documented default (`Policy.standard`), and a JSON policy file
/// overrides any part of it. Every key is optional:
///
/// ```json
/// {
///   "fonds": "Z109",
///   "notice_lead_days": {"default": 3, "by_kind": {"党组会议": 5}},
///   "holidays": ["2023-01-23", "2023-01-24"],
///   "working_weekends": ["2023-01-28"],
///   "minutes_due_days": 1,
///   "retention": {"default": "D30", "by_kind": {"主任办公会": "Y"}},
///   "retention_counts_from": "next_year",
///   "leave_approvers": ["P009"]
/// }
/// ```
///
/// - `notice_lead_days`: working days a notice must precede the meeting (default 3).
/// - `holidays` are not working days; `working_weekends` are make-up working days (调休).
///   Both are merged over the official calendar `Policy.standard` carries
///   (`OfficialHolidayCalendar`), so a file extends it (a new year, a local holiday).
/// - `minutes_due_days`: working days after the meeting by which minutes are drafted (1).
/// - `retention.by_kind` is merged over the default table (DOMAIN.md), a floor no
///   filing goes below without an approved exception; other kinds get
///   `retention.default` if the policy gives one.
/// - `retention_counts_from`: `next_year` (1 January after the archive year, the default)
///   or `archive_year` (1 January of the archive year).
/// - `leave_approvers`: people who may approve leave besides the meeting's chair.
/// - `fonds`: the 全宗号 used when a `meeting.archived` event names none.
///
/// The keys of authority, chronology and the retention floor (`time_zone`, `leaders`,
/// `minutes_approvers`, `department_heads`, `sign_in_opens_minutes`,
/// `agenda_submission_days`, `future_margin_minutes`, `retention_exception_approvers`,
/// `classified_destruction`, `categories`, `archive_year_from`) are read in
/// `Policy+Authority.swift` and described in docs/RULES.md, as are `revisions`: later
/// versions of the policy, each from its `effective` date. With no `retention.default`
/// (the standard), a kind the table does not name has no class: its filing gives one.
public struct Policy: Hashable, Sendable {
    public var fonds: String?
    public var defaultNoticeLeadDays: Int
    public var noticeLeadDays: [String: Int]
    public var holidays: Set<CivilDate>
    public var workingWeekends: Set<CivilDate>
    public var minutesDueDays: Int
    /// The class for kinds the table does not name; nil (the standard): such a filing
    /// must give its retention explicitly.
    public var defaultRetention: RetentionClass?
    public var retentionByKind: [String: RetentionClass]
    public var retentionCountsFrom: RetentionStart
    public var leaveApprovers: Set<String>
    /// The organization table (`Policy+Documents.swift`): department names by code.
    public var departments: [String: String] = Policy.standardDepartments
    /// The agency's name (机关名称) for the heads of its documents, if configured.
    public var agency: String?
    /// How the fonds writes archive numbers (DA/T 22 or DA/T 13), chosen at `init`.
    public var numberFormat: ArchiveNumberFormat = .daT22

    // MARK: Authority, chronology and the retention floor (issue 11)
    // Kept apart from the calendar above so that other additions merge cleanly.

    /// The agency's time zone as an offset from UTC in minutes (default +08:00, 北京时间):
    /// the day an event falls on, for lead times, deadlines and lateness, is the day on
    /// the agency's clock, whatever offset the event was written in.
    public var timeZoneMinutes: Int = 480
    /// The leadership (领导班子): who may approve an ad hoc meeting (临时会议) and, unless
    /// `retentionExceptionApprovers` names others, an exception to the retention table.
    public var leaders: Set<String> = []
    /// Who may approve (审定) the minutes of a kind besides its chair (`by_kind`), or of
    /// every kind (`default`), e.g. the principal leader.
    public var minutesApprovers: Set<String> = []
    public var minutesApproversByKind: [String: Set<String>] = [:]
    /// The head of each department (科室负责人), by department code: who reviews (审核)
    /// the minutes of the department's meetings and approves its agenda submissions.
    public var departmentHeads: [String: String] = [:]
    /// How long before the start the sign-in sheet opens (default 2 hours).
    public var signInOpensMinutes: Int = 120
    /// Working days before the meeting by which agenda items are submitted (default 2, 会议召开前两天).
    public var agendaSubmissionDays: Int = 2
    /// How far past the present an event's time may lie (default one day), for clocks that differ.
    public var futureMarginMinutes: Int = 1440
    /// Who may approve filing below the retention table (`retention.exception`); empty: the leaders.
    public var retentionExceptionApprovers: Set<String> = []
    /// How records classified 秘密 and above may be destroyed: methods and designated places.
    public var classifiedDestructionMethods: Set<String> = Policy.standardClassifiedMethods
    public var classifiedDestructionPlaces: Set<String> = []
    /// The category codes (门类代码, DA/T 22) a filing may give; `WS` 文书 is the default.
    public var categories: Set<String> = Policy.standardCategories
    /// Which year is a record's archive year (归档年度).
    public var archiveYearFrom: ArchiveYearFrom = .meeting
    /// Later versions of this policy, each in force from its effective date (oldest first).
    /// An event is judged by the version in force on its day (`inForce(on:)`), so a new
    /// version never changes what earlier events were told.
    public var revisions: [Revision] = []

    /// A version of the policy and the day it comes into force.
    public struct Revision: Hashable, Sendable {
        public let effective: CivilDate
        /// The whole policy as it stands from `effective` (its own `revisions` empty).
        public let policy: Policy
    }

    /// Where a record's archive year comes from.
    public enum ArchiveYearFrom: String, Hashable, Sendable {
        /// The year the meeting was held (the default).
        case meeting
        /// The year the record is filed (for agencies that file December's meetings with the next year).
        case filing
    }

    /// 文书, 科技, 会计, 人事, 照片, 录音, 录像, 实物, 业务, 电子.
    public static let standardCategories: Set<String> = ["WS", "KJ", "KU", "RS", "ZP", "LY", "LX", "SW", "YW", "DZ"]

    /// The methods of destroying classified carriers the standard policy allows.
    public static let standardClassifiedMethods: Set<String> = ["粉碎", "焚毁", "化浆", "电子数据安全删除"]

    /// Where a retention period starts counting.
    public enum RetentionStart: String, Hashable, Sendable {
        /// 1 January of the year after the archive year (the default).
        case nextYear = "next_year"
        /// 1 January of the archive year.
        case archiveYear = "archive_year"
    }

    /// The retention table of DOMAIN.md: party group, standing and director's office
    /// meetings, system work and commendation meetings are permanent; routine,
    /// seminar, exchange and symposium meetings 30 years; section meetings 10 years.
    public static let standardRetention: [String: RetentionClass] = [
        "党组会议": .permanent, "局党委会": .permanent, "市政府常务会议": .permanent, "局务会": .permanent,
        "主任办公会": .permanent, "局长办公会": .permanent, "系统工作会议": .permanent, "总结表彰大会": .permanent,
        "周例会": .thirtyYears, "业务研讨会": .thirtyYears, "经验交流会": .thirtyYears, "座谈会": .thirtyYears,
        "科务会": .tenYears,
    ]

    /// The documented defaults, with the official holiday calendar
    /// (`OfficialHolidayCalendar`: 法定节假日 and 调休 as the State Council set them).
    public static let standard = Policy(
        holidays: OfficialHolidayCalendar.holidays, workingWeekends: OfficialHolidayCalendar.workingDays)

    public init(
        fonds: String? = nil, defaultNoticeLeadDays: Int = 3, noticeLeadDays: [String: Int] = [:],
        holidays: Set<CivilDate> = [], workingWeekends: Set<CivilDate> = [], minutesDueDays: Int = 1,
        defaultRetention: RetentionClass? = nil, retentionByKind: [String: RetentionClass] = Policy.standardRetention,
        retentionCountsFrom: RetentionStart = .nextYear, leaveApprovers: Set<String> = []
    ) {
        self.fonds = fonds
        self.defaultNoticeLeadDays = defaultNoticeLeadDays
        self.noticeLeadDays = noticeLeadDays
        self.holidays = holidays
        self.workingWeekends = workingWeekends
        self.minutesDueDays = minutesDueDays
        self.defaultRetention = defaultRetention
        self.retentionByKind = retentionByKind
        self.retentionCountsFrom = retentionCountsFrom
        self.leaveApprovers = leaveApprovers
    }

    // MARK: Questions the rules ask

    /// Working days a notice for `kind` must precede the meeting.
    public func noticeLeadDays(for kind: String) -> Int { noticeLeadDays[kind] ?? defaultNoticeLeadDays }

    /// The retention table's class for `kind` (the floor a filing may not go below);
    /// nil when the table has no entry for it.
    public func retention(for kind: String) -> RetentionClass? { retentionByKind[kind] ?? defaultRetention }

    /// The day `time` falls on in the agency's time zone.
    public func date(of time: ZonedTime) -> CivilDate { time.converted(toOffsetMinutes: timeZoneMinutes).localDate }

    /// Who may approve the minutes of a meeting of `kind` besides its chair.
    public func minutesApprovers(for kind: String) -> Set<String> { minutesApprovers.union(minutesApproversByKind[kind] ?? []) }

    /// Who may approve filing a record below the retention table.
    public var exceptionApprovers: Set<String> { retentionExceptionApprovers.isEmpty ? leaders : retentionExceptionApprovers }

    /// The version of the policy in force on `date`.
    public func inForce(on date: CivilDate) -> Policy {
        guard let revision = revisions.last(where: { $0.effective <= date }) else { return self }
        return revision.policy
    }

    /// Adds a version in force from `effective`: the latest version, changed by `change`.
    public mutating func revise(effective: CivilDate, _ change: (inout Policy) -> Void) {
        var next = inForce(on: effective)
        next.revisions = []
        change(&next)
        revisions.removeAll { $0.effective == effective }
        revisions.append(Revision(effective: effective, policy: next))
        revisions.sort { $0.effective < $1.effective }
    }

    /// Weekdays are working days unless a holiday; weekends only when made up (调休).
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if holidays.contains(date) { return false }
        if workingWeekends.contains(date) { return true }
        return date.weekday <= 5
    }

    /// The number of working days after `start`, up to and including `end`
    /// (a Wednesday notice for a Monday meeting has 3: Thursday, Friday, Monday).
    public func workingDays(after start: CivilDate, through end: CivilDate) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var day = start.adding(days: 1)
        while day <= end {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    /// The `n`th working day after `date`.
    public func workingDay(_ n: Int, after date: CivilDate) -> CivilDate {
        var day = date
        var left = n
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// The first day on which a record of `year` kept as `retention` is expired
    /// (a `D10` record of 2014 expires at the end of 2024: 2025-01-01); nil for `Y`.
    public func expiryDate(archiveYear year: Int, retention: RetentionClass) -> CivilDate? {
        guard let years = retention.years else { return nil }
        let start = retentionCountsFrom == .nextYear ? year + 1 : year
        return CivilDate(year: min(start + years, 9999), month: 1, day: 1)
    }
}

// MARK: - Reading a policy file

/// A policy file that cannot be used, with the key at fault.
public struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

extension Policy {
    /// Reads a policy file (JSON); absent keys keep the defaults of `base`.
    public init(json bytes: [UInt8], base: Policy = .standard) throws(PolicyError) {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: bytes)
        } catch {
            throw PolicyError(path: "", message: "not valid JSON at column \(error.column): \(error.message)")
        }
        self = base
        let root = document.root
        guard root.kind == .object else { throw PolicyError(path: "", message: "expected a JSON object") }
        var revisionValues: [JSONValue] = []
        for (key, value) in root.members {
            if key == "revisions" {
                guard value.kind == .array else { throw PolicyError(path: key, message: "expected a list of {\"effective\": \"YYYY-MM-DD\", …}") }
                revisionValues = value.elements
            } else {
                try read(key, value, path: key)
            }
        }
        try readRevisions(revisionValues)
    }

    /// Reads one key of a policy object (or of a revision, under `path`).
    private mutating func read(_ key: String, _ value: JSONValue, path: String) throws(PolicyError) {
        switch key {
        case "fonds":
            fonds = try Self.text(value, path)
        case "notice_lead_days":
            for (inner, v) in try Self.object(value, path) {
                if inner == "default" {
                    defaultNoticeLeadDays = try Self.days(v, "\(path).default")
                } else if inner == "by_kind" {
                    for (kind, days) in try Self.object(v, "\(path).by_kind") {
                        noticeLeadDays[kind] = try Self.days(days, "\(path).by_kind.\(kind)")
                    }
                } else {
                    throw PolicyError(path: "\(path).\(inner)", message: "unknown key (expected default or by_kind)")
                }
            }
        case "holidays":
            holidays.formUnion(try Self.dates(value, path))
        case "working_weekends":
            workingWeekends.formUnion(try Self.dates(value, path))
        case "minutes_due_days":
            minutesDueDays = try Self.days(value, path)
        case "retention":
            for (inner, v) in try Self.object(value, path) {
                if inner == "default" {
                    defaultRetention = try Self.retentionClass(v, "\(path).default")
                } else if inner == "by_kind" {
                    for (kind, r) in try Self.object(v, "\(path).by_kind") {
                        retentionByKind[kind] = try Self.retentionClass(r, "\(path).by_kind.\(kind)")
                    }
                } else {
                    throw PolicyError(path: "\(path).\(inner)", message: "unknown key (expected default or by_kind)")
                }
            }
        case "retention_counts_from":
            guard let start = RetentionStart(rawValue: try Self.text(value, path)) else {
                throw PolicyError(path: path, message: "expected \"next_year\" or \"archive_year\"")
            }
            retentionCountsFrom = start
        case "leave_approvers":
            guard value.kind == .array else { throw PolicyError(path: path, message: "expected a list of person ids") }
            for (i, person) in value.elements.enumerated() {
                leaveApprovers.insert(try Self.text(person, "\(path)[\(i)]"))
            }
        case "departments", "agency", "number_format":
            try readDocumentKey(key, value)
        default:
            if try readAuthority(key, value, path: path) { return }
            throw PolicyError(path: path, message: "unknown policy key")
        }
    }

    /// The `revisions` list: each entry an effective date and the keys it changes,
    /// applied over the version before it.
    private mutating func readRevisions(_ values: [JSONValue]) throws(PolicyError) {
        var read: [(CivilDate, [(key: String, value: JSONValue)], Int)] = []
        for (i, value) in values.enumerated() {
            let path = "revisions[\(i)]"
            let members = try Self.object(value, path)
            guard let effective = members.first(where: { $0.key == "effective" }), let text = effective.value.string,
                let date = CivilDate(text)
            else {
                throw PolicyError(path: "\(path).effective", message: "each revision needs its effective date as YYYY-MM-DD")
            }
            if read.contains(where: { $0.0 == date }) {
                throw PolicyError(path: "\(path).effective", message: "two revisions take effect on \(date)")
            }
            read.append((date, members.filter { $0.key != "effective" }, i))
        }
        for (date, members, i) in read.sorted(by: { $0.0 < $1.0 }) {
            var failure: PolicyError?
            revise(effective: date) { version in
                for (key, value) in members {
                    let path = "revisions[\(i)].\(key)"
                    if ["fonds", "time_zone", "revisions"].contains(key) {
                        failure = failure ?? PolicyError(path: path, message: "\(key) is the archive's, not a version's: set it at the top level")
                    }
                    do throws(PolicyError) { try version.read(key, value, path: path) } catch { failure = failure ?? error }
                }
            }
            if let failure { throw failure }
        }
    }

    static func text(_ value: JSONValue, _ path: String) throws(PolicyError) -> String {
        guard let text = value.string else { throw PolicyError(path: path, message: "expected a string") }
        return text
    }

    static func object(_ value: JSONValue, _ path: String) throws(PolicyError) -> [(key: String, value: JSONValue)] {
        guard value.kind == .object else { throw PolicyError(path: path, message: "expected an object") }
        return value.members
    }

    static func days(_ value: JSONValue, _ path: String) throws(PolicyError) -> Int {
        guard let n = value.integer, (0...366).contains(n) else {
            throw PolicyError(path: path, message: "expected a number of days from 0 to 366")
        }
        return n
    }

    static func retentionClass(_ value: JSONValue, _ path: String) throws(PolicyError) -> RetentionClass {
        guard let text = value.string, let r = RetentionClass(code: text) else {
            throw PolicyError(path: path, message: "expected \"Y\", \"D30\" or \"D10\"")
        }
        return r
    }

    static func dates(_ value: JSONValue, _ path: String) throws(PolicyError) -> [CivilDate] {
        guard value.kind == .array else { throw PolicyError(path: path, message: "expected a list of dates (YYYY-MM-DD)") }
        var out = [CivilDate]()
        for (i, element) in value.elements.enumerated() {
            guard let text = element.string, let date = CivilDate(text) else {
                throw PolicyError(path: "\(path)[\(i)]", message: "expected a date as YYYY-MM-DD")
            }
            out.append(date)
        }
        return out
    }
}
