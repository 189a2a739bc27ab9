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
