import Annals
import Testing

@Suite struct RetentionRuleTests {
    @Test func anAppraisalWithoutAppraisersIsRejected() {
        MeetingHistory.archived().expectRejected(
            RetentionAppraised(outcome: .keep, appraisers: []), at: MeetingHistory.afterExpiry, .appraisalNeedsAppraisers)
    }

    @Test func anExtensionWithoutANewClassIsRejected() {
        MeetingHistory.archived().expectRejected(
            RetentionAppraised(outcome: .extend, appraisers: ["P011"]), at: MeetingHistory.afterExpiry,
            .appraisalExtendNeedsRetention, field: "data.retention")
    }

    @Test func anExtensionThatShortensIsRejected() {
        MeetingHistory.archived(retention: .thirtyYears).expectRejected(
            RetentionAppraised(outcome: .extend, retention: .tenYears, appraisers: ["P011"]), at: MeetingHistory.afterExpiry, .appraisalShortens)
        MeetingHistory.archived(retention: .thirtyYears).expectRejected(
            RetentionAppraised(outcome: .keep, retention: .tenYears, appraisers: ["P011"]), at: MeetingHistory.afterExpiry, .appraisalShortens)
    }

    @Test func anExtensionToALongerClassIsAccepted() {
        var history = MeetingHistory.archived()
        history.record(RetentionAppraised(outcome: .extend, retention: .thirtyYears, appraisers: ["P011", "P012"]), at: MeetingHistory.afterExpiry)
        #expect(history.state.retention == .thirtyYears)
    }

    @Test func appraisalForDestructionBeforeExpiryIsRejected() {
        MeetingHistory.archived().expectRejected(
            RetentionAppraised(outcome: .destroy, appraisers: ["P011"]), at: MeetingHistory.beforeExpiry, .appraisalDestroyBeforeExpiry)
    }

    @Test func appraisalForDestructionAtExpiryIsAccepted() {
        MeetingHistory.archived().expectAccepted(
            RetentionAppraised(outcome: .destroy, appraisers: ["P011"]), at: ZonedTime(CivilDate(year: 2034, month: 1, day: 1)!, 0, 0))
    }

    @Test func appraisalOfAPermanentRecordForDestructionIsRejected() {
        MeetingHistory.archived(retention: .permanent).expectRejected(
            RetentionAppraised(outcome: .destroy, appraisers: ["P011"]), at: MeetingHistory.afterExpiry, .destructionPermanent)
    }

    @Test func expiryCountsFromTheYearAfterTheArchiveYear() {
        let policy = Policy()
        #expect(policy.expiryDate(archiveYear: 2014, retention: .tenYears) == CivilDate(year: 2025, month: 1, day: 1))
        #expect(policy.expiryDate(archiveYear: 2014, retention: .permanent) == nil)
        #expect(Policy(retentionCountsFrom: .archiveYear).expiryDate(archiveYear: 2014, retention: .tenYears) == CivilDate(year: 2024, month: 1, day: 1))
    }
}
