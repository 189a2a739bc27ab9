import Testing

@testable import Annals

/// 督办: a decision's lead (牵头) and supporting (配合) departments and person (责任人),
/// its extensions (延期, `decision.extended`) and its closing (销号, `decision.closed`).
/// The tests' policy: 王芳 (P001) and P009 lead; 李强 (P002) heads BGS, 赵磊 (P005) CWK.
@Suite struct DecisionFollowUpRuleTests {
    static func day(_ month: Int, _ day: Int, _ hour: Int = 10) -> ZonedTime {
        ZonedTime(CivilDate(year: 2023, month: month, day: day)!, hour, 0)
    }

    /// D1 of the sample meeting, led by CWK with BGS supporting, due 2023-03-31.
    static func resolved(lead: String? = "CWK", person: String? = "P005") -> MeetingHistory {
        var history = MeetingHistory.started()
        history.record(
            MeetingResolved(decisions: [Resolution(
                decision: "D1", item: "1", text: "各科室于3月底前报送支出进度计划", responsible: ["BGS", "CWK"],
                deadline: CivilDate(year: 2023, month: 3, day: 31)!, lead: lead, person: person)]),
            at: Sample.time(11, 20))
        return history
    }

    static let extension1 = DecisionExtended(
        decision: "D1", deadline: CivilDate(year: 2023, month: 4, day: 14)!, reason: "需等待市财政局批复，申请延期", approvedBy: "P005")

    @Test func theNamedLeadLeadsAndTheOtherDepartmentsSupport() {
        let decision = Self.resolved().state.decision("D1")!
        #expect(decision.lead == "CWK")
        #expect(decision.supporting == ["BGS"])
        #expect(decision.person == "P005")
    }

    @Test func withoutALeadTheFirstResponsibleDepartmentLeads() {
        let decision = Self.resolved(lead: nil, person: nil).state.decision("D1")!
        #expect(decision.lead == "BGS")
        #expect(decision.supporting == ["CWK"])
        #expect(decision.person == nil)
    }

    @Test func aLeadOutsideTheResponsibleDepartmentsIsRejected() {
        let resolution = Resolution(
            decision: "D2", item: "2", text: "办公用房调整方案报局党组审定", responsible: ["BGS"],
            deadline: CivilDate(year: 2023, month: 4, day: 30)!, lead: "ZHK")
        MeetingHistory.started().expectRejected(
            MeetingResolved(decisions: [resolution]), at: Sample.time(11, 0), .decisionLeadNotResponsible, field: "data.decisions[0].lead")
    }

    @Test func anEmptyResponsiblePersonIsRejected() {
        let resolution = Resolution(
            decision: "D2", item: "2", text: "办公用房调整方案报局党组审定", responsible: ["BGS"],
            deadline: CivilDate(year: 2023, month: 4, day: 30)!, person: "")
        MeetingHistory.started().expectRejected(
            MeetingResolved(decisions: [resolution]), at: Sample.time(11, 0), .decisionEmptyPerson, field: "data.decisions[0].person")
    }

    @Test func theLeadDepartmentsHeadExtendsTheDeadline() {
        var history = Self.resolved()
        history.record(Self.extension1, at: Self.day(3, 28))
        let decision = history.state.decision("D1")!
        #expect(decision.deadline == CivilDate(year: 2023, month: 3, day: 31))
        #expect(decision.currentDeadline == CivilDate(year: 2023, month: 4, day: 14))
        #expect(decision.extensions.map(\.from) == [CivilDate(year: 2023, month: 3, day: 31)])
        // Not overdue on 4 April any more; overdue after the new deadline.
        #expect(!decision.isOverdue(on: CivilDate(year: 2023, month: 4, day: 4)!))
        #expect(decision.isOverdue(on: CivilDate(year: 2023, month: 4, day: 17)!))
    }

    @Test func aLeaderMayApproveAnExtensionButASupportingDepartmentsHeadMayNot() {
        var byLeader = Self.extension1
        byLeader.approvedBy = "P009"
        Self.resolved().expectAccepted(byLeader, at: Self.day(3, 28))
        var bySupporting = Self.extension1
        bySupporting.approvedBy = "P002"
        Self.resolved().expectRejected(bySupporting, at: Self.day(3, 28), .extensionApproverNotAllowed, field: "data.approved_by")
    }

    @Test func anExtensionMustMoveTheDeadlineLater() {
        var same = Self.extension1
        same.deadline = CivilDate(year: 2023, month: 3, day: 31)!
        Self.resolved().expectRejected(same, at: Self.day(3, 28), .extensionNotLater, field: "data.deadline")
        var history = Self.resolved()
        history.record(Self.extension1, at: Self.day(3, 28))
        var earlier = Self.extension1
        earlier.deadline = CivilDate(year: 2023, month: 4, day: 10)!
        history.expectRejected(earlier, at: Self.day(4, 3), .extensionNotLater, field: "data.deadline")
    }

    @Test func anExtensionNeedsAReason() {
        var blank = Self.extension1
        blank.reason = "  "
        Self.resolved().expectRejected(blank, at: Self.day(3, 28), .extensionNeedsReason, field: "data.reason")
    }

    @Test func anExtensionBeforeTheMeetingIsRejected() {
        Self.resolved().expectRejected(Self.extension1, at: Self.day(3, 6, 9), .decisionProgressBeforeDecision, field: "at")
    }

    @Test func aDoneDecisionIsNotExtended() {
        var history = Self.resolved()
        history.record(DecisionProgress(decision: "D1", status: .done, note: "已全部报送"), at: Self.day(3, 30))
        history.expectRejected(Self.extension1, at: Self.day(3, 31), .decisionAlreadyDone, field: "data.decision")
    }

    @Test func closingNeedsTheDecisionDoneAndThenEndsItsFollowUp() {
        var history = Self.resolved()
        let close = DecisionClosed(decision: "D1", closedBy: "P002", note: "经核实已办结，予以销号")
        history.expectRejected(close, at: Self.day(3, 29), .closeNotDone, field: "data.decision")
        history.record(DecisionProgress(decision: "D1", status: .done, note: "已全部报送"), at: Self.day(3, 30))
        history.record(close, at: Self.day(4, 3))
        #expect(history.state.decision("D1")?.closing?.closedBy == "P002")
        history.expectRejected(close, at: Self.day(4, 4), .decisionAlreadyClosed, field: "data.decision")
        history.expectRejected(
            DecisionProgress(decision: "D1", status: .inProgress), at: Self.day(4, 4), .decisionAlreadyClosed, field: "data.decision")
    }

    @Test func aClosingNamesWhoClosed() {
        var history = Self.resolved()
        history.record(DecisionProgress(decision: "D1", status: .done), at: Self.day(3, 30))
        history.expectRejected(DecisionClosed(decision: "D1", closedBy: ""), at: Self.day(4, 3), .closeNeedsCloser, field: "data.closed_by")
    }

    @Test func extensionsAndClosingsAreAcceptedOnAnArchivedRecord() {
        var history = MeetingHistory.archived()
        history.record(Self.extension1, at: ZonedTime(CivilDate(year: 2024, month: 3, day: 20)!, 10, 0))
        history.record(DecisionProgress(decision: "D1", status: .done), at: ZonedTime(CivilDate(year: 2024, month: 3, day: 21)!, 10, 0))
        history.record(DecisionClosed(decision: "D1", closedBy: "P002"), at: ZonedTime(CivilDate(year: 2024, month: 3, day: 22)!, 10, 0))
        #expect(history.state.decision("D1")?.closing != nil)
    }
}
