import Annals
import Testing

@Suite struct LeaveRuleTests {
    static let requestAt = ZonedTime(CivilDate(year: 2023, month: 3, day: 2)!, 16, 40)

    @Test func leaveForSomeoneNotInvitedIsRejected() {
        MeetingHistory.notified().expectRejected(
            LeaveRequested(person: "P099", reason: "出差"), at: Self.requestAt, .leaveNotInvited, field: "data.person")
    }

    @Test func leaveForAnInvitedPersonWithSubstituteIsAccepted() {
        MeetingHistory.notified().expectAccepted(
            LeaveRequested(person: "P003", reason: "参加市委党校培训", substitute: Sample.zhaoLei), at: Self.requestAt)
    }

    @Test func leaveAfterSigningInIsRejected() {
        MeetingHistory.started().expectRejected(LeaveRequested(person: "P002", reason: "临时有事"), at: Sample.time(9, 40), .leaveAfterSignIn)
    }

    @Test func anInvitedPersonAsSubstituteIsRejected() {
        let substitute = Substitute(person: "P004", name: "刘洋", unit: "秘书科", position: "科员")
        MeetingHistory.notified().expectRejected(
            LeaveRequested(person: "P003", reason: "培训", substitute: substitute), at: Self.requestAt,
            .leaveSubstituteIsInvited, field: "data.substitute.person")
    }

    @Test func approvalWithoutRequestIsRejected() {
        MeetingHistory.notified().expectRejected(LeaveApproved(person: "P003", approvedBy: "P001"), at: Self.requestAt, .leaveNotRequested)
    }

    @Test func approvalByTheChairIsAccepted() {
        var history = MeetingHistory.notified()
        history.record(LeaveRequested(person: "P003", reason: "培训"), at: Self.requestAt)
        history.expectAccepted(LeaveApproved(person: "P003", approvedBy: "P001"), at: Self.requestAt)
    }

    @Test func approvalBySomeoneElseIsRejected() {
        var history = MeetingHistory.notified()
        history.record(LeaveRequested(person: "P003", reason: "培训"), at: Self.requestAt)
        history.expectRejected(
            LeaveApproved(person: "P003", approvedBy: "P002"), at: Self.requestAt, .leaveApproverNotAllowed, field: "data.approved_by")
    }

    @Test func approvalByANamedApproverIsAccepted() {
        var policy = MeetingHistory.policy
        policy.leaveApprovers = ["P002"]
        var history = MeetingHistory.scheduled(policy: policy)
        history.record(LeaveRequested(person: "P003", reason: "培训"), at: Self.requestAt)
        history.expectAccepted(LeaveApproved(person: "P003", approvedBy: "P002"), at: Self.requestAt)
    }

    @Test func approvingTwiceIsRejected() {
        var history = MeetingHistory.notified()
        history.record(LeaveRequested(person: "P003", reason: "培训"), at: Self.requestAt)
        history.record(LeaveApproved(person: "P003", approvedBy: "P001"), at: Self.requestAt)
        history.expectRejected(LeaveApproved(person: "P003", approvedBy: "P001"), at: Self.requestAt, .leaveAlreadyApproved)
    }
}
