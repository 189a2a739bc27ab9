import Foundation
import Testing

@testable import Annals

/// The yearly review is reproducible as of its date (issue 12): the 2026 review lists
/// the same records due before and after 2026's appraisals and destructions are
/// appended, and then says what became of them.
@Suite struct ReproducibleReviewTests {
    typealias Folder = ImportExportTests.Folder

    @Test func the2026ReviewListsTheSameRecordsDueBeforeAndAfter2026sDestructions() throws {
        let lines = String(decoding: GeneratedRoundTripTests.generated(GeneratedRoundTripTests.options), as: UTF8.self)
            .split(separator: "\n")
        let codec = EventJSONCodec()
        let custody: Set<EventType> = [.retentionAppraised, .destructionApproved, .archiveDestroyed]
        let split = try #require(try lines.firstIndex { line in
            let event = try codec.decode(line: String(line)).event
            return event.at.localDate.year >= 2026 && custody.contains(event.type)
        })
        let folder = Folder()
        let archive = try Archive.create(at: folder.path, options: .generated(GeneratedRoundTripTests.options))
        defer { try? archive.close() }
        func importing(_ part: ArraySlice<Substring>) throws {
            let report = try archive.importLines(Array(part.joined(separator: "\n").utf8) + [0x0A])
            #expect(report.rejected.isEmpty)
        }
        try importing(lines[..<split])
        let before = try archive.retentionReview(year: 2026)
        #expect(before.due.count > 100, "the 2015 ten-year records are due in 2026")
        #expect(before.due.allSatisfy { $0.outcome == nil && !$0.title.isEmpty })
        try importing(lines[split...])
        #expect(try archive.projections().register.entries.count > 100, "2026 destroyed records")
        let after = try archive.retentionReview(year: 2026)
        #expect(after.due.map(\.archiveNumber) == before.due.map(\.archiveNumber))
        #expect(after.due.map(\.title) == before.due.map(\.title), "titles come from the register once destroyed")
        #expect(after.held.map(\.stream) == before.held.map(\.stream))
        // What became of them is shown beside each.
        let destroyed = after.due.filter { $0.outcome?.destroyedAt != nil }
        #expect(destroyed.count > 100)
        #expect(destroyed.allSatisfy { $0.outcome?.outcome == .destroy && $0.outcome?.batch != nil })
        // The live projections judge by the dates the state keeps, and agree.
        #expect(try archive.projections().retentionReview(year: 2026).due.map(\.archiveNumber) == after.due.map(\.archiveNumber))
        let appraisals = try archive.projections().appraisalReport(year: 2026)
        #expect(appraisals.sittings.map(\.destroy).reduce(0, +) >= destroyed.count)
        #expect(appraisals.sittings.allSatisfy { !$0.appraisers.isEmpty && !$0.records.isEmpty })
        let text = RetentionReport.text(after, appraisals: appraisals)
        #expect(text.hasPrefix("2026年度保管期限到期鉴定（截至2026年1月1日）"))
        #expect(text.contains("2026年度鉴定报告") && text.contains("已销毁"))
    }

    @Test func anExtensionIsNotedAndTheNumberStays() throws {
        var history = MeetingHistory.archived()
        history.record(
            RetentionAppraised(outcome: .extend, retention: .thirtyYears, appraisers: ["P011", "P012"]), at: MeetingHistory.afterExpiry)
        var set = ProjectionSet(policy: Policy(fonds: "Z109"))
        for (position, event) in history.events.enumerated() {
            set.apply(StoredEvent(
                position: UInt64(position), version: UInt64(position), stream: event.stream, type: event.type,
                recordedAt: 0, digest: Sample.digest, event: event))
        }
        // Due on 1 January 2034; appraised on 1 March: the 2034 review shows the outcome.
        let review2034 = set.retentionReview(year: 2034)
        let due = try #require(review2034.due.first)
        #expect(due.retention == .tenYears && due.title == "2023年第7次主任办公会")
        #expect(due.outcome?.outcome == .extend && due.outcome?.retention == .thirtyYears)
        #expect(due.note == "2034年3月1日鉴定延期保管至定期30年，档号不变")
        // A year later it is listed as extended, under its new class and its old number.
        let review2035 = set.retentionReview(year: 2035)
        let extended = try #require(review2035.extended.first)
        #expect(extended.archiveNumber == due.archiveNumber && extended.retention == .thirtyYears)
        #expect(extended.note.hasPrefix("2034年3月1日鉴定延期保管至定期30年"))
        #expect(review2035.due.isEmpty)
    }
}
