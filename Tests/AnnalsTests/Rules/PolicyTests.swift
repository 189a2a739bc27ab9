import Annals
import Foundation
import Testing

@Suite struct PolicyTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/policy/policy.example.json")

    @Test func theDefaultsAreThoseOfTheDomain() {
        let policy = Policy.standard
        #expect(policy.noticeLeadDays(for: "主任办公会") == 3)
        #expect(policy.minutesDueDays == 1)
        #expect(policy.retention(for: "党组会议") == .permanent)
        #expect(policy.retention(for: "周例会") == .thirtyYears)
        #expect(policy.retention(for: "科务会") == .tenYears)
        // A kind the table does not name has no default: its filing gives one.
        #expect(policy.retention(for: "全县教育工作会") == nil)
    }

    @Test func theExamplePolicyFileLoads() throws {
        let policy = try Policy(json: Array(try Data(contentsOf: Self.example)))
        #expect(policy.fonds == "Z109")
        #expect(policy.noticeLeadDays(for: "党组会议") == 5)
        #expect(policy.noticeLeadDays(for: "周例会") == 3)
        #expect(policy.retention(for: "科务会") == .tenYears)
        // The Spring Festival 2023: holidays on weekdays, a make-up working Saturday.
        #expect(!policy.isWorkingDay(CivilDate(year: 2023, month: 1, day: 23)!))
        #expect(policy.isWorkingDay(CivilDate(year: 2023, month: 1, day: 28)!))
        #expect(policy.leaveApprovers == ["P009"])
    }

    @Test func anUnknownPolicyKeyIsRejectedWithItsPath() {
        #expect(throws: PolicyError(path: "notice_days", message: "unknown policy key")) {
            try Policy(json: Array(#"{"notice_days": 3}"#.utf8))
        }
        #expect(throws: PolicyError.self) { try Policy(json: Array(#"{"retention": {"by_kind": {"科务会": "D5"}}}"#.utf8)) }
    }

    @Test func workingDaysSkipWeekendsAndHolidays() {
        var policy = Policy()
        // Wednesday 2023-03-01 to Monday 2023-03-06: Thursday, Friday, Monday.
        #expect(policy.workingDays(after: CivilDate(year: 2023, month: 3, day: 1)!, through: CivilDate(year: 2023, month: 3, day: 6)!) == 3)
        #expect(policy.workingDay(1, after: CivilDate(year: 2023, month: 3, day: 3)!) == CivilDate(year: 2023, month: 3, day: 6))
        policy.holidays = [CivilDate(year: 2023, month: 3, day: 6)!]
        #expect(policy.workingDay(1, after: CivilDate(year: 2023, month: 3, day: 3)!) == CivilDate(year: 2023, month: 3, day: 7))
    }
}
