import Foundation
import Testing

@testable import Annals

/// The query language on hand-made meetings whose answers were checked by hand:
/// 2023年第7次主任办公会 (内部, filed permanent; Sample.everyType) and a 机密
/// meeting on the same day about 星火计划 (filed D10).
@Suite struct QueryScenarioTests {
    typealias Folder = ImportExportTests.Folder
    static let kept = Sample.stream
    static let secret = "meeting/BGS-2023-008"

    /// The 机密 meeting: 王芳 chairs, only 刘洋 signs in (late), 综合科 is to report.
    static func secretMeeting() -> [Event] {
        var meeting = Sample.scheduled(classification: .secret)
        meeting.title = "2023年度预算专题会议（星火计划）"
        meeting.kind = "专题会议"
        var history = MeetingHistory.notified(meeting)
        history.record(ParticipantSignedIn(person: "P004", signedBy: "P004"), at: Sample.time(9, 40))
        history.record(MinutesRecorded(item: "1", speaker: "P001", summary: "星火计划由综合科牵头，年底前完成。", dissent: false), at: Sample.time(10, 0))
        history.record(MeetingResolved(decisions: [
            Resolution(decision: "D1", item: "1", text: "综合科牵头推进星火计划", responsible: ["ZHK"], deadline: CivilDate(year: 2023, month: 12, day: 31)!),
        ]), at: Sample.time(11, 0))
        history.record(MinutesDrafted(drafter: "P004"), at: Sample.time(15, 0))
        history.record(MinutesApproved(approvedBy: "P001"), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 7)!, 9, 0))
        history.record(MeetingArchived(year: 2023, retention: .tenYears, documents: [FiledDocument(title: "会议纪要", kind: .minutes)]),
                       at: ZonedTime(CivilDate(year: 2024, month: 3, day: 15)!, 11, 0))
        return history.events.enumerated().map { n, e in
            Event(id: EventID(high: 0x5ec7_e700_0000_0000, low: UInt64(n)), stream: secret, at: e.at, by: e.by, data: e.data)
        }
    }

    static func archive(_ folder: Folder) throws -> Archive {
        let archive = try Archive.create(at: folder.path)
        _ = try archive.appendBlocking(Array(Sample.everyType.prefix(16)))
        _ = try archive.appendBlocking(secretMeeting())
        return archive
    }

    static let clerk = Reader(id: "P0100", clearance: .internal)
    static let director = Reader(id: "P0001", clearance: .secret)

    func streams(_ archive: Archive, _ text: String, _ reader: Reader = clerk, on day: CivilDate? = nil) throws -> [String] {
        try archive.evaluate(Query(parsing: text, limit: 100), reader: reader, judgedOn: day).hits.map(\.stream)
    }

    @Test func chinesePhrasesOneCharacterAndMixedDigitsFindTheMeeting() throws {
        let folder = Folder()
        let archive = try Self.archive(folder)
        #expect(try streams(archive, #"text:"预算执行""#) == [Self.kept])
        #expect(try streams(archive, "2023年度预算") == [Self.kept])  // digits then Chinese, one phrase
        #expect(try streams(archive, "度预算执") == [Self.kept])  // across bigram boundaries
        #expect(try streams(archive, "text:预") == [Self.kept])  // one character
        #expect(try streams(archive, "text:23.5") == [Self.kept])  // "23.5%": words 23 and 5
        #expect(try streams(archive, "预算执行情况良好").isEmpty)  // the phrase goes on past the text
        #expect(try streams(archive, "执行预算").isEmpty)  // the same characters, another order
        #expect(try streams(archive, "title:预算").isEmpty)  // 预算 is in its agenda, not its title
        #expect(try streams(archive, "agenda:办公用房").isEmpty == false)
        #expect(try streams(archive, "speech:序时进度") == [Self.kept])
        #expect(try streams(archive, "decision:支出进度计划") == [Self.kept])
        try archive.close()
    }

    @Test func titleMatchesRankFirstAndSnippetsMarkTheMatch() throws {
        let folder = Folder()
        let archive = try Self.archive(folder)
        let result = try archive.evaluate(Query(parsing: "text:预算"), reader: Self.director)
        #expect(result.hits.map(\.stream) == [Self.secret, Self.kept])  // 预算 in the 机密 meeting's title
        #expect(result.hits[0].score > result.hits[1].score)
        #expect(result.hits[1].snippet == "2023年度【预算】执行情况")
        let speech = try archive.evaluate(Query(parsing: "序时进度"), reader: Self.clerk).hits.first?.snippet
        #expect(speech == "一季度预算执行率为23.5%，略低于【序时进度】。\n建议加快项目支出。")
        try archive.close()
    }

    @Test func peopleByRoleAndName() throws {
        let folder = Folder()
        let archive = try Self.archive(folder)
        #expect(try streams(archive, "chair:王芳") == [Self.kept])  // the 机密 one is beyond a 内部 reader
        #expect(try streams(archive, "chair:王芳", Self.director).sorted() == [Self.kept, Self.secret])
        #expect(try streams(archive, "present:李强") == [Self.kept])
        #expect(try streams(archive, "absent:张伟") == [Self.kept])  // on leave, a substitute sent
        #expect(try streams(archive, "leave:P003") == [Self.kept])
        #expect(try streams(archive, "speaker:陈静") == [Self.kept])
        #expect(try streams(archive, "late:P002").isEmpty)  // signed in at 09:24 for 09:30
        #expect(try streams(archive, "late:刘洋", Self.director) == [Self.secret])
        #expect(try streams(archive, "person:P005 invited:P001") == [Self.kept])
        #expect(try streams(archive, "person:nobody").isEmpty)
        try archive.close()
    }

    @Test func departmentsDecisionsAndDates() throws {
        let folder = Folder()
        let archive = try Self.archive(folder)
        #expect(try streams(archive, "responsible:CWK") == [Self.kept])
        #expect(try streams(archive, "organizer:CWK").isEmpty)
        #expect(try streams(archive, "dept:CWK") == [Self.kept])
        #expect(try streams(archive, "dept:BGS").sorted() == [Self.kept, Self.secret])  // organizer: descriptive
        #expect(try streams(archive, "dept:ZHK").isEmpty)  // responsible only in the 机密 meeting
        let april = CivilDate(year: 2023, month: 4, day: 1)!, march20 = CivilDate(year: 2023, month: 3, day: 20)!
        #expect(try streams(archive, "status:overdue", on: april) == [Self.kept])
        #expect(try streams(archive, "status:overdue", on: march20).isEmpty)
        #expect(try streams(archive, "status:in_progress", on: march20) == [Self.kept])
        #expect(try streams(archive, "deadline:2023-03").isEmpty == false)
        #expect(try streams(archive, "deadline:2023-04..").isEmpty)
        #expect(try streams(archive, "date:2023-03-06 kind:主任办公会") == [Self.kept])
        #expect(try streams(archive, "year:2022").isEmpty)
        #expect(try streams(archive, "year:2023..").sorted() == [Self.kept, Self.secret])
        try archive.close()
    }

    @Test func filingFacetsNumbersAndStates() throws {
        let folder = Folder()
        let archive = try Self.archive(folder)
        let set = try archive.projections()
        let keptNumber = try #require(set.numbering[Self.kept]?.formatted())
        let secretNumber = try #require(set.numbering[Self.secret]?.formatted())
        #expect(try streams(archive, "number:\(keptNumber)") == [Self.kept])
        #expect(try streams(archive, "number:Z109-WS·2023* sort:number") == [Self.kept, Self.secret].sorted {
            set.numbering[$0]! < set.numbering[$1]!
        })
        #expect(try streams(archive, "retention:Y") == [Self.kept])
        #expect(try streams(archive, "retention:D10") == [Self.secret])  // descriptive: listed, restricted
        #expect(try streams(archive, "expires:2033..2034") == [Self.secret])
        #expect(try streams(archive, "archived:yes").count == 2)
        #expect(try streams(archive, "held:yes OR destroyed:yes OR cancelled:yes").isEmpty)
        #expect(try streams(archive, "type:decision.progress") == [Self.kept])
        #expect(try streams(archive, "type:hold.placed").isEmpty)
        #expect(try streams(archive, "class:机密") == [Self.secret])
        #expect(try streams(archive, "-class:机密") == [Self.kept])
        #expect(try streams(archive, "absent:张伟 OR class:机密").sorted() == [Self.kept, Self.secret])
        #expect(try streams(archive, "stream:\(Self.secret)") == [Self.secret])
        // Paging and order.
        let both = "archived:yes sort:-number"
        #expect(try archive.evaluate(Query(parsing: both, limit: 1, offset: 1), reader: Self.clerk).hits.map(\.archiveNumber) == [
            [keptNumber, secretNumber].sorted { ArchiveNumber($0)! > ArchiveNumber($1)! }[1]
        ])
        #expect(try archive.evaluate(Query(parsing: both, limit: 1, offset: 1), reader: Self.clerk).total == 2)
        try archive.close()
    }
}
