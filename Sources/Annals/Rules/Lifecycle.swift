// What may happen at which stage of a meeting's life, and the plan itself
// (DOMAIN.md: plan, change; "once archived, the record is frozen").

extension RuleID {
    /// `meeting.scheduled` must be the first event of its stream.
    public static let meetingFirstEvent = RuleID("meeting.first_event")
    /// Any other event needs a scheduled meeting.
    public static let meetingNotScheduled = RuleID("meeting.not_scheduled")
    public static let meetingEndBeforeStart = RuleID("meeting.end_before_start")
    /// An ad hoc meeting (临时会议) names who approved it.
    public static let meetingAdHocNeedsApprover = RuleID("meeting.ad_hoc_needs_approver")
    /// An ad hoc meeting is approved by one of the policy's leaders, not any name.
    public static let meetingAdHocApproverNotAllowed = RuleID("meeting.ad_hoc_approver_not_allowed")
    /// The chair (主持人) is among the invited.
    public static let meetingChairNotInvited = RuleID("meeting.chair_not_invited")
    /// The recorder (记录人) is among the invited.
    public static let meetingRecorderNotInvited = RuleID("meeting.recorder_not_invited")
    public static let meetingDuplicateParticipant = RuleID("meeting.duplicate_participant")
    /// No rescheduling or cancelling once the meeting has resolved something.
    public static let meetingChangeAfterResolved = RuleID("meeting.change_after_resolved")
    /// A cancelled meeting takes no further events except its archiving.
    public static let meetingCancelled = RuleID("meeting.cancelled")
    /// Once archived, only follow-up, custody, holds, appraisal and destruction.
    public static let archiveFrozen = RuleID("archive.frozen")
    public static let archiveAlreadyArchived = RuleID("archive.already_archived")
    /// Custody, holds, appraisal and destruction need an archived record.
    public static let archiveNotArchived = RuleID("archive.not_archived")
    /// Nothing happens to a destroyed record; only a read of its register entry
    /// (销毁清册) is still recorded.
    public static let recordDestroyed = RuleID("record.destroyed")
}

extension RuleCheck {
    /// Event types allowed on an archived (frozen) record.
    static let afterArchiving: Set<EventType> = [
        .decisionProgress, .decisionExtended, .decisionClosed, .archiveAccessed, .archiveInspected, .holdPlaced, .holdReleased, .retentionAppraised,
        .destructionApproved, .archiveDestroyed,
    ]

    /// Event types that only make sense for an archived record. (A read, `archive.accessed`,
    /// is recorded at any stage: a classified meeting is read before it is filed too.)
    static let custody: Set<EventType> = [
        .archiveInspected, .holdPlaced, .holdReleased, .retentionAppraised, .destructionApproved,
        .archiveDestroyed,
    ]

    /// Whether the event's type belongs at the stream's stage.
    func stage() throws(RuleViolation) {
        try Self.stage(event.type, of: state, destroyed: destroyed)
    }

    /// Refuses anything but a read of the register entry of a destroyed record
    /// (`record.destroyed`); returns if `state`'s record still holds its content.
    /// A view that read the content itself checks this as it records the read
    /// (`Archive.recordReads`): a destruction in between means it read nothing.
    static func refuseDestroyed(_ state: MeetingState) throws(RuleViolation) {
        guard let destruction = state.destruction else { return }
        throw RuleViolation(
            rule: .recordDestroyed, stream: state.stream, field: "type",
            message: "This record was destroyed on \(destruction.at.localDate) (batch \(destruction.batch)); nothing more can be recorded or read (已销毁), only its register entry (销毁清册).")
    }

    /// Whether an event of `type` belongs at the stage of `state`'s stream. Only the
    /// kind of event counts here, so this serves events whose content was destroyed
    /// too (`RuleBook.admitDestroyed`): for a record whose content is known only by
    /// its events' headers (`destroyed`), those headers say whether it was scheduled
    /// and cancelled.
    static func stage(_ type: EventType, of state: MeetingState, destroyed: DestroyedContent?) throws(RuleViolation) {
        func violation(_ rule: RuleID, _ message: String) -> RuleViolation {
            RuleViolation(rule: rule, stream: state.stream, field: "type", message: message)
        }
        if state.isDestroyed {
            // What is left of a destroyed record is its register entry, whose title
            // is of the record's class: reading it is recorded as any read is.
            if type != .archiveAccessed { try refuseDestroyed(state) }
            return
        }
        if type == .meetingScheduled {
            guard state.version == 0 else {
                throw violation(
                    .meetingFirstEvent,
                    "\(state.stream) already has \(state.version) events; a meeting is scheduled once, as the first event of its stream. Use meeting.rescheduled to change it.")
            }
            return
        }
        guard state.isScheduled || destroyed?.isScheduled == true else {
            throw violation(.meetingNotScheduled, "\(state.stream) has no scheduled meeting; record meeting.scheduled first.")
        }
        if state.isArchived {
            if type == .meetingArchived {
                throw violation(.archiveAlreadyArchived, "This meeting is already archived (已归档); it is filed once.")
            }
            guard afterArchiving.contains(type) else {
                throw violation(
                    .archiveFrozen,
                    "This meeting is archived, so its record is frozen: \(type) can no longer be added. Only decision follow-up, access, inspection, holds, appraisal and destruction are recorded now.")
            }
            return
        }
        if custody.contains(type) {
            throw violation(.archiveNotArchived, "\(type) applies to archived records; this meeting has not been archived (未归档).")
        }
        if type != .meetingArchived, type != .archiveAccessed, state.isCancelled || destroyed?.isCancelled == true {
            let reason = state.cancellation.map { " (\($0.reason))" } ?? ""
            throw violation(.meetingCancelled, "This meeting was cancelled\(reason); only its archiving (and reads of it) can be recorded now.")
        }
    }

    func scheduled(_ e: MeetingScheduled) throws(RuleViolation) {
        guard e.endsAt > e.startsAt else {
            throw violation(.meetingEndBeforeStart, "data.ends_at", "The meeting ends (\(e.endsAt)) before it starts (\(e.startsAt)).")
        }
        if !e.planned, (e.approvedBy ?? "").isEmpty {
            throw violation(
                .meetingAdHocNeedsApprover, "data.approved_by",
                "An ad hoc meeting (临时会议) needs the person who approved it in approved_by.")
        }
        if !e.planned, let approver = e.approvedBy, !policy.leaders.contains(approver) {
            throw violation(
                .meetingAdHocApproverNotAllowed, "data.approved_by",
                policy.leaders.isEmpty
                    ? "\(approver) cannot approve an ad hoc meeting (临时会议): the policy names no leaders; list them under \"leaders\" in policy.json."
                    : "\(approver) is not one of the leaders the policy allows to approve an ad hoc meeting (临时会议): \(policy.leaders.sorted().joined(separator: ", ")).")
        }
        var seen = Set<String>()
        for (i, p) in e.participants.enumerated() where !seen.insert(p.person).inserted {
            throw violation(.meetingDuplicateParticipant, "data.participants[\(i)].person", "\(p.name) (\(p.person)) is invited twice.")
        }
        guard seen.contains(e.chair) else {
            throw violation(.meetingChairNotInvited, "data.chair", "The chair \(e.chair) is not among the participants; invite the chair (主持人) too.")
        }
        guard seen.contains(e.recorder) else {
            throw violation(
                .meetingRecorderNotInvited, "data.recorder",
                "The recorder \(e.recorder) is not among the participants; invite the recorder (记录人), as an observer (列席) if they do not take part.")
        }
        var items = Set<String>()
        for (i, item) in e.agenda.enumerated() where !items.insert(item.item).inserted {
            throw violation(.agendaDuplicateItem, "data.agenda[\(i)].item", "Agenda item \(item.item) appears twice (议题编号重复).")
        }
    }

    func rescheduled(_ e: MeetingRescheduled) throws(RuleViolation) {
        try unchangedSinceResolved("rescheduled")
        guard e.endsAt > e.startsAt else {
            throw violation(.meetingEndBeforeStart, "data.ends_at", "The meeting would end (\(e.endsAt)) before it starts (\(e.startsAt)).")
        }
    }

    func cancelled() throws(RuleViolation) {
        try unchangedSinceResolved("cancelled")
    }

    private func unchangedSinceResolved(_ what: String) throws(RuleViolation) {
        if let resolvedAt = state.resolvedAt {
            throw violation(
                .meetingChangeAfterResolved, "type",
                "The meeting resolved its decisions at \(resolvedAt); it can no longer be \(what).")
        }
    }
}
