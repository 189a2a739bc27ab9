import Annals
import Testing

@Suite struct DecisionRuleTests {
    func decision(
        _ id: String = "D2", item: String = "2", responsible: [String] = ["BGS"],
        deadline: CivilDate? = CivilDate(year: 2023, month: 4, day: 30)
    ) -> MeetingResolved {
        MeetingResolved(decisions: [Resolution(decision: id, item: item, text: "办公用房调整方案报局党组审定", responsible: responsible, deadline: deadline)])
    }

    @Test func resolvingBeforeTheStartIsRejected() {
        MeetingHistory.notified().expectRejected(decision(), at: Sample.time(9, 0), .resolveBeforeStart, field: "at")
    }

    @Test func resolvingInSessionIsAccepted() {
        MeetingHistory.started().expectAccepted(decision(), at: Sample.time(11, 0))
    }

    @Test func resolvingNothingIsRejected() {
        MeetingHistory.started().expectRejected(MeetingResolved(decisions: []), at: Sample.time(11, 0), .resolveNoDecisions)
    }

    @Test func aDecisionWithoutDepartmentIsRejected() {
        MeetingHistory.started().expectRejected(
            decision(responsible: []), at: Sample.time(11, 0), .decisionNeedsDepartment, field: "data.decisions[0].responsible")
    }

    @Test func aDecisionWithoutDeadlineIsRejected() {
        MeetingHistory.started().expectRejected(
            decision(deadline: nil), at: Sample.time(11, 0), .decisionNeedsDeadline, field: "data.decisions[0].deadline")
    }

    @Test func aDeadlineBeforeTheMeetingIsRejected() {
        MeetingHistory.started().expectRejected(
            decision(deadline: CivilDate(year: 2023, month: 3, day: 1)), at: Sample.time(11, 0), .decisionDeadlineBeforeMeeting)
    }

    @Test func aRepeatedDecisionIdIsRejected() {
        MeetingHistory.resolved().expectRejected(decision("D1"), at: Sample.time(11, 25), .decisionDuplicateID, field: "data.decisions[0].decision")
        let twiceInOne = MeetingResolved(decisions: decision("D2").decisions + decision("D2").decisions)
        MeetingHistory.started().expectRejected(twiceInOne, at: Sample.time(11, 0), .decisionDuplicateID, field: "data.decisions[1].decision")
    }

    @Test func aDecisionOnAnItemNotOnTheAgendaIsRejected() {
        MeetingHistory.started().expectRejected(decision(item: "7"), at: Sample.time(11, 0), .decisionUnknownItem)
    }

    @Test func progressOnAnUnknownDecisionIsRejected() {
        MeetingHistory.resolved().expectRejected(
            DecisionProgress(decision: "D9", status: .done), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 20)!, 17, 0),
            .decisionUnknown, field: "data.decision")
    }

    @Test func progressOnAnExistingDecisionIsAccepted() {
        var history = MeetingHistory.resolved()
        history.record(DecisionProgress(decision: "D1", status: .done, note: "已全部报送"), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 30)!, 17, 0))
        #expect(history.state.decision("D1")?.status == .done)
        #expect(history.state.decision("D1")?.isOverdue(on: CivilDate(year: 2023, month: 4, day: 10)!) == false)
    }

    @Test func progressAfterDoneIsRejected() {
        var history = MeetingHistory.resolved()
        history.record(DecisionProgress(decision: "D1", status: .done), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 30)!, 17, 0))
        history.expectRejected(
            DecisionProgress(decision: "D1", status: .inProgress), at: ZonedTime(CivilDate(year: 2023, month: 4, day: 3)!, 9, 0), .decisionAlreadyDone)
    }

    @Test func anUnfinishedDecisionPastItsDeadlineIsOverdue() {
        let state = MeetingHistory.resolved().state
        #expect(state.decision("D1")?.isOverdue(on: CivilDate(year: 2023, month: 4, day: 1)!) == true)
        #expect(state.decision("D1")?.isOverdue(on: CivilDate(year: 2023, month: 3, day: 31)!) == false)
    }
}
