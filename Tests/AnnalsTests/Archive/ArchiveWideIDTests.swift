import Foundation
import Testing

@testable import Annals

/// An event id is the archive's, not one stream's: a file that gives one id to events
/// of two streams is refused naming both lines, before anything is written.
@Suite struct ArchiveWideIDTests {
    typealias Folder = ImportExportTests.Folder
    static let sample = DestructionAndCheckpointTests.root.appendingPathComponent("Fixtures/samples/one-meeting.jsonl")

    @Test func oneIDGivenToEventsOfTwoStreamsInAFileNamesBothLines() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        let first = try #require(try String(contentsOf: Self.sample, encoding: .utf8).split(separator: "\n").first).description
        // The same meeting scheduled under a second stream, with the first line's id.
        let second = first.replacingOccurrences(of: "meeting/BGS-2023-0042", with: "meeting/BGS-2023-0043")
        #expect(second != first)
        do {
            _ = try archive.importLines(Array((first + "\n" + second + "\n").utf8))
            Issue.record("an id given to two events was accepted")
        } catch let rejection as ImportRejection {
            #expect(rejection.line == 2)
            #expect(rejection.rule == "duplicate_id")
            #expect(rejection.message.contains("on line 1") && rejection.message.contains("meeting/BGS-2023-0042"), "\(rejection)")
        }
        #expect(archive.log.endPosition == 0, "nothing of the file may be written")
        try archive.close()
    }
}
