import Annals
import Testing

@Suite struct SignInRuleTests {
    @Test func proxySignInIsRejected() {
        MeetingHistory.notified().expectRejected(
            ParticipantSignedIn(person: "P002", signedBy: "P004"), at: Sample.time(9, 20), .signInProxy, field: "data.signed_by")
    }

    @Test func signingInForOneselfIsAccepted() {
        let admission = MeetingHistory.notified().expectAccepted(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 20))
        #expect(admission?.flags == [])
    }

    @Test func signInBySomeoneNotInvitedIsRejected() {
        MeetingHistory.notified().expectRejected(
            ParticipantSignedIn(person: "P099", signedBy: "P099"), at: Sample.time(9, 20), .signInNotInvited, field: "data.person")
    }

    @Test func anObserverMaySignIn() {
        MeetingHistory.notified().expectAccepted(ParticipantSignedIn(person: "P005", signedBy: "P005"), at: Sample.time(9, 20))
    }

    @Test func aSubstituteWithoutApprovedLeaveIsRejected() {
        var history = MeetingHistory.notified()
        history.record(LeaveRequested(person: "P003", reason: "培训", substitute: Sample.zhaoLei), at: MeetingHistory.noticeAt)
        history.expectRejected(
            ParticipantSignedIn(person: "P006", signedBy: "P006"), at: Sample.time(9, 20), .signInSubstituteNotApproved)
    }

    @Test func aSubstituteThroughApprovedLeaveSignsAsThemself() {
        var history = MeetingHistory.notified()
        history.record(LeaveRequested(person: "P003", reason: "培训", substitute: Sample.zhaoLei), at: MeetingHistory.noticeAt)
        history.record(LeaveApproved(person: "P003", approvedBy: "P001"), at: MeetingHistory.noticeAt)
        history.record(ParticipantSignedIn(person: "P006", signedBy: "P006"), at: Sample.time(9, 20))
        #expect(history.state.signIns["P006"]?.substituteFor == "P003")
    }

    @Test func signingInTwiceIsRejected() {
        MeetingHistory.started().expectRejected(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 28), .signInTwice)
    }

    @Test func signingInAfterTheEndIsRejected() {
        MeetingHistory.notified().expectRejected(
            ParticipantSignedIn(person: "P003", signedBy: "P003"), at: Sample.time(11, 30), .signInAfterEnd, field: "at")
    }

    @Test func signingInAfterTheStartIsAcceptedAndCountedLate() {
        var history = MeetingHistory.notified()
        let flags = history.record(ParticipantSignedIn(person: "P003", signedBy: "P003"), at: Sample.time(9, 41))
        #expect(flags.map(\.rule) == [.signInLate])
        #expect(history.state.signIns["P003"]?.isLate == true)
    }

    @Test func leavingEarlyWithoutSigningInIsRejected() {
        MeetingHistory.started().expectRejected(
            ParticipantLeftEarly(person: "P003", reason: "另有公务"), at: Sample.time(10, 30), .leftEarlyNotSignedIn)
    }

    @Test func leavingEarlyAfterSigningInIsAccepted() {
        MeetingHistory.started().expectAccepted(ParticipantLeftEarly(person: "P002", reason: "赴市政府汇报工作"), at: Sample.time(10, 45))
    }

    @Test func leavingEarlyTwiceIsRejected() {
        var history = MeetingHistory.started()
        history.record(ParticipantLeftEarly(person: "P002", reason: "赴市政府汇报工作"), at: Sample.time(10, 45))
        history.expectRejected(ParticipantLeftEarly(person: "P002", reason: "再次离开"), at: Sample.time(10, 50), .leftEarlyTwice)
    }

    @Test func leavingAtTheEndIsNotLeavingEarly() {
        MeetingHistory.started().expectRejected(
            ParticipantLeftEarly(person: "P002", reason: "散会"), at: Sample.time(11, 30), .leftEarlyAfterEnd)
    }
}
