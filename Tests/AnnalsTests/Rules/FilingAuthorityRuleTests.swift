import Annals
import Testing

/// The filing's class elements can no longer shorten a record's life (issue 11):
/// the archive year is the meeting's, the fonds the archive's own, the category a
/// known code, and the retention table a floor that only an approved exception
/// lowers.
@Suite struct FilingAuthorityRuleTests {
    static let filedAt = MeetingHistory.archivedAt
    static let minutes = [FiledDocument(title: "会议纪要", kind: .minutes, digest: Sample.digest)]

    static func approved(kind: String = "科务会", policy: Policy = MeetingHistory.policy) -> MeetingHistory {
        var history = MeetingHistory(policy: policy)
        history.record(Sample.scheduled(kind: kind), at: MeetingHistory.scheduledAt)
        history.record(MeetingNotified(channels: ["OA"]), at: MeetingHistory.noticeAt)
        history.record(ParticipantSignedIn(person: "P001", signedBy: "P001"), at: Sample.time(9, 25))
        history.record(MinutesDrafted(drafter: "P004"), at: Sample.time(16, 30))
        history.record(MinutesApproved(approvedBy: "P001"), at: ZonedTime(MeetingHistory.tuesday, 10, 0))
        return history
    }

    @Test func anArchiveYearOtherThanTheMeetingsIsRejected() {
        for year in [1900, 2022, 2024] {
            Self.approved().expectRejected(
                MeetingArchived(year: year, retention: .tenYears, documents: Self.minutes), at: Self.filedAt, .archiveWrongYear, field: "data.year")
        }
    }

    @Test func theFilingsYearIsTheRuleWhenThePolicySaysSo() {
        var policy = MeetingHistory.policy
        policy.archiveYearFrom = .filing
        Self.approved(policy: policy).expectAccepted(MeetingArchived(year: 2024, retention: .tenYears, documents: Self.minutes), at: Self.filedAt)
        Self.approved(policy: policy).expectRejected(
            MeetingArchived(year: 2023, retention: .tenYears, documents: Self.minutes), at: Self.filedAt, .archiveWrongYear)
    }

    @Test func anotherArchivesFondsIsRejected() {
        Self.approved().expectRejected(
            MeetingArchived(fonds: "Z110", year: 2023, retention: .tenYears, documents: Self.minutes), at: Self.filedAt,
            .archiveForeignFonds, field: "data.fonds")
    }

    @Test func anUnknownCategoryCodeIsRejected() {
        Self.approved().expectRejected(
            MeetingArchived(category: "XX", year: 2023, retention: .tenYears, documents: Self.minutes), at: Self.filedAt,
            .archiveInvalidCategory, field: "data.category")
    }

    @Test func filingBelowTheRetentionTableIsRejected() {
        // A 主任办公会 is permanent (Y) by the table.
        Self.approved(kind: "主任办公会").expectRejected(
            MeetingArchived(year: 2023, retention: .tenYears, documents: Self.minutes), at: Self.filedAt,
            .archiveBelowRetentionFloor, field: "data.retention")
    }

    @Test func filingBelowTheTableAfterAnApprovedExceptionIsAccepted() {
        var history = Self.approved(kind: "主任办公会")
        history.record(RetentionException(retention: .tenYears, reason: "会议仅通报一般性事项，经主任审批按定期10年保管", approvedBy: "P001"), at: Self.filedAt)
        history.expectAccepted(MeetingArchived(year: 2023, retention: .tenYears, documents: Self.minutes), at: Self.filedAt)
        // The exception allows what it says, no less.
        var shorter = Self.approved(kind: "主任办公会")
        shorter.record(RetentionException(retention: .thirtyYears, reason: "经主任审批按定期30年保管", approvedBy: "P001"), at: Self.filedAt)
        shorter.expectRejected(MeetingArchived(year: 2023, retention: .tenYears, documents: Self.minutes), at: Self.filedAt, .archiveBelowRetentionFloor)
    }

    @Test func anExceptionApprovedBySomeoneThePolicyDoesNotAuthorizeIsRejected() {
        Self.approved(kind: "主任办公会").expectRejected(
            RetentionException(retention: .tenYears, reason: "一般性事项", approvedBy: "P004"), at: Self.filedAt,
            .retentionExceptionApproverNotAllowed, field: "data.approved_by")
    }

    @Test func anExceptionWithoutAReasonIsRejected() {
        Self.approved(kind: "主任办公会").expectRejected(
            RetentionException(retention: .tenYears, reason: "", approvedBy: "P001"), at: Self.filedAt,
            .retentionExceptionNeedsReason, field: "data.reason")
    }

    @Test func aKindTheTableDoesNotNameNeedsItsRetentionGiven() {
        Self.approved(kind: "专题会议").expectRejected(
            MeetingArchived(year: 2023, documents: Self.minutes), at: Self.filedAt, .archiveNeedsRetention, field: "data.retention")
        Self.approved(kind: "专题会议").expectAccepted(MeetingArchived(year: 2023, retention: .thirtyYears, documents: Self.minutes), at: Self.filedAt)
    }

    /// The policy is versioned: a table raised from 2025 judges filings from 2025 on
    /// and leaves what was filed before as it was.
    @Test func eachFilingIsJudgedByTheTableInForceOnItsDay() {
        var policy = MeetingHistory.policy
        policy.revise(effective: CivilDate(year: 2025, month: 1, day: 1)!) { $0.retentionByKind["科务会"] = .thirtyYears }
        let before = ZonedTime(CivilDate(year: 2024, month: 12, day: 31)!, 10, 0)
        let after = ZonedTime(CivilDate(year: 2025, month: 1, day: 2)!, 10, 0)
        let filing = MeetingArchived(year: 2023, retention: .tenYears, documents: Self.minutes)
        Self.approved(policy: policy).expectAccepted(filing, at: before)
        Self.approved(policy: policy).expectRejected(filing, at: after, .archiveBelowRetentionFloor)
        #expect(policy.inForce(on: CivilDate(year: 2024, month: 6, day: 1)!).retention(for: "科务会") == .tenYears)
    }

    @Test func aLaterPolicyVersionNeverChangesAnEarlierFlag() {
        var policy = MeetingHistory.policy
        policy.revise(effective: CivilDate(year: 2024, month: 1, day: 1)!) { $0.defaultNoticeLeadDays = 5 }
        // Three working days ahead in 2023: on time under the 2023 version.
        let admission = MeetingHistory.scheduled(policy: policy).expectAccepted(MeetingNotified(channels: ["OA"]), at: MeetingHistory.noticeAt)
        #expect(admission?.flags == [])
    }
}
