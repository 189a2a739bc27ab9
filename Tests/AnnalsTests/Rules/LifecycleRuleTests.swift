import Annals
import Testing

@Suite struct LifecycleRuleTests {
    @Test func aSecondSchedulingOfTheSameStreamIsRejected() {
        MeetingHistory.scheduled().expectRejected(Sample.scheduled(), at: Sample.time(8, 0), .meetingFirstEvent, field: "type")
    }

    @Test func schedulingAsTheFirstEventIsAccepted() {
        MeetingHistory().expectAccepted(Sample.scheduled(), at: MeetingHistory.scheduledAt)
    }

    @Test func anEventBeforeTheMeetingIsScheduledIsRejected() {
        MeetingHistory().expectRejected(MeetingNotified(channels: ["OA"]), at: MeetingHistory.noticeAt, .meetingNotScheduled)
    }

    @Test func aMeetingEndingBeforeItStartsIsRejected() {
        MeetingHistory().expectRejected(
            Sample.scheduled(starts: Sample.time(11, 30), ends: Sample.time(9, 30)), at: MeetingHistory.scheduledAt,
            .meetingEndBeforeStart, field: "data.ends_at")
    }

    @Test func anAdHocMeetingWithoutApproverIsRejected() {
        MeetingHistory().expectRejected(
            Sample.scheduled(planned: false), at: MeetingHistory.scheduledAt, .meetingAdHocNeedsApprover, field: "data.approved_by")
    }

    @Test func anAdHocMeetingWithApproverIsAccepted() {
        MeetingHistory().expectAccepted(Sample.scheduled(planned: false, approvedBy: "P001"), at: MeetingHistory.scheduledAt)
    }

    @Test func invitingThePersonTwiceIsRejected() {
        var meeting = Sample.scheduled()
        meeting.participants.append(Sample.liQiang)
        MeetingHistory().expectRejected(meeting, at: MeetingHistory.scheduledAt, .meetingDuplicateParticipant, field: "data.participants[5].person")
    }

    @Test func reschedulingAfterTheMeetingResolvedIsRejected() {
        MeetingHistory.resolved().expectRejected(
            MeetingRescheduled(startsAt: Sample.time(14, 0), endsAt: Sample.time(16, 0), reason: "补充议题"), at: Sample.time(11, 25),
            .meetingChangeAfterResolved)
    }

    @Test func reschedulingBeforeTheMeetingIsAccepted() {
        MeetingHistory.notified().expectAccepted(
            MeetingRescheduled(startsAt: Sample.time(14, 0), endsAt: Sample.time(16, 0), location: "五楼小会议室", reason: "主任上午参加市政府常务会议"),
            at: MeetingHistory.noticeAt)
    }

    @Test func reschedulingToEndBeforeTheStartIsRejected() {
        MeetingHistory.notified().expectRejected(
            MeetingRescheduled(startsAt: Sample.time(16, 0), endsAt: Sample.time(14, 0), reason: "调整"), at: MeetingHistory.noticeAt,
            .meetingEndBeforeStart)
    }

    @Test func cancellingAfterTheMeetingResolvedIsRejected() {
        MeetingHistory.resolved().expectRejected(MeetingCancelled(reason: "误操作"), at: Sample.time(11, 40), .meetingChangeAfterResolved)
    }

    @Test func cancellingBeforeTheMeetingIsAccepted() {
        MeetingHistory.notified().expectAccepted(MeetingCancelled(reason: "主持人临时出差"), at: MeetingHistory.noticeAt)
    }

    @Test func signingInToACancelledMeetingIsRejected() {
        var history = MeetingHistory.notified()
        history.record(MeetingCancelled(reason: "主持人临时出差"), at: MeetingHistory.noticeAt)
        history.expectRejected(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 20), .meetingCancelled)
    }

    @Test func archivingACancelledMeetingIsAccepted() {
        var history = MeetingHistory.notified()
        history.record(MeetingCancelled(reason: "主持人临时出差"), at: MeetingHistory.noticeAt)
        history.expectAccepted(MeetingArchived(documents: [FiledDocument(title: "会议通知", kind: .notice)]), at: MeetingHistory.archivedAt)
    }

    @Test func anArchivedMeetingIsFrozen() {
        MeetingHistory.archived().expectRejected(
            MinutesRecorded(item: "1", speaker: "P002", summary: "补充发言"), at: MeetingHistory.archivedAt, .archiveFrozen, field: "type")
    }

    @Test func followUpOnAnArchivedMeetingIsAccepted() {
        MeetingHistory.archived().expectAccepted(DecisionProgress(decision: "D1", status: .done, note: "已全部报送"), at: MeetingHistory.archivedAt)
    }

    @Test func archivingTwiceIsRejected() {
        MeetingHistory.archived().expectRejected(MeetingArchived(documents: []), at: MeetingHistory.archivedAt, .archiveAlreadyArchived)
    }

    @Test func custodyBeforeArchivingIsRejected() {
        MeetingHistory.minutesApproved().expectRejected(
            HoldPlaced(reason: "审计", authority: "市审计局"), at: MeetingHistory.archivedAt, .archiveNotArchived)
    }

    /// A classified meeting is read (and the read recorded) before it is filed too.
    @Test func aReadIsRecordedBeforeFilingAndAfterCancelling() {
        MeetingHistory.started().expectAccepted(ArchiveAccessed(reader: "P0001", purpose: "督查"), at: Sample.time(10, 0))
        var cancelled = MeetingHistory.scheduled()
        cancelled.record(MeetingCancelled(reason: "主任出差"), at: Sample.time(8, 0))
        cancelled.expectAccepted(ArchiveAccessed(reader: "P0001", purpose: "督查"), at: Sample.time(10, 0))
        cancelled.expectRejected(HoldPlaced(reason: "审计", authority: "市审计局"), at: Sample.time(10, 0), .archiveNotArchived)
    }

    @Test func custodyAfterArchivingIsAccepted() {
        MeetingHistory.archived().expectAccepted(HoldPlaced(reason: "审计", authority: "市审计局"), at: MeetingHistory.archivedAt)
    }

    @Test func aDestroyedRecordTakesOnlyTheReadOfItsRegisterEntry() {
        var history = MeetingHistory.approvedForDestruction()
        history.record(ArchiveDestroyed(batch: "XH-2034-01", witnesses: ["P014", "P015"], method: "粉碎", place: "档案室"), at: MeetingHistory.destructionAt)
        // Its register entry (title, class) is read as its content was: recorded.
        history.expectAccepted(ArchiveAccessed(reader: "P010", purpose: "register"), at: MeetingHistory.destructionAt)
        history.expectRejected(
            HoldPlaced(reason: "审计", authority: "市审计局"), at: MeetingHistory.destructionAt, .recordDestroyed)
        history.expectRejected(
            ArchiveInspected(inspector: "P010", result: "完好"), at: MeetingHistory.destructionAt, .recordDestroyed)
    }

    @Test func aReadOfAnArchivedRecordIsAccepted() {
        MeetingHistory.approvedForDestruction().expectAccepted(ArchiveAccessed(reader: "P010", purpose: "审计"), at: MeetingHistory.destructionAt)
    }
}
