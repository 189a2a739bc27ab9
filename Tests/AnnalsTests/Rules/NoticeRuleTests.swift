import Annals
import Testing

@Suite struct NoticeRuleTests {
    @Test func aNoticeWithoutChannelIsRejected() {
        MeetingHistory.scheduled().expectRejected(MeetingNotified(channels: []), at: MeetingHistory.noticeAt, .noticeNeedsChannel, field: "data.channels")
    }

    @Test func aNoticeToSomeoneNotInvitedIsRejected() {
        MeetingHistory.scheduled().expectRejected(
            MeetingNotified(channels: ["OA"], recipients: ["P002", "P099"]), at: MeetingHistory.noticeAt,
            .noticeRecipientNotInvited, field: "data.recipients[1]")
    }

    @Test func aNoticeThreeWorkingDaysAheadIsAcceptedUnflagged() {
        // Wednesday for Monday: Thursday, Friday, Monday.
        let admission = MeetingHistory.scheduled().expectAccepted(MeetingNotified(channels: ["OA"], recipients: ["P002"]), at: MeetingHistory.noticeAt)
        #expect(admission?.flags == [])
    }

    @Test func aLateNoticeIsAcceptedButFlagged() {
        // Thursday for Monday: only Friday and Monday.
        let thursday = ZonedTime(CivilDate(year: 2023, month: 3, day: 2)!, 17, 0)
        let admission = MeetingHistory.scheduled().expectAccepted(MeetingNotified(channels: ["OA"]), at: thursday)
        #expect(admission?.flags.map(\.rule) == [.noticeLate])
        #expect(admission?.flags.first?.message.contains("2 working days") == true)
    }

    @Test func holidaysDoNotCountAsNoticeDays() {
        var policy = MeetingHistory.policy
        policy.holidays = [CivilDate(year: 2023, month: 3, day: 3)!]
        let history = MeetingHistory.scheduled(policy: policy)
        #expect(history.expectAccepted(MeetingNotified(channels: ["OA"]), at: MeetingHistory.noticeAt)?.flags.map(\.rule) == [.noticeLate])
    }

    @Test func acknowledgmentBySomeoneNotNotifiedIsRejected() {
        var history = MeetingHistory.scheduled()
        history.record(MeetingNotified(channels: ["OA"], recipients: ["P002"]), at: MeetingHistory.noticeAt)
        history.expectRejected(NoticeAcknowledged(person: "P003"), at: MeetingHistory.noticeAt, .noticeNotNotified, field: "data.person")
    }

    @Test func acknowledgmentByANotifiedPersonIsAccepted() {
        MeetingHistory.notified().expectAccepted(NoticeAcknowledged(person: "P003"), at: MeetingHistory.noticeAt)
    }

    @Test func acknowledgingTwiceIsRejected() {
        var history = MeetingHistory.notified()
        history.record(NoticeAcknowledged(person: "P003"), at: MeetingHistory.noticeAt)
        history.expectRejected(NoticeAcknowledged(person: "P003"), at: MeetingHistory.noticeAt, .noticeAlreadyAcknowledged)
    }
}
