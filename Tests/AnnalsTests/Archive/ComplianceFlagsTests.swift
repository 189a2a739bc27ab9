import Foundation
import Testing

@testable import Annals

/// Compliance flags as data (`annals flags`): the list is the flags the rules raised
/// on the way in, made again by replaying the log through the same rules.
@Suite struct ComplianceFlagsTests {
    typealias Folder = ImportExportTests.Folder

    /// Two years of an agency's meetings (2023-2024), filed in 2025, nothing destroyed.
    static let options = GeneratorOptions(years: 2, seed: 5, startYear: 2023, custodyYears: 1, eventsPerYear: 8_000)

    @Test func theFlagsListedAreExactlyTheOnesImportCounted() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path, options: .generated(Self.options))
        defer { try? archive.close() }
        let report = try archive.importLines(GeneratedRoundTripTests.generated(Self.options))
        #expect(report.rejected.isEmpty)
        #expect(report.flagged > 100, "the generated history has late notices, arrivals and minutes")
        let flags = try archive.complianceFlags()
        #expect(flags.count == report.flagged)
        // Every flag names its meeting, and they come in log order.
        #expect(flags.allSatisfy { $0.kind != nil && $0.department != nil && $0.stream.hasPrefix("meeting/") })
        #expect(zip(flags, flags.dropFirst()).allSatisfy { $0.position <= $1.position })
        // The filters partition the list.
        let byYear = try [2023, 2024].map { try archive.complianceFlags(FlagFilter(year: $0)).count }
        #expect(byYear.reduce(0, +) == flags.count && byYear.allSatisfy { $0 > 0 })
        let late = try archive.complianceFlags(FlagFilter(rule: RuleID.noticeLate.name))
        #expect(late.count == flags.filter { $0.rule == .noticeLate }.count && !late.isEmpty)
        let office = try archive.complianceFlags(FlagFilter(year: 2024, department: "BGS"))
        #expect(office.allSatisfy { $0.department == "BGS" && $0.meetingDate?.year == 2024 })
    }

    @Test func theJSONListsRuleStreamTimeAndDetailForEachFlag() throws {
        var history = MeetingHistory.scheduled()
        history.record(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 40))
        var replay = ComplianceFlagReplay(rules: history.book)
        for (position, event) in history.events.enumerated() {
            replay.apply(StoredEvent(
                position: UInt64(position), version: UInt64(position), stream: event.stream, type: event.type,
                recordedAt: 0, digest: Sample.digest, event: event))
        }
        #expect(replay.flags.map(\.rule) == [.signInLate, .noticeNeverSent])
        let json = String(decoding: FlagsReport.json(replay.flags), as: UTF8.self)
        #expect(json.hasPrefix(#"[{"rule":"sign_in.late","stream":"meeting/BGS-2023-007","at":"2023-03-06T09:40:00+08:00","detail":"#))
        #expect(json.contains(#""rule":"notice.never_sent""#) && json.contains(#""kind":"主任办公会","dept":"BGS","meeting_date":"2023-03-06""#))
        let text = FlagsReport.text(replay.flags)
        #expect(text.hasPrefix("合规提示（2 条）"))
        #expect(text.contains("2023年3月6日") && text.contains("办公室"), "the department by name")
    }
}
