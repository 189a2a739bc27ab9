// Leave requests and approvals, with substitutes (DOMAIN.md: leave; 请假, 代会).

extension RuleID {
    /// Only an invited person asks for leave.
    public static let leaveNotInvited = RuleID("leave.not_invited")
    /// Someone who signed in is present, not on leave.
    public static let leaveAfterSignIn = RuleID("leave.after_sign_in")
    /// A substitute is someone not already invited.
    public static let leaveSubstituteIsInvited = RuleID("leave.substitute_is_invited")
    /// An approval answers a request.
    public static let leaveNotRequested = RuleID("leave.not_requested")
    public static let leaveAlreadyApproved = RuleID("leave.already_approved")
    /// Leave is asked before the meeting (事前请假): never after it has ended.
    public static let leaveAfterEnd = RuleID("leave.after_end")
    /// Flag: leave asked after the meeting started.
    public static let leaveAfterStart = RuleID("leave.after_start")
    /// Leave is approved by the chair or a named approver (policy).
    public static let leaveApproverNotAllowed = RuleID("leave.approver_not_allowed")
}

extension RuleCheck {
    mutating func leaveRequested(_ e: LeaveRequested) throws(RuleViolation) {
        guard state.invited[e.person] != nil else {
            throw violation(.leaveNotInvited, "data.person", "\(e.person) is not invited to this meeting, so cannot ask for leave (请假).")
        }
        if state.signIns[e.person] != nil {
            throw violation(.leaveAfterSignIn, "data.person", "\(who(e.person)) has already signed in; record leaving early (早退) instead.")
        }
        if let substitute = e.substitute, substitute.person == e.person || state.invited[substitute.person] != nil {
            throw violation(
                .leaveSubstituteIsInvited, "data.substitute.person",
                "\(who(substitute.person)) is already invited and cannot also attend as a substitute (代会); name someone else.")
        }
        guard at < meeting.endsAt else {
            throw violation(
                .leaveAfterEnd, "at",
                "The meeting ended at \(meeting.endsAt); leave is asked before the meeting (事前请假), so \(who(e.person)) was absent, not on leave.")
        }
        if policy.isLeaveAfterStart(requestedAt: at, startsAt: meeting.startsAt) {
            flag(.leaveAfterStart, "at", "\(who(e.person)) asked for leave at \(at), after the meeting started at \(meeting.startsAt) (not 事前请假).")
        }
    }

    func leaveApproved(_ e: LeaveApproved) throws(RuleViolation) {
        guard let leave = state.leaves[e.person] else {
            throw violation(.leaveNotRequested, "data.person", "\(who(e.person)) has not asked for leave; record leave.requested first.")
        }
        if let approver = leave.approvedBy {
            throw violation(.leaveAlreadyApproved, "data.person", "The leave of \(who(e.person)) was already approved by \(who(approver)).")
        }
        guard e.approvedBy == meeting.chair || policy.leaveApprovers.contains(e.approvedBy) else {
            throw violation(
                .leaveApproverNotAllowed, "data.approved_by",
                "\(who(e.approvedBy)) may not approve leave for this meeting; the chair \(who(meeting.chair)) or a named approver must.")
        }
    }
}
