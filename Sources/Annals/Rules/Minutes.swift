// The minutes: drafting, approval, distribution (DOMAIN.md: minutes; 会议纪要, 审定).

extension RuleID {
    /// Minutes are drafted once the meeting has started.
    public static let minutesBeforeMeeting = RuleID("minutes.before_meeting")
    /// Approved minutes are final: no new draft, no second approval.
    public static let minutesAlreadyApproved = RuleID("minutes.already_approved")
    public static let minutesNotDrafted = RuleID("minutes.not_drafted")
    /// Only approved minutes are distributed.
    public static let minutesNotApproved = RuleID("minutes.not_approved")
    /// Minutes of 秘密 and above go only to the invited.
    public static let minutesDistributionNotInvited = RuleID("minutes.distribution_not_invited")
    /// Flag: drafted after the due working day.
    public static let minutesLate = RuleID("minutes.late")
}

extension RuleCheck {
    mutating func drafted() throws(RuleViolation) {
        if let approvedAt = state.minutes.approvedAt {
            throw violation(.minutesAlreadyApproved, "type", "The minutes were approved at \(approvedAt); they are final.")
        }
        guard at >= meeting.startsAt else {
            throw violation(.minutesBeforeMeeting, "at", "The meeting starts at \(meeting.startsAt); its minutes cannot be drafted before then.")
        }
        let due = policy.minutesDue(meetingEndsAt: meeting.endsAt)
        if at.localDate > due, !state.minutes.isDrafted {
            flag(.minutesLate, "at", "The minutes were drafted on \(at.localDate); they were due by \(due), \(policy.minutesDueDays) working day(s) after the meeting.")
        }
    }

    func minutesApproved() throws(RuleViolation) {
        guard state.minutes.isDrafted else {
            throw violation(.minutesNotDrafted, "type", "The minutes have not been drafted; record minutes.drafted first.")
        }
        if let approvedAt = state.minutes.approvedAt {
            throw violation(.minutesAlreadyApproved, "type", "The minutes were already approved at \(approvedAt).")
        }
    }

    func distributed(_ e: MinutesDistributed) throws(RuleViolation) {
        guard state.minutes.isApproved else {
            throw violation(.minutesNotApproved, "type", "The minutes are not approved (审定) yet, so they cannot be distributed.")
        }
        guard meeting.classification >= .confidential else { return }
        for (i, recipient) in e.recipients.enumerated() where state.invited[recipient] == nil {
            throw violation(
                .minutesDistributionNotInvited, "data.recipients[\(i)]",
                "These minutes are \(meeting.classification.name); they go only to the invited, and \(recipient) was not invited.")
        }
    }
}
