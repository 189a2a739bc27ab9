import Foundation
import Testing

@testable import Annals

/// The office's documents in their text form, compared with golden files in
/// `Fixtures/scenarios/office-2012-2024/documents/` (read once against GB/T 9704-2012's
/// 纪要 form, DA/T 22-2015's 归档文件目录 and the 销毁清册 a records office signs).
/// Regenerate with ANNALS_WRITE_EXPECTED=1, then read every line before committing.
@Suite struct DocumentGoldenTests {
    static let folder = Scenario.root.appendingPathComponent("office-2012-2024/documents")
    static let meeting = ProjectionScenarioTests.directorsMeeting

    static func documents() throws -> [(file: String, text: String)] {
        let scenario = try Scenario(ProjectionScenarioTests.office)
        let set = scenario.replay()
        let minutes = try #require(set.minutes(of: meeting, judgedOn: CivilDate(year: 2023, month: 4, day: 30)))
        let approval = try #require(scenario.events.firstIndex { $0.stream == meeting && $0.type == .minutesApproved })
        let draftSet = scenario.replay(asOf: .position(UInt64(approval - 1)))
        let draft = try #require(draftSet.minutes(of: meeting))
        return [
            ("minutes-BGS-2023-007.txt", MinutesDocument.text(minutes, issue: set.minutesIssue(of: meeting), policy: Scenario.policy)),
            ("minutes-BGS-2023-007-draft.txt", MinutesDocument.text(draft, issue: draftSet.minutesIssue(of: meeting), policy: Scenario.policy)),
            ("sign-in-BGS-2023-007.txt", SignInSheetReport.text(minutes)),
            ("catalogue.txt", CatalogueReport.text(set.catalogue(), policy: Scenario.policy)),
            ("register.txt", RegisterDocument.text(set, policy: Scenario.policy, fonds: "Z109")),
            ("retention-2024.txt", RetentionReport.text(set.retentionReview(year: 2024), appraisals: set.appraisalReport(year: 2023))),
        ]
    }

    @Test func everyDocumentMatchesItsGoldenFile() throws {
        let write = ProcessInfo.processInfo.environment["ANNALS_WRITE_EXPECTED"] == "1"
        for (file, text) in try Self.documents() {
            let url = Self.folder.appendingPathComponent(file)
            if write { try text.write(to: url, atomically: true, encoding: .utf8) }
            let expected = try String(contentsOf: url, encoding: .utf8)
            #expect(text == expected, "\(file) differs from its golden file")
        }
    }

    @Test func theMinutesFollowTheFormOfAnIssuedSummary() throws {
        let text = try #require(try Self.documents().first { $0.file == "minutes-BGS-2023-007.txt" }?.text)
        #expect(text.contains("主任办公会纪要"))
        #expect(text.contains("〔2023〕第1期"), "the first 主任办公会 minutes approved in 2023")
        #expect(text.contains("2023年3月7日"))
        #expect(text.contains("    一、各科室于3月底前报送支出进度计划。（责任单位：财务科；完成时限：2023年3月31日）"))
        #expect(text.contains("    二、"))
        #expect(text.contains("出席：") && text.contains("赵磊（代张伟）"))
        #expect(text.contains("请假：综合科 张伟（参加市委党校培训）"))
        #expect(text.contains("列席：财务科 陈静"))
        #expect(text.contains("记录："))
        #expect(text.contains("印发"))
        #expect(!text.contains("草稿") && !text.contains("P00"), "people by name, not by id")
    }

    @Test func aDraftIsMarkedAndHasNoIssueNumber() throws {
        let text = try #require(try Self.documents().first { $0.file == "minutes-BGS-2023-007-draft.txt" }?.text)
        #expect(text.hasPrefix("草稿（纪要未经审定，不得印发）"))
        #expect(text.contains("（未编期号）") && !text.contains("印发\n"))
    }

    @Test func issueNumbersRunPerKindAndYearInTheOrderOfApproval() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay()
        let issues = set.minutesIssues()
        #expect(issues[Self.meeting] == set.minutesIssue(of: Self.meeting))
        #expect(issues[Self.meeting]?.number == 1)
        #expect(issues["meeting/BGS-2023-012"]?.number == 2)
        #expect(issues["meeting/CWK-2023-003"]?.number == 1, "another kind counts on its own")
        #expect(issues["meeting/KJK-2013-005"].map { ($0.year, $0.number) } ?? (0, 0) == (2013, 2))
    }

    @Test func theDirectoryGroupsUnderClassHeadingsWithTheColumnsOfDAT22() throws {
        let text = try #require(try Self.documents().first { $0.file == "catalogue.txt" }?.text)
        #expect(text.contains("全宗号 Z109  WS  2023年度  永久  办公室（BGS）"))
        #expect(text.contains("序号  档号"))
        #expect(text.contains("20230306"), "dates in eight digits")
        #expect(text.contains("主任办公会纪要〔2023〕第1期"), "文号: the minutes' issue number")
        #expect(text.contains("补归档"), "the 7th meeting was filed after the 12th")
        #expect(text.contains("已销毁"))
    }

    @Test func theRegisterIsABatchAnOfficeSigns() throws {
        let text = try #require(try Self.documents().first { $0.file == "register.txt" }?.text)
        #expect(text.contains("销毁批次：XH-2023-01"))
        #expect(text.contains("鉴定：2023年3月1日"))
        #expect(text.contains("批准人（签字）：王芳（办公室）"), "approvers by name and unit where known")
        #expect(text.contains("监销人（签字）："))
        #expect(text.contains("件数") && text.contains("销毁原因"))
        #expect(text.contains("附件：已销毁内容摘要"))
    }

    @Test func chineseNumeralsNumberTheItems() {
        #expect((1...12).map(MinutesDocument.chineseNumeral) == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"])
        #expect(MinutesDocument.chineseNumeral(20) == "二十" && MinutesDocument.chineseNumeral(35) == "三十五")
    }
}

/// 督办: lead and supporting units, progress notes, what falls due soon, and each
/// department's record (issue 12).
@Suite struct FollowUpViewTests {
    @Test func theFollowUpShowsLeadSupportingUnitsAndProgressNotes() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay()
        let april30 = CivilDate(year: 2023, month: 4, day: 30)!
        let d1 = try #require(set.decisions(on: april30).first { $0.decision == "D1" && $0.stream == ProjectionScenarioTests.directorsMeeting })
        #expect(d1.lead == "CWK" && d1.supporting.isEmpty)
        #expect(!d1.notes.isEmpty && d1.notes.last?.status == .done)
        let text = DecisionsReport.text([d1], on: april30, policy: Scenario.policy)
        #expect(text.contains("财务科") && text.contains("进展情况") && text.contains("办结"))
        let json = String(decoding: DecisionsReport.json([d1]), as: UTF8.self)
        #expect(json.contains(#""lead":"CWK","supporting":[],"notes":[{"at":"#))
    }

    @Test func decisionsDueWithinNDaysAreTheOpenOnesSoonestFirst() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay(asOf: AsOf("2023-03-25")!)
        let march25 = CivilDate(year: 2023, month: 3, day: 25)!
        #expect(set.decisions(dueWithin: 10, of: march25).map(\.decision) == ["D1"])
        #expect(set.decisions(dueWithin: 40, of: march25).map(\.decision) == ["D1", "D2"])
        #expect(set.decisions(dueWithin: 2, of: march25).isEmpty)
    }

    @Test func eachDepartmentIsCountedOnTimeLateOverdueAndPending() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay()
        let byDept = set.followUpByDepartment(on: CivilDate(year: 2023, month: 4, day: 30)!)
        let cwk = try #require(byDept.first { $0.department == "CWK" })
        #expect(cwk.late >= 1, "D1 was done after its deadline")
        let text = DecisionsReport.text(byDept, on: CivilDate(year: 2023, month: 4, day: 30)!, policy: Scenario.policy)
        #expect(text.contains("各单位督办情况") && text.contains("财务科"))
    }
}

/// 精简会议: meetings, average size and length, per department and year (issue 12).
@Suite struct MeetingEconomyTests {
    @Test func theFiguresCountHeldMeetingsInTheRange() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay()
        let all = set.meetingEconomy()
        // The 2012 meeting was destroyed: its content, the meeting itself, is gone.
        #expect(all.byYear.map(\.key) == ["2013", "2023"])
        let of2023 = set.meetingEconomy(from: CivilDate(year: 2023, month: 1, day: 1), to: CivilDate(year: 2023, month: 12, day: 31))
        #expect(of2023.byYear.map(\.key) == ["2023"])
        #expect(of2023.byDepartment.map(\.key) == ["BGS", "CWK"])
        let bgs = try #require(of2023.byDepartment.first)
        #expect(bgs.meetings == 2 && bgs.averageMinutes > 0 && bgs.averageSize > 0)
        let text = MeetingEconomyReport.text(of2023, policy: Scenario.policy)
        #expect(text.hasPrefix("精简会议统计（2023年1月1日至2023年12月31日）") && text.contains("办公室"))
        #expect(MeetingEconomyReport.tenths(2.25) == "2.3" || MeetingEconomyReport.tenths(2.25) == "2.2")
        #expect(MeetingEconomyReport.tenths(120) == "120.0")
    }
}
