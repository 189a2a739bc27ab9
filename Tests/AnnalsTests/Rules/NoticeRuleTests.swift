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

/// A meeting held with no notice, and the official holiday calendar.
@Suite struct NoticeCalendarTests {
    @Test func aMeetingHeldWithoutNoticeIsFlaggedOnceWhenItIsUnderWay() {
        var history = MeetingHistory.scheduled()
        let first = history.record(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 30))
        #expect(first.map(\.rule) == [.noticeNeverSent])
        #expect(first.first?.message.contains("no notice") == true)
        #expect(history.record(ParticipantSignedIn(person: "P001", signedBy: "P001"), at: Sample.time(9, 30)) == [])
    }

    @Test func aNotifiedMeetingIsNotFlaggedAsUnnotified() {
        var history = MeetingHistory.notified()
        #expect(history.record(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 25)) == [])
    }

    @Test func aSignInBeforeTheStartIsNotYetAMeetingHeldWithoutNotice() {
        var history = MeetingHistory.scheduled()
        #expect(history.record(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 20)) == [])
    }

    @Test func aNoticeSentTheDayBeforeNationalDayFor8OctoberIsLateUnderTheDefaultPolicy() {
        // Monday 30 September 2024 for Tuesday 8 October: 1-7 October are off, so one working day.
        let meeting = Sample.scheduled(
            starts: ZonedTime(CivilDate(year: 2024, month: 10, day: 8)!, 9, 30), ends: ZonedTime(CivilDate(year: 2024, month: 10, day: 8)!, 11, 30))
        var history = MeetingHistory(policy: .standard)
        history.record(meeting, at: ZonedTime(CivilDate(year: 2024, month: 9, day: 20)!, 9, 0))
        let flags = history.expectAccepted(MeetingNotified(channels: ["OA"]), at: ZonedTime(CivilDate(year: 2024, month: 9, day: 30)!, 16, 0))?.flags
        #expect(flags?.map(\.rule) == [.noticeLate])
        #expect(flags?.first?.message.contains("1 working days") == true)
    }

    @Test func theDefaultCalendarKeepsHolidaysAndMakeUpWorkingDays() {
        let policy = Policy.standard
        func day(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }
        #expect(!policy.isWorkingDay(day(2024, 10, 7)))  // 国庆
        #expect(policy.isWorkingDay(day(2024, 9, 29)))  // a Sunday worked (调休)
        #expect(policy.isWorkingDay(day(2024, 10, 12)))  // a Saturday worked
        #expect(!policy.isWorkingDay(day(2023, 1, 27)))  // 春节, a Friday
        #expect(policy.isWorkingDay(day(2023, 1, 28)))  // a Saturday worked
        #expect(!policy.isWorkingDay(day(2022, 12, 31)))  // 元旦 of 2023 starts the year before
        #expect(!policy.isWorkingDay(day(2026, 2, 23)))  // 春节 2026, a Monday
        #expect(policy.isWorkingDay(day(2026, 2, 28)))
        #expect(OfficialHolidayCalendar.years == 2012...2026)
        // No day is both off and worked, and every day worked is a weekend.
        #expect(OfficialHolidayCalendar.holidays.isDisjoint(with: OfficialHolidayCalendar.workingDays))
        #expect(OfficialHolidayCalendar.workingDays.allSatisfy { $0.weekday >= 6 })
    }

    @Test func anAgencyExtendsTheCalendarInItsPolicyFile() throws {
        let policy = try Policy(json: Array(#"{"holidays": ["2027-01-01"], "working_weekends": ["2027-02-06"]}"#.utf8))
        #expect(!policy.isWorkingDay(CivilDate(year: 2027, month: 1, day: 1)!))
        #expect(policy.isWorkingDay(CivilDate(year: 2027, month: 2, day: 6)!))
        #expect(!policy.isWorkingDay(CivilDate(year: 2024, month: 10, day: 1)!), "the official table stays")
    }
}
