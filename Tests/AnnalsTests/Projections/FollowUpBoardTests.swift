import Foundation
import Testing

@testable import Annals

/// The 督办 board (`annals decisions`) with lead and supporting units, the person
/// answerable, progress notes, extensions and closings, per decision and per
/// department, compared with `Fixtures/scenarios/office-2012-2024/documents/follow-up-*.txt`.
/// Regenerate with ANNALS_WRITE_EXPECTED=1, then read every line before committing.
@Suite struct FollowUpBoardTests {
    static func at(_ month: Int, _ day: Int, _ hour: Int = 10) -> ZonedTime {
        ZonedTime(CivilDate(year: 2023, month: month, day: day)!, hour, 0)
    }

    /// The sample 主任办公会 of 6 March 2023 with three decisions: D1 (财务科 leads,
    /// 办公室 supports) extended to 14 April and done on 12 April, then closed; D2
    /// (办公室) done late; D3 (综合科) still open, extended once.
    static func history() -> MeetingHistory {
        var history = MeetingHistory.started()
        let items = [
            Resolution(
                decision: "D1", item: "1", text: "各科室于3月底前报送支出进度计划", responsible: ["BGS", "CWK"],
                deadline: CivilDate(year: 2023, month: 3, day: 31)!, lead: "CWK", person: "P005"),
            Resolution(
                decision: "D2", item: "2", text: "办公用房调整方案报局党组审定", responsible: ["BGS"],
                deadline: CivilDate(year: 2023, month: 4, day: 7)!, person: "P002"),
            Resolution(
                decision: "D3", item: "2", text: "机关公务用车使用情况自查", responsible: ["ZHK", "BGS"],
                deadline: CivilDate(year: 2023, month: 4, day: 14)!),
        ]
        history.record(MeetingResolved(decisions: items), at: Sample.time(11, 20))
        history.record(DecisionProgress(decision: "D1", status: .inProgress, note: "已收到4个科室的计划"), at: at(3, 20, 17))
        history.record(
            DecisionExtended(
                decision: "D1", deadline: CivilDate(year: 2023, month: 4, day: 14)!, reason: "需等待市财政局批复，申请延期", approvedBy: "P005"),
            at: at(3, 28))
        history.record(DecisionProgress(decision: "D1", status: .done, note: "全部科室计划已报送"), at: at(4, 12, 16))
        history.record(DecisionClosed(decision: "D1", closedBy: "P002", note: "经核实已办结，予以销号"), at: at(4, 17))
        history.record(DecisionProgress(decision: "D2", status: .done, note: "局党组会议已审定"), at: at(4, 11, 15))
        history.record(
            DecisionExtended(decision: "D3", deadline: CivilDate(year: 2023, month: 4, day: 28)!, reason: "涉及跨部门协调，原定时限内难以完成", approvedBy: "P001"),
            at: at(4, 10))
        return history
    }

    static func projections(asOf: AsOf = .latest) -> ProjectionSet {
        let stored = history().events.enumerated().map { n, event in
            StoredEvent(
                position: UInt64(n), version: UInt64(n), stream: event.stream, type: event.type, recordedAt: event.at.microseconds,
                digest: .zero, event: event)
        }
        return ProjectionSet.replay(stored, asOf: asOf, policy: MeetingHistory.policy)
    }

    static let april20 = CivilDate(year: 2023, month: 4, day: 20)!

    static func documents() -> [(file: String, text: String)] {
        let set = projections()
        return [
            ("follow-up-2023-04-20.txt", DecisionsReport.text(set.decisions(on: april20), on: april20, policy: MeetingHistory.policy, people: set.peopleDirectory())),
            ("follow-up-by-dept-2023-04-20.txt", DecisionsReport.text(set.followUpByDepartment(on: april20), on: april20, policy: MeetingHistory.policy)),
        ]
    }

    @Test func theBoardMatchesItsGoldenFiles() throws {
        let write = ProcessInfo.processInfo.environment["ANNALS_WRITE_EXPECTED"] == "1"
        for (file, text) in Self.documents() {
            let url = DocumentGoldenTests.folder.appendingPathComponent(file)
            if write { try text.write(to: url, atomically: true, encoding: .utf8) }
            let expected = try String(contentsOf: url, encoding: .utf8)
            #expect(text == expected, "\(file) differs from its golden file")
        }
    }

    @Test func anExtendedDecisionIsJudgedByItsNewDeadline() throws {
        let rows = Self.projections().decisions(on: Self.april20)
        let d1 = try #require(rows.first { $0.decision == "D1" })
        #expect(d1.status == .done, "done on 12 April, within the extension to 14 April")
        #expect(d1.deadline == CivilDate(year: 2023, month: 4, day: 14) && d1.originalDeadline == CivilDate(year: 2023, month: 3, day: 31))
        #expect(d1.lead == "CWK" && d1.supporting == ["BGS"] && d1.person == "P005")
        #expect(d1.closing?.closedBy == "P002")
        let d2 = try #require(rows.first { $0.decision == "D2" })
        #expect(d2.status == .doneLate && d2.extensions.isEmpty)
        // Before its extension D3 was judged against 14 April, after it against 28 April.
        let d3 = try #require(rows.first { $0.decision == "D3" })
        #expect(d3.status == .open && d3.deadline == CivilDate(year: 2023, month: 4, day: 28))
        let before = Self.projections().decisions(on: CivilDate(year: 2023, month: 4, day: 5)!).first { $0.decision == "D3" }
        #expect(before?.deadline == CivilDate(year: 2023, month: 4, day: 14) && before?.extensions.isEmpty == true)
    }

    @Test func dueWithinUsesTheDeadlineInForce() {
        let set = Self.projections()
        #expect(set.decisions(dueWithin: 7, of: Self.april20).map(\.decision) == [], "D3 now falls due on 28 April")
        #expect(set.decisions(dueWithin: 8, of: Self.april20).map(\.decision) == ["D3"])
    }

    @Test func eachDepartmentCountsItsExtendedDecisions() throws {
        let byDept = Self.projections().followUpByDepartment(on: Self.april20)
        let bgs = try #require(byDept.first { $0.department == "BGS" })
        #expect((bgs.onTime, bgs.late, bgs.overdue, bgs.pending, bgs.extended) == (1, 1, 0, 1, 2))
        let cwk = try #require(byDept.first { $0.department == "CWK" })
        #expect((cwk.onTime, cwk.extended) == (1, 1))
        let json = String(decoding: DecisionsReport.json(byDept, policy: MeetingHistory.policy), as: UTF8.self)
        #expect(json.contains(#""dept":"BGS","name":"办公室","on_time":1,"late":1,"overdue":0,"pending":1,"extended":2"#))
    }

    @Test func theJSONKeepsItsKeysAndAddsTheFollowUp() throws {
        let rows = Self.projections().decisions(on: Self.april20)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(DecisionsReport.json(rows))) as? [[String: Any]])
        let d1 = try #require(json.first { $0["decision"] as? String == "D1" })
        for key in ["stream", "decision", "text", "responsible", "deadline", "status", "done_at", "lead", "supporting", "notes"] {
            #expect(d1[key] != nil, "\(key) is a CLI contract key")
        }
        #expect(d1["person"] as? String == "P005")
        #expect(d1["deadline"] as? String == "2023-04-14" && d1["original_deadline"] as? String == "2023-03-31")
        let extensions = try #require(d1["extensions"] as? [[String: Any]])
        #expect(extensions.first?["from"] as? String == "2023-03-31" && extensions.first?["approved_by"] as? String == "P005")
        let closed = try #require(d1["closed"] as? [String: Any])
        #expect(closed["by"] as? String == "P002")
    }
}
