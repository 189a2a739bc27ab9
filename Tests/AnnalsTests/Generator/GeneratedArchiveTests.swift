import Annals
import Testing

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
            #expect(archive.retention == Policy.standard.retention(for: state.meeting!.kind) ?? .thirtyYears)
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
