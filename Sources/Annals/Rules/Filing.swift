// Filing and holds (DOMAIN.md: file, hold; 归档, 档号 per DA/T 22-2015).

extension RuleID {
    /// A meeting is archived once its minutes are approved, or when it was cancelled.
    public static let archiveMinutesNotApproved = RuleID("archive.minutes_not_approved")
    /// The 全宗号 comes from the event or the policy.
    public static let archiveNeedsFonds = RuleID("archive.needs_fonds")
    /// A 全宗号 is a letter and three digits (`Z109`).
    public static let archiveInvalidFonds = RuleID("archive.invalid_fonds")
    /// 归档年度 is a four-digit year.
    public static let archiveInvalidYear = RuleID("archive.invalid_year")
    /// The 全宗号 is the archive's own.
    public static let archiveForeignFonds = RuleID("archive.foreign_fonds")
    /// The 门类 is a category code the policy knows (`WS` 文书 by default).
    public static let archiveInvalidCategory = RuleID("archive.invalid_category")
    /// The 归档年度 is the meeting's year (or, by policy, the filing's), never another.
    public static let archiveWrongYear = RuleID("archive.wrong_year")
    /// A held meeting is filed after it has ended.
    public static let archiveBeforeMeeting = RuleID("archive.before_meeting")
    /// A kind the retention table does not name is filed with its retention given.
    public static let archiveNeedsRetention = RuleID("archive.needs_retention")
    /// Filing below the retention table needs an approved exception first.
    public static let archiveBelowRetentionFloor = RuleID("archive.below_retention_floor")
    /// A release needs a hold in force.
    public static let holdNotHeld = RuleID("hold.not_held")
}

extension RuleCheck {
    /// Checks the filing and fills what the event left out, so that the stored
    /// event is explicit: category `WS`, the meeting's year, the policy's retention
    /// for the kind, the organizer as organization, the policy's fonds.
    mutating func archived(_ e: MeetingArchived) throws(RuleViolation) {
        guard state.minutes.isApproved || state.isCancelled || destroyed?.minutesApproved == true || destroyed?.isCancelled == true
        else {
            throw violation(
                .archiveMinutesNotApproved, "type",
                "The minutes are not approved (审定) yet; a meeting is archived once its minutes are approved, or after it was cancelled.")
        }
        guard let fonds = e.fonds ?? policy.fonds else {
            throw violation(.archiveNeedsFonds, "data.fonds", "Give the fonds code (全宗号, e.g. Z109): in the event or in the policy.")
        }
        let utf8 = Array(fonds.utf8)
        guard utf8.count == 4, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(utf8[0]),
            utf8.dropFirst().allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else {
            throw violation(.archiveInvalidFonds, "data.fonds", "\"\(fonds)\" is not a fonds code (全宗号): a capital letter and three digits, like Z109.")
        }
        if let own = policy.fonds, fonds != own {
            throw violation(.archiveForeignFonds, "data.fonds", "This archive keeps fonds \(own) (全宗号); a record of fonds \(fonds) belongs to another archive.")
        }
        let category = e.category ?? "WS"
        guard policy.categories.contains(category) else {
            throw violation(
                .archiveInvalidCategory, "data.category",
                "\"\(category)\" is not a category code (门类代码) of this archive: \(policy.categories.sorted().joined(separator: ", ")).")
        }
        if state.meeting == nil {
            // A restored record: its content is gone, the source archive judged the rest.
            try filedWithoutContent(e)
            return
        }
        let expectedYear = policy.archiveYearFrom == .filing ? day.year : policy.date(of: meeting.startsAt).year
        let year = e.year ?? expectedYear
        guard (1000...9999).contains(year) else {
            throw violation(.archiveInvalidYear, "data.year", "\(year) is not an archive year (归档年度): four digits, like 2023.")
        }
        guard year == expectedYear else {
            let rule = policy.archiveYearFrom == .filing ? "the year it is filed" : "the year the meeting was held"
            throw violation(
                .archiveWrongYear, "data.year",
                "The archive year (归档年度) of this record is \(expectedYear), \(rule); \(year) would change when its retention runs out.")
        }
        if !state.isCancelled, at < meeting.endsAt {
            throw violation(.archiveBeforeMeeting, "at", "The meeting ends at \(meeting.endsAt); it cannot be filed before then (\(at)).")
        }
        let retention = try retentionAtFiling(e.retention)
        let complete = MeetingArchived(
            fonds: fonds, category: category, year: year, retention: retention, organization: e.organization ?? meeting.organizer,
            documents: e.documents)
        event.data = .meetingArchived(complete)
    }

    /// The retention the record is filed with: as given, or the table's for the kind.
    /// The table (in force on the filing's day) is a floor: a shorter class needs an
    /// approved exception (`retention.exception`) recorded first.
    private func retentionAtFiling(_ given: RetentionClass?) throws(RuleViolation) -> RetentionClass {
        let floor = policy.retention(for: meeting.kind)
        guard let given else {
            guard let floor else {
                throw violation(
                    .archiveNeedsRetention, "data.retention",
                    "The retention table has no entry for \(meeting.kind); give the retention (保管期限: Y, D30 or D10) in the filing.")
            }
            return floor
        }
        if let floor, given < floor {
            guard let exception = state.retentionException, exception.retention <= given else {
                throw violation(
                    .archiveBelowRetentionFloor, "data.retention",
                    "The retention table keeps a \(meeting.kind) as \(floor); filing it as \(given) needs an exception approved first (retention.exception).")
            }
        }
        return given
    }

    func holdReleased() throws(RuleViolation) {
        guard state.isHeld else {
            throw violation(.holdNotHeld, "type", "This record has no hold in force (未冻结), so there is nothing to release.")
        }
    }
}
