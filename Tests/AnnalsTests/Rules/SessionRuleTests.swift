import Annals
import Testing

@Suite struct SessionRuleTests {
    @Test func anItemWithAnExistingNumberIsRejected() {
        MeetingHistory.started().expectRejected(
            AgendaItemAdded(item: "2", title: "春节期间值班安排总结"), at: Sample.time(9, 40), .agendaDuplicateItem, field: "data.item")
    }

    @Test func anItemAddedInSessionIsAccepted() {
        var history = MeetingHistory.started()
        history.record(AgendaItemAdded(item: "3", title: "春节期间值班安排总结", presenter: "BGS"), at: Sample.time(9, 40))
        #expect(history.state.addedItems == ["3"])
        #expect(history.state.agenda.count == 3)
    }

    @Test func aPlanWithARepeatedItemIsRejected() {
        var meeting = Sample.scheduled()
        meeting.agenda.append(AgendaItem(item: "1", title: "重复"))
        MeetingHistory().expectRejected(meeting, at: MeetingHistory.scheduledAt, .agendaDuplicateItem, field: "data.agenda[2].item")
    }

    @Test func aSpeechOnAnItemNotOnTheAgendaIsRejected() {
        MeetingHistory.started().expectRejected(
            MinutesRecorded(item: "9", speaker: "P002", summary: "建议压减会议数量"), at: Sample.time(9, 50), .speechUnknownItem)
    }

    @Test func aSpeechByAGuestIsAcceptedAndMarked() {
        var history = MeetingHistory.started()
        history.record(MinutesRecorded(item: "1", speaker: "P020", summary: "财政局介绍预算绩效评价要求", dissent: false), at: Sample.time(9, 50))
        #expect(history.state.speeches.last?.isGuest == true)
    }

    @Test func aSpeechBeforeTheStartIsRejected() {
        MeetingHistory.started().expectRejected(
            MinutesRecorded(item: "1", speaker: "P002", summary: "会前交流"), at: Sample.time(9, 0), .speechBeforeStart, field: "at")
    }
}
