import Annals
import Testing

@Suite struct DestructionRuleTests {
    static let approvalAt = ZonedTime(CivilDate(year: 2034, month: 4, day: 1)!, 10, 0)
    let approval = DestructionApproved(batch: "XH-2034-01", approvers: ["P001", "P013"])
    let destruction = ArchiveDestroyed(batch: "XH-2034-01", witnesses: ["P014", "P015"], method: "粉碎", place: "档案室销毁间")

    @Test func approvingDestructionOfAPermanentRecordIsRejected() {
        MeetingHistory.archived(retention: .permanent).expectRejected(approval, at: Self.approvalAt, .destructionPermanent)
    }

    @Test func approvingDestructionOfAnAppraisedExpiredRecordIsAccepted() {
        MeetingHistory.appraisedForDestruction().expectAccepted(approval, at: Self.approvalAt)
    }

    @Test func approvingDestructionOfAHeldRecordIsRejected() {
        var history = MeetingHistory.appraisedForDestruction()
        history.record(HoldPlaced(reason: "涉及信访复查", authority: "市信访局"), at: MeetingHistory.afterExpiry)
        history.expectRejected(approval, at: Self.approvalAt, .destructionHeld)
    }

    @Test func approvingDestructionWithoutAppraisalIsRejected() {
        MeetingHistory.archived().expectRejected(approval, at: Self.approvalAt, .destructionNotAppraised)
    }

    @Test func approvingDestructionAfterAKeepAppraisalIsRejected() {
        var history = MeetingHistory.appraisedForDestruction()
        history.record(RetentionAppraised(outcome: .keep, appraisers: ["P012"]), at: MeetingHistory.afterExpiry)
        history.expectRejected(approval, at: Self.approvalAt, .destructionNotAppraised)
    }

    @Test func approvingDestructionBeforeExpiryIsRejected() {
        // Extended to D30 after a destroy appraisal: the new class has not expired.
        var history = MeetingHistory.appraisedForDestruction()
        history.record(RetentionAppraised(outcome: .extend, retention: .thirtyYears, appraisers: ["P012"]), at: MeetingHistory.afterExpiry)
        history.expectRejected(approval, at: Self.approvalAt, .destructionNotAppraised)
        var early = MeetingHistory.archived()
        early.record(RetentionAppraised(outcome: .destroy, appraisers: ["P011"]), at: MeetingHistory.afterExpiry)
        early.expectRejected(approval, at: MeetingHistory.beforeExpiry, .destructionNotExpired, field: "at")
    }

    @Test func approvalByOnePersonIsRejected() {
        MeetingHistory.appraisedForDestruction().expectRejected(
            DestructionApproved(batch: "XH-2034-01", approvers: ["P001", "P001"]), at: Self.approvalAt,
            .destructionNeedsTwoApprovers, field: "data.approvers")
    }

    @Test func destroyingWithoutApprovalIsRejected() {
        MeetingHistory.appraisedForDestruction().expectRejected(destruction, at: MeetingHistory.destructionAt, .destructionNotApproved)
    }

    @Test func destroyingAnApprovedRecordWithTwoWitnessesIsAccepted() {
        var history = MeetingHistory.approvedForDestruction()
        history.record(destruction, at: MeetingHistory.destructionAt)
        #expect(history.state.isDestroyed)
    }

    @Test func destroyingUnderAnotherBatchIsRejected() {
        MeetingHistory.approvedForDestruction().expectRejected(
            ArchiveDestroyed(batch: "XH-2034-02", witnesses: ["P014", "P015"], method: "粉碎", place: "档案室"),
            at: MeetingHistory.destructionAt, .destructionBatchMismatch, field: "data.batch")
    }

    @Test func destroyingWithOneWitnessIsRejected() {
        MeetingHistory.approvedForDestruction().expectRejected(
            ArchiveDestroyed(batch: "XH-2034-01", witnesses: ["P011"], method: "粉碎", place: "档案室"),
            at: MeetingHistory.destructionAt, .destructionNeedsTwoWitnesses, field: "data.witnesses")
    }

    @Test func destroyingARecordHeldAfterApprovalIsRejected() {
        var history = MeetingHistory.approvedForDestruction()
        history.record(HoldPlaced(reason: "诉讼保全", authority: "市中级人民法院"), at: MeetingHistory.destructionAt)
        history.expectRejected(destruction, at: MeetingHistory.destructionAt, .destructionHeld)
    }
}
