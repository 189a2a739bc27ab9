import Annals
import Testing

/// One destruction, different people at each step (issue 11): who appraised it does
/// not approve it, and the witnesses (监销人) are neither; a record of 秘密 or above
/// is destroyed only by a method and in a place the policy lists.
@Suite struct SeparationOfDutiesRuleTests {
    static let approvalAt = ZonedTime(CivilDate(year: 2034, month: 4, day: 1)!, 10, 0)

    @Test func anAppraiserApprovingTheDestructionIsRejected() {
        MeetingHistory.appraisedForDestruction().expectRejected(
            DestructionApproved(batch: "XH-2034-01", approvers: ["P011", "P013"]), at: Self.approvalAt,
            .destructionApproverIsAppraiser, field: "data.approvers[0]")
    }

    @Test func anAppraiserWitnessingTheDestructionIsRejected() {
        MeetingHistory.approvedForDestruction().expectRejected(
            ArchiveDestroyed(batch: "XH-2034-01", witnesses: ["P012", "P015"], method: "粉碎", place: "档案室销毁间"),
            at: MeetingHistory.destructionAt, .destructionWitnessNotIndependent, field: "data.witnesses[0]")
    }

    @Test func anApproverWitnessingTheDestructionIsRejected() {
        MeetingHistory.approvedForDestruction().expectRejected(
            ArchiveDestroyed(batch: "XH-2034-01", witnesses: ["P014", "P013"], method: "粉碎", place: "档案室销毁间"),
            at: MeetingHistory.destructionAt, .destructionWitnessNotIndependent, field: "data.witnesses[1]")
    }

    /// A 秘密 科务会 of 2023, filed D10, appraised and approved for destruction in 2034.
    static func classifiedApproved() -> MeetingHistory {
        var history = MeetingHistory()
        history.record(Sample.scheduled(kind: "科务会", classification: .confidential), at: MeetingHistory.scheduledAt)
        history.record(ParticipantSignedIn(person: "P001", signedBy: "P001"), at: Sample.time(9, 25))
        history.record(MinutesDrafted(drafter: "P004"), at: Sample.time(16, 30))
        history.record(MinutesApproved(approvedBy: "P001"), at: ZonedTime(MeetingHistory.tuesday, 10, 0))
        history.record(MeetingArchived(year: 2023, retention: .tenYears, documents: []), at: MeetingHistory.archivedAt)
        history.record(RetentionAppraised(outcome: .destroy, appraisers: ["P011", "P012"]), at: MeetingHistory.afterExpiry)
        history.record(DestructionApproved(batch: "XH-2034-02", approvers: ["P001", "P013"]), at: Self.approvalAt)
        return history
    }

    @Test func aClassifiedRecordThrownAwayIsRejected() {
        Self.classifiedApproved().expectRejected(
            ArchiveDestroyed(batch: "XH-2034-02", witnesses: ["P014", "P015"], method: "扔进垃圾桶", place: "市保密局涉密载体销毁中心"),
            at: MeetingHistory.destructionAt, .destructionClassifiedMethod, field: "data.method")
    }

    @Test func aClassifiedRecordShreddedOutsideADesignatedPlaceIsRejected() {
        Self.classifiedApproved().expectRejected(
            ArchiveDestroyed(batch: "XH-2034-02", witnesses: ["P014", "P015"], method: "粉碎", place: "办公室"),
            at: MeetingHistory.destructionAt, .destructionClassifiedPlace, field: "data.place")
    }

    @Test func aClassifiedRecordShreddedInADesignatedPlaceIsAccepted() {
        Self.classifiedApproved().expectAccepted(
            ArchiveDestroyed(batch: "XH-2034-02", witnesses: ["P014", "P015"], method: "粉碎", place: "市保密局涉密载体销毁中心"),
            at: MeetingHistory.destructionAt)
    }

    @Test func anInternalRecordMayBeShreddedInTheArchivesOwnRoom() {
        MeetingHistory.approvedForDestruction().expectAccepted(
            ArchiveDestroyed(batch: "XH-2034-01", witnesses: ["P014", "P015"], method: "粉碎", place: "档案室销毁间"),
            at: MeetingHistory.destructionAt)
    }
}
