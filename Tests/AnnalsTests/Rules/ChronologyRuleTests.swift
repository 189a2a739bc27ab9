import Annals
import Testing

/// A stream's chronology and the agency's clock (issue 11): nothing beyond the
/// policy's margin into the future, follow-up not before its decision, filing not
/// before the meeting, and days counted in the agency's time zone whatever offset
/// an event is written in.
@Suite struct ChronologyRuleTests {
    @Test func anEventDatedBeyondTheMarginIntoTheFutureIsRejected() {
        let future = ZonedTime(microseconds: MeetingHistory.now.microseconds + 2 * 86_400_000_000, offsetMinutes: 480)
        MeetingHistory.notified().expectRejected(NoticeAcknowledged(person: "P002"), at: future, .chronologyFuture, field: "at")
    }

    @Test func anEventWithinTheMarginIsAccepted() {
        let soon = ZonedTime(microseconds: MeetingHistory.now.microseconds + 3_600_000_000, offsetMinutes: 480)
        MeetingHistory.notified().expectAccepted(NoticeAcknowledged(person: "P002"), at: soon)
    }

    @Test func followUpDatedBeforeTheDecisionIsRejected() {
        MeetingHistory.resolved().expectRejected(
            DecisionProgress(decision: "D1", status: .done), at: Sample.time(11, 0), .decisionProgressBeforeDecision, field: "at")
    }

    @Test func filingDatedBeforeTheMeetingEndedIsRejected() {
        MeetingHistory.minutesApproved(Sample.scheduled(kind: "科务会")).expectRejected(
            MeetingArchived(year: 2023, retention: .tenYears, documents: []), at: Sample.time(11, 0), .archiveBeforeMeeting, field: "at")
    }

    /// 20:00 on Wednesday at -12:00 is 16:00 on Thursday in Beijing: two working days
    /// before Monday's meeting, not three. Written either way, the notice is late.
    @Test func noticeLatenessIsJudgedOnTheAgencysClockWhateverTheOffset() {
        let wednesdayEveningWest = ZonedTime(CivilDate(year: 2023, month: 3, day: 1)!, 20, 0, offsetMinutes: -720)
        let sameInstantInBeijing = wednesdayEveningWest.converted(toOffsetMinutes: 480)
        for at in [wednesdayEveningWest, sameInstantInBeijing] {
            let admission = MeetingHistory.scheduled().expectAccepted(MeetingNotified(channels: ["OA"]), at: at)
            #expect(admission?.flags.map(\.rule) == [.noticeLate], "written as \(at)")
        }
    }

    @Test func theAgencysTimeZoneComesFromThePolicy() throws {
        let policy = try Policy(json: Array(#"{"time_zone": "-05:00"}"#.utf8))
        #expect(policy.timeZoneMinutes == -300)
        #expect(policy.date(of: ZonedTime(CivilDate(year: 2023, month: 3, day: 2)!, 9, 0)) == CivilDate(year: 2023, month: 3, day: 1)!)
        #expect(throws: PolicyError.self) { try Policy(json: Array(#"{"time_zone": "+8"}"#.utf8)) }
    }
}
