import Annals
import Testing

/// Agenda items submitted ahead (报送议题, issue 11): by a department, approved by its
/// head, due two working days before the meeting (late ones flagged); an item added
/// in session is flagged as a 临时动议.
@Suite struct AgendaSubmissionRuleTests {
    static let item = AgendaItemSubmitted(item: "3", title: "2023年政务公开工作要点", department: "BGS", approvedBy: "P002")

    @Test func aSubmissionApprovedByTheDepartmentsHeadBeforeTheDeadlineIsAcceptedUnflagged() {
        // Monday's meeting: due Thursday 2 March.
        var history = MeetingHistory.notified()
        let admission = history.expectAccepted(Self.item, at: ZonedTime(CivilDate(year: 2023, month: 3, day: 2)!, 16, 0))
        #expect(admission?.flags == [])
        history.record(Self.item, at: ZonedTime(CivilDate(year: 2023, month: 3, day: 2)!, 16, 0))
        #expect(history.state.agenda.map(\.item) == ["1", "2", "3"])
        #expect(history.state.submissions.map(\.department) == ["BGS"])
    }

    @Test func aSubmissionAfterTheDeadlineIsAcceptedAndFlagged() {
        let admission = MeetingHistory.notified().expectAccepted(Self.item, at: ZonedTime(CivilDate(year: 2023, month: 3, day: 3)!, 9, 0))
        #expect(admission?.flags.map(\.rule) == [.agendaLateSubmission])
    }

    @Test func aSubmissionApprovedBySomeoneButTheHeadIsRejected() {
        MeetingHistory.notified().expectRejected(
            AgendaItemSubmitted(item: "3", title: "2023年政务公开工作要点", department: "BGS", approvedBy: "P004"),
            at: MeetingHistory.noticeAt, .agendaSubmissionApproverNotAllowed, field: "data.approved_by")
    }

    @Test func aSubmissionAfterTheStartIsRejected() {
        MeetingHistory.started().expectRejected(Self.item, at: Sample.time(9, 40), .agendaSubmittedAfterStart, field: "at")
    }

    @Test func aSubmissionWithAnExistingNumberIsRejected() {
        MeetingHistory.notified().expectRejected(
            AgendaItemSubmitted(item: "1", title: "重复编号", department: "BGS", approvedBy: "P002"), at: MeetingHistory.noticeAt,
            .agendaDuplicateItem, field: "data.item")
    }

    @Test func anItemAddedInSessionIsFlagged() {
        let admission = MeetingHistory.started().expectAccepted(
            AgendaItemAdded(item: "3", title: "春节期间值班安排总结", presenter: "BGS"), at: Sample.time(10, 0))
        #expect(admission?.flags.map(\.rule) == [.agendaInSessionItem])
    }
}
