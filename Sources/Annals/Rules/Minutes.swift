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
    /// Minutes are approved (审定) by the chair or an approver the policy names for the kind.
    public static let minutesApproverNotAllowed = RuleID("minutes.approver_not_allowed")
    /// The recorder or a drafter of the minutes never approves them.
    public static let minutesApproverIsDrafter = RuleID("minutes.approver_is_drafter")
    /// Approval comes after the meeting has ended and after the draft it approves.
    public static let minutesApprovedTooEarly = RuleID("minutes.approved_too_early")
    /// Minutes are reviewed (审核) by the head of the organizing department (policy).
    public static let minutesReviewerNotAllowed = RuleID("minutes.reviewer_not_allowed")
    /// A review comes after the draft it reviews.
    public static let minutesReviewedTooEarly = RuleID("minutes.reviewed_too_early")
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
        if day > due, !state.minutes.isDrafted {
            flag(.minutesLate, "at", "The minutes were drafted on \(day); they were due by \(due), \(policy.minutesDueDays) working day(s) after the meeting.")
        }
    }

    func minutesApproved(_ e: MinutesApproved) throws(RuleViolation) {
        guard let lastDraft = state.minutes.drafts.last else {
            throw violation(.minutesNotDrafted, "type", "The minutes have not been drafted; record minutes.drafted first.")
        }
        if let approvedAt = state.minutes.approvedAt {
            throw violation(.minutesAlreadyApproved, "type", "The minutes were already approved at \(approvedAt).")
        }
        if e.approvedBy == meeting.recorder || state.minutes.drafts.contains(where: { $0.drafter == e.approvedBy }) {
            throw violation(
                .minutesApproverIsDrafter, "data.approved_by",
                "\(who(e.approvedBy)) recorded or drafted these minutes and cannot also approve them (审定); the chair \(who(meeting.chair)) or an approver the policy names must.")
        }
        let approvers = policy.minutesApprovers(for: meeting.kind)
        guard e.approvedBy == meeting.chair || approvers.contains(e.approvedBy) else {
            let named = approvers.isEmpty ? "" : " or an approver the policy names for \(meeting.kind) (\(approvers.sorted().joined(separator: ", ")))"
            throw violation(
                .minutesApproverNotAllowed, "data.approved_by",
                "\(who(e.approvedBy)) may not approve (审定) the minutes of this \(meeting.kind); the chair \(who(meeting.chair))\(named) must.")
        }
        guard at >= meeting.endsAt, at >= lastDraft.at else {
            let after = at < meeting.endsAt ? "the meeting ends at \(meeting.endsAt)" : "the minutes were drafted at \(lastDraft.at)"
            throw violation(.minutesApprovedTooEarly, "at", "The minutes cannot be approved at \(at): \(after); approval comes after both.")
        }
    }

    func minutesReviewed(_ e: MinutesReviewed) throws(RuleViolation) {
        guard let lastDraft = state.minutes.drafts.last else {
            throw violation(.minutesNotDrafted, "type", "The minutes have not been drafted; record minutes.drafted before their review (审核).")
        }
        if let approvedAt = state.minutes.approvedAt {
            throw violation(.minutesAlreadyApproved, "type", "The minutes were approved at \(approvedAt); a review (审核) comes before approval.")
        }
        guard let head = policy.departmentHeads[meeting.organizer] else {
            throw violation(
                .minutesReviewerNotAllowed, "data.reviewed_by",
                "The policy names no head for \(meeting.organizer), so no one can review (审核) its minutes; add \"department_heads\": {\"\(meeting.organizer)\": …} to policy.json.")
        }
        guard e.reviewedBy == head else {
            throw violation(
                .minutesReviewerNotAllowed, "data.reviewed_by",
                "\(who(e.reviewedBy)) is not the head of \(meeting.organizer); its minutes are reviewed (审核) by \(who(head)).")
        }
        guard at >= lastDraft.at else {
            throw violation(.minutesReviewedTooEarly, "at", "The minutes were drafted at \(lastDraft.at); they cannot be reviewed before then (\(at)).")
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
