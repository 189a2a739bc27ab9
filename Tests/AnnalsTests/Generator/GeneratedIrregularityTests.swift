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
        #expect(levels.contains(.secret))
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

/// Filing, custody and the yearly retention review.
@Suite struct GeneratedArchiveTests {
    @Test func everyMeetingWithApprovedMinutesIsFiledInTheFirstQuarter() {
        let history = GeneratedHistory.twoYears
        for state in history.states.values where state.minutes.isApproved {
            guard let archive = state.archive else {
                Issue.record("\(state.stream) was not archived")
                continue
            }
            let year = state.meeting!.startsAt.localDate.year
            #expect(archive.year == year)
            #expect(archive.at.localDate.year == year + 1 && archive.at.localDate.month <= 3)
            #expect(archive.fonds == "Z109" && archive.category == "WS")
            #expect(archive.retention == Policy.standard.retention(for: state.meeting!.kind))
            #expect(archive.documents.contains { $0.kind == .minutes && $0.digest != nil })
        }
    }

    @Test func custodyIsRecorded() {
        let history = GeneratedHistory.twoYears
        #expect(history.count(.archiveAccessed) > 0)
        #expect(history.count(.archiveInspected) > 0)
        #expect(history.count(.holdPlaced) > 0)
    }

    @Test func expiredTenYearRecordsAreAppraisedAndDestroyedBeforeTwoWitnesses() throws {
        let history = GeneratedHistory.toDestruction
        for (event, violation) in history.violations.prefix(10) {
            Issue.record("\(event.type) on \(event.stream) at \(event.at): \(violation)")
        }
        #expect(history.violations.isEmpty)
        let destroyed = history.states.values.filter(\.isDestroyed)
        #expect(!destroyed.isEmpty)
        for state in destroyed {
            let destruction = try #require(state.destruction)
            #expect(state.retention == .tenYears)
            #expect(state.lastAppraisal?.outcome == .destroy)
            #expect(Set(try #require(state.destructionApproval).approvers).count >= 2)
            #expect(Set(destruction.witnesses).count >= 2)
            #expect(["粉碎", "焚毁", "电子数据删除"].contains(destruction.method))
            #expect(destruction.batch.hasPrefix("XH-2026-"))
        }
        // Classified records go in their own batch, burnt at the secrecy bureau's centre.
        let batches = Set(destroyed.map { "\($0.destruction!.batch) \($0.destruction!.method)" })
        #expect(batches.contains("XH-2026-01 粉碎") && batches.contains("XH-2026-02 焚毁"), "\(batches)")
        // Some are kept longer, and a held record is never destroyed.
        #expect(history.states.values.contains { $0.lastAppraisal?.outcome == .extend && $0.retention == .thirtyYears })
        #expect(history.states.values.contains { $0.isHeld && $0.retention == .tenYears && !$0.isDestroyed })
        #expect(history.states.values.allSatisfy { !($0.isDestroyed && $0.retention != .tenYears) })
    }

    @Test func theDefaultRunEndsInTheCurrentYearWithADestruction() {
        let options = GeneratorOptions()
        #expect(options.years == 10 && options.lastMeetingYear == 2024 && options.lastYear == 2026)
        #expect(Policy.standard.expiryDate(archiveYear: options.startYear, retention: .tenYears)! <= CivilDate(year: options.lastYear, month: 1, day: 1)!)
    }
}
