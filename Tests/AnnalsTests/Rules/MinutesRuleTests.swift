import Annals
import Testing

@Suite struct MinutesRuleTests {
    @Test func draftingBeforeTheMeetingIsRejected() {
        MeetingHistory.notified().expectRejected(MinutesDrafted(drafter: "P004"), at: MeetingHistory.noticeAt, .minutesBeforeMeeting)
    }

    @Test func draftingTheNextWorkingDayIsAcceptedUnflagged() {
        let admission = MeetingHistory.resolved().expectAccepted(MinutesDrafted(drafter: "P004"), at: ZonedTime(MeetingHistory.tuesday, 17, 0))
        #expect(admission?.flags == [])
    }

    @Test func draftingLateIsAcceptedButFlagged() {
        let wednesday = ZonedTime(CivilDate(year: 2023, month: 3, day: 8)!, 9, 0)
        let admission = MeetingHistory.resolved().expectAccepted(MinutesDrafted(drafter: "P004"), at: wednesday)
        #expect(admission?.flags.map(\.rule) == [.minutesLate])
    }

    @Test func approvingUndraftedMinutesIsRejected() {
        MeetingHistory.resolved().expectRejected(MinutesApproved(approvedBy: "P001"), at: Sample.time(16, 0), .minutesNotDrafted)
    }

    @Test func approvingDraftedMinutesIsAccepted() {
        var history = MeetingHistory.resolved()
        history.record(MinutesDrafted(drafter: "P004"), at: Sample.time(16, 30))
        history.expectAccepted(MinutesApproved(approvedBy: "P001"), at: ZonedTime(MeetingHistory.tuesday, 10, 0))
    }

    @Test func redraftingApprovedMinutesIsRejected() {
        MeetingHistory.minutesApproved().expectRejected(MinutesDrafted(drafter: "P004"), at: ZonedTime(MeetingHistory.tuesday, 11, 0), .minutesAlreadyApproved)
    }

    @Test func distributingUnapprovedMinutesIsRejected() {
        var history = MeetingHistory.resolved()
        history.record(MinutesDrafted(drafter: "P004"), at: Sample.time(16, 30))
        history.expectRejected(MinutesDistributed(recipients: ["P001"]), at: Sample.time(17, 0), .minutesNotApproved)
    }

    @Test func distributingApprovedMinutesToADepartmentIsAccepted() {
        MeetingHistory.minutesApproved().expectAccepted(MinutesDistributed(recipients: ["P001", "CWK"]), at: ZonedTime(MeetingHistory.tuesday, 14, 0))
    }

    @Test func secretMinutesGoOnlyToTheInvited() {
        let history = MeetingHistory.minutesApproved(Sample.scheduled(classification: .confidential))
        history.expectRejected(
            MinutesDistributed(recipients: ["P001", "CWK"]), at: ZonedTime(MeetingHistory.tuesday, 14, 0),
            .minutesDistributionNotInvited, field: "data.recipients[1]")
        history.expectAccepted(MinutesDistributed(recipients: ["P001", "P005"]), at: ZonedTime(MeetingHistory.tuesday, 14, 0))
    }
}
