import Foundation
import Testing

@testable import Annals

/// The office scenario (Fixtures/scenarios/office-2012-2024): a 2012 section meeting
/// destroyed in 2023, two of 2013 (one held), and three of 2023 filed in January 2024.
@Suite struct ProjectionScenarioTests {
    static let office = "office-2012-2024"
    static let directorsMeeting = "meeting/BGS-2023-007"
    static let destroyedMeeting = "meeting/KJK-2012-001"

    static let reports: [(key: String, render: @Sendable (Scenario) -> [UInt8])] = [
        ("minutes", { MinutesReport.json($0.replay().minutes(of: directorsMeeting)!) }),
        ("catalogue", { CatalogueReport.json($0.replay().catalogue()) }),
        ("retention_2024", { RetentionReport.json($0.replay().retentionReview(year: 2024)) }),
        ("register", { RegisterReport.json($0.replay().register) }),
        ("decisions_as_of_2023_04_05", { s in
            DecisionsReport.json(s.replay(asOf: AsOf("2023-04-05")!).decisions(on: CivilDate(year: 2023, month: 4, day: 5)!))
        }),
        ("decisions_2023_04_30", { DecisionsReport.json($0.replay().decisions(on: CivilDate(year: 2023, month: 4, day: 30)!)) }),
        ("stats", { StatsReport.json($0.replay().compliance(on: CivilDate(year: 2023, month: 12, day: 31)!)) }),
    ]

    @Test(arguments: reports.map(\.key))
    func reportsMatchTheHandCheckedExpectedOutput(key: String) throws {
        let scenario = try Scenario(Self.office)
        let bytes = Self.reports.first { $0.key == key }!.render(scenario)
        #expect(try scenario.matches(key, bytes), "\(key): \(String(decoding: bytes, as: UTF8.self))")
    }

    @Test func theRulesRefuseTheProxySignatureAndAcceptTheRealOne() throws {
        let scenario = try Scenario(Self.office)
        #expect(scenario.rejected.map(\.line) == [24])
        #expect(scenario.rejected.map(\.rule) == ["sign_in.proxy"])
        let sheet = try #require(scenario.replay()[Self.directorsMeeting]?.signInSheet)
        #expect(sheet.present.map(\.person) == ["P001", "P006", "P004", "P002"])
        #expect(sheet.present.first { $0.person == "P002" }?.signedInAt == ZonedTime(rfc3339: "2023-03-06T09:41:00+08:00"))
    }

    @Test func theSheetShowsTheLateArrivalTheEarlyLeaverAndTheSubstitute() throws {
        let sheet = try #require(Scenario(Self.office).replay()[Self.directorsMeeting]?.signInSheet)
        #expect(sheet.late.map(\.person) == ["P002"])
        #expect(sheet.leftEarly.map(\.person) == ["P002"])
        #expect(sheet.leftEarly.first?.leftEarly?.reason == "赴市政府汇报工作")
        #expect(sheet.onLeave.map(\.person) == ["P003"])
        #expect(sheet.onLeave.first?.substitute?.person == "P006")
        #expect(sheet.onLeave.first?.substituteAttended == true)
        #expect(sheet.present.first { $0.person == "P006" }?.substituteFor == "P003")
        #expect(sheet.absent.map(\.person) == ["P007"])
        #expect(sheet.observers.map(\.person) == ["P005"])
    }

    @Test func archiveNumbersFollowTheFilingOrderWithinEachGroup() throws {
        let numbering = try Scenario(Self.office).replay().numbering
        #expect(numbering["meeting/BGS-2023-012"]?.description == "Z109-WS·2023-Y-BGS-0001")
        #expect(numbering["meeting/BGS-2023-007"]?.description == "Z109-WS·2023-Y-BGS-0002")
        #expect(numbering["meeting/CWK-2023-003"]?.description == "Z109-WS·2023-D30-CWK-0001")
        #expect(numbering["meeting/KJK-2013-002"]?.description == "Z109-WS·2013-D10-KJK-0001")
        #expect(numbering["meeting/KJK-2013-005"]?.description == "Z109-WS·2013-D10-KJK-0002")
        #expect(numbering[Self.destroyedMeeting]?.formatted(.daT13) == "Z109-WS·2012·D10·KJK-0001")
    }

    @Test func theReviewOf2024ListsTheDueAndTheHeldAndNeverThePermanent() throws {
        let set = try Scenario(Self.office).replay()
        let review = set.retentionReview(year: 2024)
        #expect(review.due.map(\.stream) == ["meeting/KJK-2013-002"])
        #expect(review.due.first?.expiredAt == CivilDate(year: 2024, month: 1, day: 1))
        #expect(review.held.map(\.stream) == ["meeting/KJK-2013-005"])
        #expect(review.extended.isEmpty)
        // The 2012 section meeting was due on 1 January 2023 and destroyed in March:
        // the 2023 review still lists it, with what became of it.
        let review2023 = set.retentionReview(year: 2023)
        #expect(review2023.due.map(\.stream) == [Self.destroyedMeeting])
        #expect(review2023.due.first?.outcome?.destroyedAt == CivilDate(year: 2023, month: 3, day: 20))
        #expect(review2023.due.first?.title == "2012年第1次科务会")
        let farFuture = set.retentionReview(year: 9999)
        #expect(!farFuture.due.contains { $0.stream == Self.directorsMeeting })
        #expect(farFuture.due.contains { $0.stream == "meeting/CWK-2023-003" })
    }

    @Test func theRegisterAndCatalogueSurviveTheShreddingOfTheContent() throws {
        let scenario = try Scenario(Self.office)
        #expect(scenario.shredded == [0, 1, 2, 3, 4, 5])
        let live = scenario.replay()
        let rebuilt = ProjectionSet.replay(scenario.shreddedLog, policy: Scenario.policy)
        #expect(RegisterReport.json(rebuilt.register) == RegisterReport.json(live.register))
        #expect(CatalogueReport.json(rebuilt.catalogue()) == CatalogueReport.json(live.catalogue()))
        #expect(rebuilt.encode() == live.encode())
        let entry = try #require(rebuilt.register[Self.destroyedMeeting]?.record)
        #expect(entry.title == "2012年第1次科务会")
        #expect(entry.digests == (0...5).map(Scenario.digest))
        #expect(rebuilt.minutes(of: Self.destroyedMeeting) == nil)
        #expect(rebuilt.catalogue().first { $0.stream == Self.destroyedMeeting }?.destroyed == true)
    }

    @Test func aDecisionIsOverdueAsOfADateAndDoneLateAfterwards() throws {
        let scenario = try Scenario(Self.office)
        let april5 = CivilDate(year: 2023, month: 4, day: 5)!
        let before = scenario.replay(asOf: AsOf("2023-04-05")!).decisions(on: april5)
        #expect(before.first { $0.decision == "D1" && $0.stream == Self.directorsMeeting }?.status == .overdue)
        #expect(before.first { $0.decision == "D2" }?.status == .open)
        let later = scenario.replay().decisions(on: CivilDate(year: 2023, month: 4, day: 30)!)
        let d1 = try #require(later.first { $0.decision == "D1" && $0.stream == Self.directorsMeeting })
        #expect(d1.status == .doneLate)
        #expect(d1.doneAt == ZonedTime(rfc3339: "2023-04-10T17:00:00+08:00"))
        #expect(scenario.replay().decisions(on: april5, filter: .overdue).map(\.decision) == ["D1"])
    }

    @Test func asOfAPositionIsTheLogUpToIt() throws {
        let scenario = try Scenario(Self.office)
        let signedIn = try #require(scenario.events.firstIndex { $0.stream == Self.directorsMeeting && $0.type == .participantSignedIn })
        let set = scenario.replay(asOf: .position(UInt64(signedIn)))
        #expect(set.position == UInt64(signedIn))
        #expect(set[Self.directorsMeeting]?.signInOrder == ["P001"])
        #expect(set.catalogue().map(\.stream) == ["meeting/KJK-2012-001", "meeting/KJK-2013-002", "meeting/KJK-2013-005"])
    }

    @Test func asOfATimeNumbersWithTheWholeLogAndListsOnlyWhatWasFiled() throws {
        let set = try Scenario(Self.office).replay(asOf: AsOf("2024-01-15T10:15:00+08:00")!)
        let catalogue = set.catalogue(year: 2023)
        #expect(catalogue.map(\.archiveNumber.description) == ["Z109-WS·2023-Y-BGS-0001", "Z109-WS·2023-D30-CWK-0001"])
        #expect(set.retentionReview(year: 2024).due.map(\.stream) == ["meeting/KJK-2013-002"])
    }

    /// Writes expected.json from the renderers; run once with ANNALS_WRITE_EXPECTED=1,
    /// then check every value by hand before committing.
    @Test func expectedOutputCanBeRegenerated() throws {
        guard ProcessInfo.processInfo.environment["ANNALS_WRITE_EXPECTED"] == "1" else { return }
        let scenario = try Scenario(Self.office)
        var text = "{\n"
        for (i, report) in Self.reports.enumerated() {
            let value = String(decoding: report.render(scenario), as: UTF8.self).trimmingCharacters(in: .newlines)
            text += "  \"\(report.key)\": \(value)\(i == Self.reports.count - 1 ? "" : ",")\n"
        }
        text += "}\n"
        try text.write(to: scenario.expectedURL, atomically: true, encoding: .utf8)
    }
}

extension ProjectionSet {
    subscript(stream: String) -> MeetingState? { records[stream] }
}
