// Notices and their acknowledgment (DOMAIN.md: notice, confirm).

extension RuleID {
    /// A notice names how it was sent.
    public static let noticeNeedsChannel = RuleID("notice.needs_channel")
    /// Notices go to invited persons.
    public static let noticeRecipientNotInvited = RuleID("notice.recipient_not_invited")
    /// Only a notified person can acknowledge.
    public static let noticeNotNotified = RuleID("notice.not_notified")
    public static let noticeAlreadyAcknowledged = RuleID("notice.already_acknowledged")
    /// Flag: sent fewer working days ahead than the kind requires.
    public static let noticeLate = RuleID("notice.late")
    /// Flag: the meeting was held without any notice having been sent (未通知).
    public static let noticeNeverSent = RuleID("notice.never_sent")
}

extension RuleCheck {
    mutating func notified(_ e: MeetingNotified) throws(RuleViolation) {
        if e.channels.isEmpty || e.channels.contains("") {
            throw violation(.noticeNeedsChannel, "data.channels", "Say how the notice was sent (for example OA, 短信, 电话).")
        }
        for (i, person) in (e.recipients ?? []).enumerated() where state.invited[person] == nil {
            throw violation(
                .noticeRecipientNotInvited, "data.recipients[\(i)]",
                "\(person) is not invited to this meeting; invite them by rescheduling or leave them out of the notice.")
        }
        let (days, lead, isLate) = policy.noticeLeadTime(sentAt: at, startsAt: meeting.startsAt, kind: meeting.kind)
        if isLate {
            flag(
                .noticeLate, "at",
                "The notice went out \(days) working days before the meeting; a \(meeting.kind) needs \(lead) (提前\(lead)个工作日通知).")
        }
    }

    func acknowledged(_ e: NoticeAcknowledged) throws(RuleViolation) {
        guard state.notified.contains(e.person) else {
            throw violation(.noticeNotNotified, "data.person", "\(who(e.person)) was never notified of this meeting, so there is nothing to acknowledge.")
        }
        if let earlier = state.acknowledged[e.person] {
            throw violation(.noticeAlreadyAcknowledged, "data.person", "\(who(e.person)) already acknowledged the notice at \(earlier).")
        }
    }
}

extension RuleCheck {
    /// Flags a meeting held with no notice sent: raised once, by the first event that
    /// shows the meeting under way (a sign-in, a speech, an item added or a
    /// resolution, at or after the start). A cancelled meeting needs no notice.
    mutating func flagHeldWithoutNotice() {
        guard let meeting = state.meeting, state.cancellation == nil, state.notices.isEmpty, at >= meeting.startsAt else { return }
        switch event.data {
        case .participantSignedIn, .participantLeftEarly, .agendaItemAdded, .minutesRecorded, .meetingResolved: break
        default: return
        }
        let underWayBefore = !state.signIns.isEmpty || !state.speeches.isEmpty || state.resolvedAt != nil || !state.addedItems.isEmpty
        guard !underWayBefore else { return }
        let lead = policy.noticeLeadDays(for: meeting.kind)
        flag(
            .noticeNeverSent, "type",
            "The \(meeting.kind) of \(meeting.startsAt.localDate) was held with no notice sent; a \(meeting.kind) is notified \(lead) working days ahead (提前\(lead)个工作日通知).")
    }
}
