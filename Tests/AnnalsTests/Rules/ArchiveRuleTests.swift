import Annals
import Testing

@Suite struct ArchiveRuleTests {
    let documents = [FiledDocument(title: "会议纪要", kind: .minutes, digest: Sample.digest)]

    @Test func archivingBeforeTheMinutesAreApprovedIsRejected() {
        MeetingHistory.resolved().expectRejected(MeetingArchived(documents: documents), at: MeetingHistory.archivedAt, .archiveMinutesNotApproved)
    }

    @Test func archivingFillsTheClassElementsFromThePolicy() {
        let admission = MeetingHistory.minutesApproved().expectAccepted(MeetingArchived(documents: documents), at: MeetingHistory.archivedAt)
        guard case .meetingArchived(let filed) = admission?.event.data else {
            Issue.record("not archived")
            return
        }
        // 主任办公会 are kept permanently (DOMAIN.md); the meeting was in 2023.
        #expect(filed == MeetingArchived(fonds: "Z109", category: "WS", year: 2023, retention: .permanent, organization: "BGS", documents: documents))
    }

    @Test func archivingWithoutAFondsIsRejected() {
        var history = MeetingHistory.scheduled(policy: Policy())
        history.record(MinutesDrafted(drafter: "P004"), at: Sample.time(16, 30))
        history.record(MinutesApproved(approvedBy: "P001"), at: Sample.time(17, 0))
        history.expectRejected(MeetingArchived(documents: documents), at: MeetingHistory.archivedAt, .archiveNeedsFonds, field: "data.fonds")
    }

    @Test func aMalformedFondsIsRejected() {
        MeetingHistory.minutesApproved().expectRejected(
            MeetingArchived(fonds: "109", documents: documents), at: MeetingHistory.archivedAt, .archiveInvalidFonds)
    }

    @Test func aMalformedYearIsRejected() {
        MeetingHistory.minutesApproved().expectRejected(
            MeetingArchived(year: 23, documents: documents), at: MeetingHistory.archivedAt, .archiveInvalidYear, field: "data.year")
    }

    @Test func releasingWithoutAHoldIsRejected() {
        MeetingHistory.archived().expectRejected(HoldReleased(reason: "审计办结", authority: "市审计局"), at: MeetingHistory.afterExpiry, .holdNotHeld)
    }

    @Test func releasingAHoldIsAccepted() {
        var history = MeetingHistory.archived()
        history.record(HoldPlaced(reason: "涉及审计事项", authority: "市审计局"), at: MeetingHistory.archivedAt)
        history.record(HoldReleased(reason: "审计办结", authority: "市审计局"), at: MeetingHistory.afterExpiry)
        #expect(!history.state.isHeld)
    }
}
