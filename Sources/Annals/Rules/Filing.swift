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
        if state.meeting == nil { try filedWithoutContent(e) }
        let year = e.year ?? meeting.startsAt.localDate.year
        guard (1000...9999).contains(year) else {
            throw violation(.archiveInvalidYear, "data.year", "\(year) is not an archive year (归档年度): four digits, like 2023.")
        }
        let complete = MeetingArchived(
            fonds: fonds, category: e.category ?? "WS", year: year,
            retention: e.retention ?? policy.retention(for: meeting.kind), organization: e.organization ?? meeting.organizer,
            documents: e.documents)
        event.data = .meetingArchived(complete)
    }

    func holdReleased() throws(RuleViolation) {
        guard state.isHeld else {
            throw violation(.holdNotHeld, "type", "This record has no hold in force (未冻结), so there is nothing to release.")
        }
    }
}
