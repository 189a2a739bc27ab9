// In session: items added on the spot and what was said (DOMAIN.md: in session).

extension RuleID {
    /// Agenda item ids are unique within a meeting.
    public static let agendaDuplicateItem = RuleID("agenda.duplicate_item")
    /// A speech is about an item on the agenda.
    public static let speechUnknownItem = RuleID("speech.unknown_item")
    public static let speechBeforeStart = RuleID("speech.before_start")
    /// A submitted item comes from a department, approved by its head (policy).
    public static let agendaSubmissionApproverNotAllowed = RuleID("agenda.submission_approver_not_allowed")
    /// Items are submitted before the meeting; in session they are added (临时动议).
    public static let agendaSubmittedAfterStart = RuleID("agenda.submitted_after_start")
    /// Flag: submitted after the policy's deadline (default two working days before).
    public static let agendaLateSubmission = RuleID("agenda.late_submission")
    /// Flag: an item added in session (临时动议), not submitted ahead.
    public static let agendaInSessionItem = RuleID("agenda.in_session_item")
}

extension RuleCheck {
    mutating func itemAdded(_ e: AgendaItemAdded) throws(RuleViolation) {
        if state.agenda.contains(where: { $0.item == e.item }) {
            throw violation(.agendaDuplicateItem, "data.item", "The agenda already has an item \(e.item); give the new item (临时议题) its own number.")
        }
        flag(.agendaInSessionItem, "type", "Item \(e.item) (\(e.title)) was added in session (临时动议), not submitted ahead.")
    }

    mutating func itemSubmitted(_ e: AgendaItemSubmitted) throws(RuleViolation) {
        if state.agenda.contains(where: { $0.item == e.item }) {
            throw violation(.agendaDuplicateItem, "data.item", "The agenda already has an item \(e.item); give the submitted item its own number.")
        }
        guard let head = policy.departmentHeads[e.department] else {
            throw violation(
                .agendaSubmissionApproverNotAllowed, "data.approved_by",
                "The policy names no head for \(e.department), so no one can approve its submission; add \"department_heads\": {\"\(e.department)\": …} to policy.json.")
        }
        guard e.approvedBy == head else {
            throw violation(
                .agendaSubmissionApproverNotAllowed, "data.approved_by",
                "\(e.approvedBy) is not the head of \(e.department); items the department submits are approved by \(who(head)).")
        }
        guard at < meeting.startsAt else {
            throw violation(
                .agendaSubmittedAfterStart, "at",
                "The meeting started at \(meeting.startsAt); an item raised now is added in session (agenda.item_added, 临时动议), not submitted.")
        }
        let due = policy.agendaDue(meetingStartsAt: meeting.startsAt)
        if day > due {
            flag(
                .agendaLateSubmission, "at",
                "Item \(e.item) was submitted on \(day); items were due by \(due), \(policy.agendaSubmissionDays) working days before the meeting (会议召开前\(policy.agendaSubmissionDays)天).")
        }
    }

    func recorded(_ e: MinutesRecorded) throws(RuleViolation) {
        guard state.agenda.contains(where: { $0.item == e.item }) else {
            throw violation(.speechUnknownItem, "data.item", "There is no agenda item \(e.item); add it with agenda.item_added first.")
        }
        guard at >= meeting.startsAt else {
            throw violation(.speechBeforeStart, "at", "The meeting starts at \(meeting.startsAt); nothing was said in session before then.")
        }
    }
}
