import Foundation
import Testing

@testable import Annals

/// Clearance, the recording of reads, and destruction reaching the index files.
@Suite struct QueryClearanceTests {
    typealias Folder = ImportExportTests.Folder
    let secret = QueryScenarioTests.secret

    func accesses(_ archive: Archive, _ stream: String) throws -> [ArchiveAccessed] {
        try archive.events(in: stream).compactMap { stored in
            guard case .archiveAccessed(let a)? = stored.event?.data else { return nil }
            return a
        }
    }

    @Test func aConfidentialMeetingIsFoundOnlyByConfidentialReadersAndEveryReadIsRecorded() throws {
        let folder = Folder()
        let archive = try QueryScenarioTests.archive(folder)
        // Its title and minutes hold 星火计划.
        for query in ["text:星火计划", "title:星火", "speech:综合科牵头", "decision:星火"] {
            for level in [Classification.open, .internal, .confidential] {
                let result = try archive.query(Query(parsing: query), reader: Reader(id: "P0200", clearance: level))
                #expect(result.total == 0, "\(query) found something for a \(level) reader")
                #expect(result.recordedAccesses.isEmpty)
            }
            for level in [Classification.secret, .topSecret] {
                let result = try archive.query(Query(parsing: query), reader: Reader(id: "P0001", clearance: level), purpose: "年度审计")
                #expect(result.hits.map(\.stream) == [secret])
                #expect(result.hits.first?.title == "2023年度预算专题会议（星火计划）")
                #expect(result.recordedAccesses == [secret])
            }
        }
        // Eight reads (four queries, two cleared readers), each recorded in the log.
        let recorded = try accesses(archive, secret)
        #expect(recorded.count == 8)
        #expect(recorded.allSatisfy { $0.reader == "P0001" && $0.purpose == "年度审计" })
        // A descriptive term lists it for a lower reader, restricted: no title, time or snippet, no read recorded.
        let listed = try archive.query(Query(parsing: "class:机密 OR text:星火"), reader: Reader(id: "P0200", clearance: .internal))
        #expect(listed.total == 1)
        let hit = try #require(listed.hits.first)
        #expect(hit.restricted && hit.title == nil && hit.startsAt == nil && hit.snippet == nil)
        #expect(hit.archiveNumber != nil)
        #expect(listed.recordedAccesses.isEmpty)
        #expect(try accesses(archive, secret).count == 8)
        // Reading a 内部 record is not recorded.
        let internalRead = try archive.query(Query(parsing: "预算执行"), reader: Reader(id: "P0200", clearance: .internal))
        #expect(internalRead.total == 1 && internalRead.recordedAccesses.isEmpty)
        // The number lookup records too.
        let number = try #require(hit.archiveNumber)
        #expect(try archive.record(numbered: number, reader: Reader(id: "P0002", clearance: .secret))?.title != nil)
        #expect(try archive.record(numbered: number, reader: Reader(id: "P0003", clearance: .confidential))?.restricted == true)
        #expect(try accesses(archive, secret).map(\.reader).suffix(1) == ["P0002"])
        try archive.close()
    }

    @Test func minutesAreRefusedAboveClearanceAndClassifiedReadsAreRecorded() throws {
        let folder = Folder()
        let archive = try QueryScenarioTests.archive(folder)
        #expect(throws: ArchiveError.self) {
            try archive.minutes(of: secret, reader: Reader(id: "P0200", clearance: .confidential), purpose: "查阅")
        }
        #expect(try accesses(archive, secret).isEmpty)
        let minutes = try archive.minutes(of: secret, reader: Reader(id: "P0001", clearance: .secret), purpose: "审计")
        #expect(minutes?.state.meeting?.title == "2023年度预算专题会议（星火计划）")
        #expect(try accesses(archive, secret).map(\.purpose) == ["审计"])
        // An internal meeting's minutes are read without a record.
        _ = try archive.minutes(of: QueryScenarioTests.kept, reader: Reader(id: "P0200", clearance: .internal), purpose: "查阅")
        #expect(try accesses(archive, QueryScenarioTests.kept).isEmpty)
        try archive.close()
    }

    @Test func aReadThatMustBeRecordedOnAReadOnlyArchiveTakesTheWritersTurn() throws {
        let folder = Folder()
        try QueryScenarioTests.archive(folder).close()
        var options = ArchiveOptions()
        options.readOnly = true
        let archive = try Archive.open(at: folder.path, options: options)
        let result = try archive.query(Query(parsing: "星火计划"), reader: Reader(id: "P0001", clearance: .secret), purpose: "审计")
        #expect(result.recordedAccesses == [secret])
        #expect(try archive.query(Query(parsing: "星火计划"), reader: Reader(id: "P0200", clearance: .internal)).total == 0)
        try archive.close()
        let after = try Archive.open(at: folder.path, options: options)
        #expect(try accesses(after, secret).map(\.purpose) == ["审计"])
        try after.close()
    }

    @Test func aReadThatMustBeRecordedWaitsForTheWriterAndSaysSoWhenItDoesNotFinish() throws {
        let folder = Folder()
        let writer = try QueryScenarioTests.archive(folder)  // holds the writer's lock
        var options = ArchiveOptions()
        options.readOnly = true
        options.writerWait = 0.3
        let reader = try Archive.open(at: folder.path, options: options)
        do {
            _ = try reader.query(Query(parsing: "星火计划"), reader: Reader(id: "P0001", clearance: .secret))
            Issue.record("a read of 机密 was shown without being recorded")
        } catch let error as AccessNotRecorded {
            #expect(error.cause.contains("did not finish within 0.3 s"), "\(error)")
            #expect(error.description.contains("nothing was shown"), "\(error)")
        }
        // Reads that need no record go on beside the writer.
        #expect(try reader.query(Query(parsing: "星火计划"), reader: Reader(id: "P0200", clearance: .internal)).total == 0)
        try reader.close()
        try writer.close()
        #expect(try accesses(try Archive.open(at: folder.path, options: options), secret).isEmpty)
    }

    /// The scenario's KJK-2012-001 is destroyed on 2023-03-20; its agenda item
    /// 2012年科技项目申报安排 and its decision are its own.
    @Test func destroyedTextLeavesTheIndexFile() throws {
        let lines = DestructionAndCheckpointTests.scenario.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let cut = try #require(lines.firstIndex { $0.range(of: Data(#""type":"archive.destroyed""#.utf8)) != nil })
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        _ = try archive.importLines(Array(Data(lines[..<cut].joined(separator: [UInt8(ascii: "\n")]))), options: ImportOptions(skipInvalid: true))
        let reader = Reader(id: "P0001", clearance: .internal)
        #expect(try archive.evaluate(Query(parsing: "科技项目申报"), reader: reader).hits.map(\.stream) == ["meeting/KJK-2012-001"])
        try archive.saveProjections()
        let indexFile = folder.path + "/" + Archive.queryIndexFile
        // Bigrams only the destroyed meeting had: in the index file before the destruction.
        let own = try ownBigrams(of: "meeting/KJK-2012-001", in: archive)
        #expect(own.count >= 5)
        let before = try #require(FileManager.default.contents(atPath: indexFile))
        #expect(own.allSatisfy { before.range(of: Data($0.utf8)) != nil })
        _ = try archive.importLines(Array(Data(lines[cut...].joined(separator: [UInt8(ascii: "\n")]))), options: ImportOptions(skipInvalid: true))
        // Gone from the file as soon as the destruction is done, and from every answer.
        let after = try #require(FileManager.default.contents(atPath: indexFile))
        for bigram in own { #expect(after.range(of: Data(bigram.utf8)) == nil, "\(bigram) is still in the index file") }
        #expect(try archive.evaluate(Query(parsing: "科技项目申报"), reader: reader).total == 0)
        // Its register facts remain searchable.
        let hit = try #require(try archive.evaluate(Query(parsing: "destroyed:yes"), reader: reader).hits.first)
        #expect(hit.stream == "meeting/KJK-2012-001" && hit.destroyed && hit.archiveNumber == "Z109-WS·2012-D10-KJK-0001")
        #expect(hit.snippet == nil)
        try archive.close()
        let reloaded = try #require(try Archive.open(at: folder.path).loadQueryIndex())
        #expect(reloaded.postings.keys.allSatisfy { !own.contains($0.text) })
    }

    /// The bigrams in a meeting's text that no other meeting has.
    func ownBigrams(of stream: String, in archive: Archive) throws -> Set<String> {
        let set = try archive.projections()
        func bigrams(_ state: MeetingState) -> Set<String> {
            var terms: [Term] = []
            for (_, text) in QueryIndex.texts(of: state) { TextAnalyzer.terms(TextAnalyzer.tokens(text), into: &terms) }
            return Set(terms.compactMap { if case .bigram = $0 { $0.text } else { nil } })
        }
        var own = bigrams(set.records[stream]!)
        for state in set.records.states where state.stream != stream { own.subtract(bigrams(state)) }
        return own
    }
}
