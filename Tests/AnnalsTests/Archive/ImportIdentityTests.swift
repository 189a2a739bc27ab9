import Foundation
import Testing

@testable import Annals

/// What the log would refuse only when writing (an id twice in a stream, a stream
/// name over its limit) is refused while the lines are checked: by line, before
/// anything is written, even when the file is written in several batches.
@Suite struct ImportIdentityTests {
    static let lines = ImportExportTests.sample.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }

    @Test func anIDGivenToTwoDifferentEventsIsRefusedAtTheSecond() throws {
        // Line 2's id (the notice) on another notice.
        let second = Self.lines[1].replacingOccurrences(of: #"["OA","短信"]"#, with: #"["电话"]"#)
        try ImportExportTests().check(Array(second.utf8), code: "duplicate_id")
    }

    @Test func aLineRepeatedInOneFileIsWrittenOnce() throws {
        let folder = ImportExportTests.Folder()
        let archive = try Archive.create(at: folder.path)
        let input = (Self.lines + [Self.lines[8]]).joined(separator: "\n")
        let report = try archive.importLines(Array(input.utf8))
        #expect(report.appended == 12 && report.alreadyPresent == 1)
        #expect(archive.log.endPosition == 12)
        try archive.close()
    }

    @Test func aStreamNameOverTheLogsLimitIsRefusedAsTooLong() throws {
        let stream = "meeting/" + String(repeating: "x", count: LogLimits.maxStreamBytes + 1 - 8)
        let line = Self.lines[1].replacingOccurrences(of: "meeting/BGS-2023-0042", with: stream)
        try ImportExportTests().check(Array(line.utf8), code: "field_too_long")
    }
}
