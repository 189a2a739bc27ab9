import Annals
import Testing

/// When leave may be asked and when the sign-in sheet is open (issue 11): leave
/// before the meeting (事前请假), sign-in from the policy's opening time, and a
/// reschedule that voids the sign-ins made for the old time.
@Suite struct AttendanceTimingRuleTests {
    @Test func leaveAskedAfterTheMeetingEndedIsRejected() {
        MeetingHistory.started().expectRejected(
            LeaveRequested(person: "P003", reason: "临时有事"), at: Sample.time(12, 0), .leaveAfterEnd, field: "at")
    }

    @Test func leaveAskedAfterTheStartIsAcceptedAndFlagged() {
        let admission = MeetingHistory.started().expectAccepted(LeaveRequested(person: "P003", reason: "临时有事"), at: Sample.time(9, 45))
        #expect(admission?.flags.map(\.rule) == [.leaveAfterStart])
    }

    @Test func leaveAskedBeforeTheStartIsNotFlagged() {
        let admission = MeetingHistory.notified().expectAccepted(LeaveRequested(person: "P003", reason: "培训"), at: Sample.time(8, 0))
        #expect(admission?.flags == [])
    }

    @Test func anObserversLeaveIsKeptAndShownOnTheSheet() {
        var history = MeetingHistory.notified()
        history.record(LeaveRequested(person: "P005", reason: "参加财政局会议"), at: Sample.time(8, 0))
        history.record(LeaveApproved(person: "P005", approvedBy: "P001"), at: Sample.time(8, 30))
        let sheet = history.state.signInSheet
        #expect(sheet.onLeave.map(\.person) == ["P005"])
        #expect(sheet.onLeave.first?.reason == "参加财政局会议")
        #expect(!sheet.absent.contains { $0.person == "P005" })
    }

    @Test func signingInBeforeTheSheetOpensIsRejected() {
        MeetingHistory.notified().expectRejected(
            ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(7, 29), .signInBeforeOpening, field: "at")
    }

    @Test func signingInWhenTheSheetOpensIsAccepted() {
        MeetingHistory.notified().expectAccepted(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(7, 30))
    }

    @Test func theSheetOpensAtTheTimeThePolicySets() {
        var policy = MeetingHistory.policy
        policy.signInOpensMinutes = 30
        var history = MeetingHistory.scheduled(policy: policy)
        history.record(MeetingNotified(channels: ["OA"]), at: MeetingHistory.noticeAt)
        history.expectRejected(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(8, 59), .signInBeforeOpening)
    }

    @Test func signInsMadeBeforeARescheduleDoNotCountForTheNewTime() {
        var history = MeetingHistory.notified()
        history.record(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 20))
        let tuesday = MeetingHistory.tuesday
        history.record(
            MeetingRescheduled(startsAt: Sample.time(9, 30, day: tuesday), endsAt: Sample.time(11, 30, day: tuesday), reason: "主持人临时赴市政府开会"),
            at: Sample.time(9, 25))
        #expect(history.state.signIns["P002"] == nil)
        #expect(history.state.signInSheet.absent.contains { $0.person == "P002" })
        // At the new time 李强 signs in again.
        history.expectAccepted(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 20, day: tuesday))
    }
}
