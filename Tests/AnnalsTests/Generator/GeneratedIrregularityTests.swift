import Annals
import Testing

/// The generated data holds what auditors count (DOMAIN.md, "Counts that offices
/// keep"): each irregularity at least once, and none of them the rule.
@Suite struct GeneratedIrregularityTests {
    let history = GeneratedHistory.twoYears

    @Test func someArriveLate() {
        let late = history.flagged(.signInLate).count
        #expect(late > 0)
        #expect(late < history.count(.participantSignedIn) / 10)
    }

    @Test func someNoticesGoOutLate() {
        #expect(history.flagged(.noticeLate).count > 0)
        #expect(history.flagged(.noticeLate).count < history.count(.meetingNotified) / 5)
    }

    @Test func someMinutesAreDraftedLate() {
        #expect(history.flagged(.minutesLate).count > 0)
    }

    @Test func aSubstituteSignsInAsThemself() {
        let substitutes = history.states.values.flatMap { $0.signIns.values.filter { $0.substituteFor != nil } }
        #expect(!substitutes.isEmpty)
        #expect(substitutes.allSatisfy { $0.signedBy == $0.person })
    }

    @Test func nobodySignsForSomeoneElse() {
        for event in history.events {
            guard case .participantSignedIn(let s) = event.data else { continue }
            #expect(s.signedBy == s.person)
        }
    }

    @Test func someAreAbsentWithoutLeave() {
        let absent = history.states.values.filter { state in
            guard state.isArchived, !state.isCancelled else { return false }
            return state.invited.keys.contains { state.signIns[$0] == nil && state.leaves[$0] == nil }
        }
        #expect(!absent.isEmpty)
    }

    @Test func someLeaveEarly() {
        #expect(history.count(.participantLeftEarly) > 0)
    }

    @Test func someLeaveIsApprovedByTheChair() {
        for state in history.states.values {
            for leave in state.leaves.values { #expect(leave.approvedBy == state.meeting?.chair) }
        }
        #expect(history.count(.leaveApproved) > 0)
    }

    @Test func someDecisionsAreOverdue() {
        let end = CivilDate(year: 2025, month: 12, day: 31)!
        let decisions = history.states.values.flatMap(\.decisions)
        let overdue = decisions.filter { $0.isOverdue(on: end) }
        #expect(!overdue.isEmpty)
        #expect(overdue.count < decisions.count / 3)
        let late = decisions.filter { d in d.doneAt.map { $0.localDate > d.deadline! } ?? false }
        #expect(!late.isEmpty)
    }

    @Test func decisionsNameALeadAndAPersonAndSomeAreExtendedAndClosed() {
        let decisions = history.states.values.flatMap(\.decisions)
        #expect(decisions.allSatisfy { d in d.lead.map(d.responsible.contains) == true && d.person != nil })
        let extended = decisions.filter { !$0.extensions.isEmpty }
        #expect(!extended.isEmpty && extended.count < decisions.count / 5)
        #expect(extended.allSatisfy { d in d.extensions.allSatisfy { $0.deadline > ($0.from ?? $0.deadline) } })
        // An extension asked in time is met: those extended are done by the new deadline.
        #expect(extended.allSatisfy { d in d.doneAt.map { $0.localDate <= d.currentDeadline! } ?? false })
        let closed = decisions.filter { $0.closing != nil }
        #expect(!closed.isEmpty && closed.allSatisfy { $0.doneAt != nil && $0.closing!.at > $0.doneAt! })
        #expect(history.count(.decisionExtended) == extended.count && history.count(.decisionClosed) == closed.count)
    }

    @Test func someSpeakersDissent() {
        #expect(history.states.values.contains { $0.speeches.contains(where: \.dissent) })
    }

    @Test func guestsSpeakAtSymposia() {
        #expect(history.states.values.contains { $0.meeting?.kind == "座谈会" && $0.speeches.contains(where: \.isGuest) })
    }

    @Test func someMeetingsAreCancelledOrRescheduled() {
        #expect(history.count(.meetingCancelled) > 0)
        #expect(history.count(.meetingRescheduled) > 0)
    }

    @Test func classificationsAreMostlyInternal() {
        let levels = history.scheduled("主任办公会").map(\.classification) + history.scheduled("党组会议").map(\.classification)
        #expect(levels.contains(.confidential))
        #expect(levels.filter { $0 == .internal }.count > levels.count / 2)
        #expect(history.scheduled("系统工作会议").allSatisfy { $0.classification == .open })
    }

    @Test func titlesAndMinutesAreInChinese() {
        func isChinese(_ text: String) -> Bool { text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        for m in history.scheduled("主任办公会").prefix(20) {
            #expect(isChinese(m.title) && m.title.contains("次主任办公会"), "\(m.title)")
            #expect((2...6).contains(m.agenda.count))
            #expect(m.agenda.allSatisfy { isChinese($0.title) })
        }
        let speeches = history.states.values.flatMap(\.speeches)
        #expect(speeches.allSatisfy { isChinese($0.summary) })
    }
}
