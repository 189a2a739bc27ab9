import Annals
import Testing

/// Who may approve, review and convene (issue 11): the chair or the policy's
/// approvers approve minutes, never their recorder or drafter; the organizing
/// department's head reviews them; the chair and recorder are invited; an ad hoc
/// meeting is approved by a leader the policy names.
@Suite struct AuthorityRuleTests {
    static let draftedAt = Sample.time(16, 30)
    static let approvalAt = ZonedTime(MeetingHistory.tuesday, 10, 0)

    static func drafted(by drafter: String = "P004", policy: Policy = MeetingHistory.policy) -> MeetingHistory {
        var history = MeetingHistory(policy: policy)
        history.record(Sample.scheduled(), at: MeetingHistory.scheduledAt)
        history.record(MeetingNotified(channels: ["OA"]), at: MeetingHistory.noticeAt)
        history.record(ParticipantSignedIn(person: "P001", signedBy: "P001"), at: Sample.time(9, 25))
        history.record(MeetingResolved(decisions: [MeetingHistory.decisionD1]), at: Sample.time(11, 20))
        history.record(MinutesDrafted(drafter: drafter), at: draftedAt)
        return history
    }

    @Test func minutesApprovedByTheirRecorderAreRejected() {
        Self.drafted().expectRejected(
            MinutesApproved(approvedBy: "P004"), at: Self.approvalAt, .minutesApproverIsDrafter, field: "data.approved_by")
    }

    @Test func minutesApprovedByTheirDrafterAreRejectedEvenForALeader() {
        var policy = MeetingHistory.policy
        policy.minutesApprovers = ["P002"]
        Self.drafted(by: "P002", policy: policy).expectRejected(
            MinutesApproved(approvedBy: "P002"), at: Self.approvalAt, .minutesApproverIsDrafter, field: "data.approved_by")
    }

    @Test func minutesApprovedBySomeoneNeitherChairNorNamedAreRejected() {
        Self.drafted().expectRejected(
            MinutesApproved(approvedBy: "P003"), at: Self.approvalAt, .minutesApproverNotAllowed, field: "data.approved_by")
    }

    @Test func minutesApprovedByTheApproverThePolicyNamesForTheKindAreAccepted() {
        var policy = MeetingHistory.policy
        policy.minutesApproversByKind["主任办公会"] = ["P009"]
        Self.drafted(policy: policy).expectAccepted(MinutesApproved(approvedBy: "P009"), at: Self.approvalAt)
        // …and only for that kind.
        Self.drafted().expectRejected(MinutesApproved(approvedBy: "P009"), at: Self.approvalAt, .minutesApproverNotAllowed)
    }

    @Test func minutesApprovedBeforeTheMeetingEndedAreRejected() {
        var history = MeetingHistory.resolved()
        history.record(MinutesDrafted(drafter: "P004"), at: Sample.time(11, 21))
        history.expectRejected(MinutesApproved(approvedBy: "P001"), at: Sample.time(11, 25), .minutesApprovedTooEarly, field: "at")
    }

    @Test func minutesApprovedBeforeTheirDraftAreRejected() {
        Self.drafted().expectRejected(MinutesApproved(approvedBy: "P001"), at: Sample.time(16, 0), .minutesApprovedTooEarly, field: "at")
    }

    @Test func aReviewByTheOrganizingDepartmentsHeadIsAccepted() {
        var history = Self.drafted()
        history.record(MinutesReviewed(reviewedBy: "P002"), at: Sample.time(17, 0))
        #expect(history.state.minutes.reviews.map(\.reviewer) == ["P002"])
        history.expectAccepted(MinutesApproved(approvedBy: "P001"), at: Self.approvalAt)
    }

    @Test func aReviewBySomeoneElseIsRejected() {
        Self.drafted().expectRejected(
            MinutesReviewed(reviewedBy: "P003"), at: Sample.time(17, 0), .minutesReviewerNotAllowed, field: "data.reviewed_by")
    }

    @Test func aReviewWhenThePolicyNamesNoHeadIsRejected() {
        Self.drafted(policy: Policy(fonds: "Z109")).expectRejected(
            MinutesReviewed(reviewedBy: "P002"), at: Sample.time(17, 0), .minutesReviewerNotAllowed, field: "data.reviewed_by")
    }

    @Test func aReviewAfterApprovalIsRejected() {
        var history = Self.drafted()
        history.record(MinutesApproved(approvedBy: "P001"), at: Self.approvalAt)
        history.expectRejected(MinutesReviewed(reviewedBy: "P002"), at: Self.approvalAt, .minutesAlreadyApproved)
    }

    @Test func aReviewBeforeTheDraftIsRejected() {
        Self.drafted().expectRejected(MinutesReviewed(reviewedBy: "P002"), at: Sample.time(16, 0), .minutesReviewedTooEarly, field: "at")
    }

    @Test func aChairWhoIsNotInvitedIsRejected() {
        var meeting = Sample.scheduled()
        meeting.chair = "P099"
        MeetingHistory().expectRejected(meeting, at: MeetingHistory.scheduledAt, .meetingChairNotInvited, field: "data.chair")
    }

    @Test func aRecorderWhoIsNotInvitedIsRejected() {
        var meeting = Sample.scheduled()
        meeting.recorder = "P099"
        MeetingHistory().expectRejected(meeting, at: MeetingHistory.scheduledAt, .meetingRecorderNotInvited, field: "data.recorder")
    }

    @Test func anAdHocMeetingApprovedByAnyoneButALeaderIsRejected() {
        MeetingHistory().expectRejected(
            Sample.scheduled(planned: false, approvedBy: "P004"), at: MeetingHistory.scheduledAt,
            .meetingAdHocApproverNotAllowed, field: "data.approved_by")
        MeetingHistory(policy: Policy(fonds: "Z109")).expectRejected(
            Sample.scheduled(planned: false, approvedBy: "P001"), at: MeetingHistory.scheduledAt,
            .meetingAdHocApproverNotAllowed, field: "data.approved_by")
    }

    @Test func anAdHocMeetingApprovedByALeaderIsAccepted() {
        MeetingHistory().expectAccepted(Sample.scheduled(planned: false, approvedBy: "P009"), at: MeetingHistory.scheduledAt)
    }
}
