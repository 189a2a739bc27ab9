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

/// The policy's versions and the keys of authority (issue 11).
@Suite struct PolicyVersionTests {
    @Test func theExamplePolicyHasAVersionFrom2024() throws {
        let policy = try Policy(json: Array(try Data(contentsOf: PolicyTests.example)))
        let in2023 = policy.inForce(on: CivilDate(year: 2023, month: 12, day: 31)!)
        let in2024 = policy.inForce(on: CivilDate(year: 2024, month: 1, day: 1)!)
        #expect(in2023.leaders == ["P001", "P009"])
        #expect(in2024.leaders == ["P001", "P019"])
        #expect(in2023.departmentHeads["BGS"] == "P002")
        #expect(in2024.departmentHeads["BGS"] == "P021")
        // What a version does not name stays as it was.
        #expect(in2024.departmentHeads["CWK"] == "P005")
        #expect(in2023.retention(for: "周例会") == .thirtyYears)
        #expect(in2024.retention(for: "周例会") == .permanent)
        #expect(in2024.classifiedDestructionPlaces == ["市保密局涉密载体销毁中心"])
    }

    @Test func aWrittenPolicyReadsBackTheSame() throws {
        let example = try Policy(json: Array(try Data(contentsOf: PolicyTests.example)))
        #expect(try Policy(json: example.json()) == example)
        let generated = AgencyGenerator(GeneratorOptions(years: 3, seed: 5, startYear: 2020, custodyYears: 1, eventsPerYear: 10_000)).policy
        #expect(generated.revisions.map(\.effective) == [CivilDate(year: 2021, month: 1, day: 1)!, CivilDate(year: 2022, month: 1, day: 1)!])
        #expect(try Policy(json: generated.json()) == generated)
    }

    @Test(arguments: [
        (#"{"revisions": [{"leaders": ["P1"]}]}"#, "revisions[0].effective"),
        (#"{"revisions": [{"effective": "2024-01-01", "fonds": "Z110"}]}"#, "revisions[0].fonds"),
        (#"{"revisions": [{"effective": "2024-01-01", "leaders": "P1"}]}"#, "revisions[0].leaders"),
        (#"{"leaders": [""]}"#, "leaders[0]"),
        (#"{"classified_destruction": {"way": []}}"#, "classified_destruction.way"),
        (#"{"archive_year_from": "calendar"}"#, "archive_year_from"),
    ])
    func aBadKeyIsNamedInTheError(_ json: String, _ path: String) {
        #expect {
            _ = try Policy(json: Array(json.utf8))
        } throws: { error in
            (error as? PolicyError)?.path == path
        }
    }
}
