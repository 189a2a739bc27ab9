import Annals
import Testing

@Suite struct MeetingStateTests {
    @Test func theFoldRecordsAttendanceAsTheSheetShowsIt() {
        var history = MeetingHistory.notified()
        history.record(LeaveRequested(person: "P003", reason: "参加市委党校培训", substitute: Sample.zhaoLei), at: MeetingHistory.noticeAt)
        history.record(LeaveApproved(person: "P003", approvedBy: "P001"), at: MeetingHistory.noticeAt)
        history.record(ParticipantSignedIn(person: "P001", signedBy: "P001"), at: Sample.time(9, 20))
        history.record(ParticipantSignedIn(person: "P006", signedBy: "P006"), at: Sample.time(9, 22))
        history.record(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 45))
        history.record(ParticipantLeftEarly(person: "P002", reason: "赴市政府汇报工作"), at: Sample.time(10, 45))
        let state = history.state
        #expect(state.signInOrder == ["P001", "P006", "P002"])
        #expect(state.signIns["P002"]?.isLate == true)
        #expect(state.signIns["P006"]?.substituteFor == "P003")
        #expect(state.leaves["P003"]?.isApproved == true)
        #expect(state.leftEarly.keys.sorted() == ["P002"])
        #expect(state.notified.count == 5)
        #expect(state.version == 8)
    }

    @Test func reschedulingMovesTheMeeting() {
        var history = MeetingHistory.notified()
        history.record(
            MeetingRescheduled(startsAt: Sample.time(14, 0), endsAt: Sample.time(16, 0), location: "五楼小会议室", reason: "主任上午参加市政府常务会议"),
            at: MeetingHistory.noticeAt)
        #expect(history.state.startsAt == Sample.time(14, 0))
        #expect(history.state.meeting?.location == "五楼小会议室")
        #expect(history.state.reschedules.first?.from == Sample.time(9, 30))
    }

    @Test func theStateAsOfAPastMomentIsTheFoldUpToIt() {
        var history = MeetingHistory.resolved()
        history.record(MinutesDrafted(drafter: "P004"), at: Sample.time(16, 30))
        var asOfNoon = MeetingState(stream: Sample.stream)
        for event in history.events where event.at <= Sample.time(12, 0) { asOfNoon.apply(event) }
        #expect(asOfNoon.decisions.map(\.id) == ["D1"])
        #expect(!asOfNoon.minutes.isDrafted)
        #expect(history.state.minutes.isDrafted)
    }
}
