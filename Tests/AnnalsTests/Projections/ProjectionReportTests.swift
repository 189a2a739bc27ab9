import Foundation
import Testing

@testable import Annals

@Suite struct ProjectionReportTests {
    @Test func archiveNumbersParseAndFormatInBothTemplates() throws {
        let n = try #require(ArchiveNumber("Z109-WS·2023-D30-BGS-0007"))
        #expect(n.fonds == "Z109" && n.category == "WS" && n.year == 2023 && n.retention == .thirtyYears)
        #expect(n.organization == "BGS" && n.item == 7)
        #expect(n.formatted(.daT13) == "Z109-WS·2023·D30·BGS-0007")
        #expect(ArchiveNumber("Z109-WS·2011·Y·BGS-0001")?.description == "Z109-WS·2011-Y-BGS-0001")
        #expect(ArchiveNumber("Z109-WS·2023-D30-BGS-7") == nil)
        #expect(ArchiveNumber("Z109-WS-2023-D30-BGS-0007") == nil)
        #expect(ArchiveNumber("Z109-WS·2023-D20-BGS-0007") == nil)
        let big = ArchiveNumber(fonds: "Z109", category: "WS", year: 2023, retention: .tenYears, organization: "KJK", item: 12345)
        #expect(big.description == "Z109-WS·2023-D10-KJK-12345")
    }

    @Test func archiveNumbersSortInCatalogueOrder() {
        let texts = [
            "Z109-WS·2023-D10-BGS-0001", "Z109-WS·2022-Y-BGS-0002", "Z109-WS·2023-Y-BGS-0010",
            "Z109-WS·2023-D30-BGS-0001", "Z109-WS·2023-Y-BGS-0002", "Z109-WS·2023-Y-CWK-0001",
        ]
        let sorted = texts.compactMap { ArchiveNumber($0) }.sorted().map(\.description)
        #expect(sorted == [
            "Z109-WS·2022-Y-BGS-0002", "Z109-WS·2023-Y-BGS-0002", "Z109-WS·2023-Y-BGS-0010", "Z109-WS·2023-Y-CWK-0001",
            "Z109-WS·2023-D30-BGS-0001", "Z109-WS·2023-D10-BGS-0001",
        ])
    }

    @Test func chineseTakesTwoColumnsInTextTables() {
        #expect(displayWidth("主任办公会") == 10)
        #expect(displayWidth("Z109-WS·2023") == 12)
        #expect(displayWidth("（已销毁）、") == 12)
        let table = TextTable(headers: ["档号", "题名"], rows: [["A-1", "主任办公会"], ["B-22", "周例会"]]).render()
        #expect(table == """
            档号  题名
            ----  ----------
            A-1   主任办公会
            B-22  周例会

            """)
    }

    @Test func timesArePrintedWithTheirZone() {
        #expect(ZonedTime(rfc3339: "2023-03-06T09:30:00+08:00")?.clerkText == "2023-03-06 09:30 +08:00")
        #expect(ZonedTime(rfc3339: "2023-03-06T01:30:00Z")?.clerkText == "2023-03-06 01:30 +00:00")
    }

    @Test func theTextMinutesReadAsAClerkWouldPrintThem() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay()
        let text = MinutesReport.text(try #require(set.minutes(of: ProjectionScenarioTests.directorsMeeting)))
        #expect(text.contains("主持人    王芳 (P001)"))
        #expect(text.contains("时间      2023-03-06 09:30 +08:00 至 2023-03-06 11:30 +08:00"))
        #expect(text.contains("档号      Z109-WS·2023-Y-BGS-0002"))
        #expect(text.contains("代 张伟 (P003) 参会"))
        #expect(text.contains("缺席（1）"))
        #expect(text.contains("P007  孙丽"))
    }

    @Test func everyTextReportRenders() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay()
        #expect(CatalogueReport.text(set.catalogue()).contains("已销毁"))
        #expect(RetentionReport.text(set.retentionReview(year: 2024)).contains("Z109-WS·2013-D10-KJK-0002"))
        #expect(RegisterReport.text(set.register).contains("档案室销毁间"))
        let april5 = CivilDate(year: 2023, month: 4, day: 5)!
        #expect(DecisionsReport.text(set.decisions(on: april5), on: april5).contains("逾期未办"))
        for by in StatsBreakdown.allCases { #expect(!StatsReport.text(set.compliance(on: april5), by: by).isEmpty) }
    }
}

@Suite struct ProjectionEventCodecTests {
    static let record = DestructionRecord(
        archiveNumber: "Z109-WS·2012-D10-KJK-0001", title: "2012年第1次科务会", kind: "科务会", year: 2012, retention: .tenYears,
        keptYears: 10, documents: 2, approvedBy: ["P001", "P013"], reason: "保管期限（定期10年）已满，经鉴定无继续保存价值",
        digests: [Scenario.digest(0), Scenario.digest(5)])

    static let destroyed = Sample.event(
        ArchiveDestroyed(batch: "XH-2023-01", witnesses: ["P011", "P014"], method: "粉碎", place: "档案室销毁间", register: record),
        at: ZonedTime(CivilDate(year: 2023, month: 3, day: 20)!, 15, 0))

    @Test func aDestructionWithItsRegisterRoundTripsInBothCodecs() throws {
        let event = Self.destroyed
        let binary = try BinaryEventCodec.encode(event).withUnsafeBytes {
            try BinaryEventCodec.decodeEvent(id: event.id, stream: event.stream, type: event.type, payload: $0)
        }
        #expect(binary == event)
        let codec = EventJSONCodec()
        let line = codec.encode(event)
        #expect(line.contains(#""register":{"archive_number":"Z109-WS·2012-D10-KJK-0001""#))
        #expect(try codec.decode(line: line).event == event)
    }

    @Test func aVersion1DestructionIsUpcastWithoutARegister() throws {
        var w = BinaryWriter()
        w.bytes += [1, 1]  // format 1, schema version 1
        w.zonedTime(ZonedTime(CivilDate(year: 2023, month: 3, day: 20)!, 15, 0))
        w.text("archivist.zhao")
        w.text("XH-2023-01")
        w.varint(2); w.text("P011"); w.text("P014")
        w.text("粉碎")
        w.text("档案室销毁间")
        let decoded = try w.bytes.withTypedBytes { (b) throws(EventDecodingError) in
            try BinaryEventCodec.decode(type: .archiveDestroyed, payload: b)
        }
        #expect(decoded.data == .archiveDestroyed(ArchiveDestroyed(batch: "XH-2023-01", witnesses: ["P011", "P014"], method: "粉碎", place: "档案室销毁间")))
    }

    @Test func aRegisterWithoutItsYearIsRefused() {
        let line = EventJSONCodec().encode(Self.destroyed).replacingOccurrences(of: #""year":2012,"#, with: "")
        #expect(throws: EventDecodingError.self) { try EventJSONCodec().decode(line: line) }
    }
}
