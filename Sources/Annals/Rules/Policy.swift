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
/// - `retention.by_kind` is merged over the default table (DOMAIN.md); other kinds get
///   `retention.default` (`D30`).
/// - `retention_counts_from`: `next_year` (1 January after the archive year, the default)
///   or `archive_year` (1 January of the archive year).
/// - `leave_approvers`: people who may approve leave besides the meeting's chair.
/// - `fonds`: the 全宗号 used when a `meeting.archived` event names none.
public struct Policy: Hashable, Sendable {
    public var fonds: String?
    public var defaultNoticeLeadDays: Int
    public var noticeLeadDays: [String: Int]
    public var holidays: Set<CivilDate>
    public var workingWeekends: Set<CivilDate>
    public var minutesDueDays: Int
    public var defaultRetention: RetentionClass
    public var retentionByKind: [String: RetentionClass]
    public var retentionCountsFrom: RetentionStart
    public var leaveApprovers: Set<String>
    /// The organization table (`Policy+Documents.swift`): department names by code.
    public var departments: [String: String] = Policy.standardDepartments
    /// The agency's name (机关名称) for the heads of its documents, if configured.
    public var agency: String?
    /// How the fonds writes archive numbers (DA/T 22 or DA/T 13), chosen at `init`.
    public var numberFormat: ArchiveNumberFormat = .daT22

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
        defaultRetention: RetentionClass = .thirtyYears, retentionByKind: [String: RetentionClass] = Policy.standardRetention,
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

    /// The default retention class for `kind`.
    public func retention(for kind: String) -> RetentionClass { retentionByKind[kind] ?? defaultRetention }

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
        for (key, value) in root.members {
            switch key {
            case "fonds":
                fonds = try Self.text(value, key)
            case "notice_lead_days":
                for (inner, v) in try Self.object(value, key) {
                    if inner == "default" {
                        defaultNoticeLeadDays = try Self.days(v, "\(key).default")
                    } else if inner == "by_kind" {
                        for (kind, days) in try Self.object(v, "\(key).by_kind") {
                            noticeLeadDays[kind] = try Self.days(days, "\(key).by_kind.\(kind)")
                        }
                    } else {
                        throw PolicyError(path: "\(key).\(inner)", message: "unknown key (expected default or by_kind)")
                    }
                }
            case "holidays":
                holidays.formUnion(try Self.dates(value, key))
            case "working_weekends":
                workingWeekends.formUnion(try Self.dates(value, key))
            case "minutes_due_days":
                minutesDueDays = try Self.days(value, key)
            case "retention":
                for (inner, v) in try Self.object(value, key) {
                    if inner == "default" {
                        defaultRetention = try Self.retentionClass(v, "\(key).default")
                    } else if inner == "by_kind" {
                        for (kind, r) in try Self.object(v, "\(key).by_kind") {
                            retentionByKind[kind] = try Self.retentionClass(r, "\(key).by_kind.\(kind)")
                        }
                    } else {
                        throw PolicyError(path: "\(key).\(inner)", message: "unknown key (expected default or by_kind)")
                    }
                }
            case "retention_counts_from":
                guard let start = RetentionStart(rawValue: try Self.text(value, key)) else {
                    throw PolicyError(path: key, message: "expected \"next_year\" or \"archive_year\"")
                }
                retentionCountsFrom = start
            case "leave_approvers":
                guard value.kind == .array else { throw PolicyError(path: key, message: "expected a list of person ids") }
                for (i, person) in value.elements.enumerated() {
                    leaveApprovers.insert(try Self.text(person, "\(key)[\(i)]"))
                }
            case "departments", "agency", "number_format":
                try readDocumentKey(key, value)
            default:
                throw PolicyError(path: key, message: "unknown policy key")
            }
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

    private static func days(_ value: JSONValue, _ path: String) throws(PolicyError) -> Int {
        guard let n = value.integer, (0...366).contains(n) else {
            throw PolicyError(path: path, message: "expected a number of days from 0 to 366")
        }
        return n
    }

    private static func retentionClass(_ value: JSONValue, _ path: String) throws(PolicyError) -> RetentionClass {
        guard let text = value.string, let r = RetentionClass(code: text) else {
            throw PolicyError(path: path, message: "expected \"Y\", \"D30\" or \"D10\"")
        }
        return r
    }

    private static func dates(_ value: JSONValue, _ path: String) throws(PolicyError) -> [CivilDate] {
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
