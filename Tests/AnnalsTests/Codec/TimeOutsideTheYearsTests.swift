import Foundation
import Testing

@testable import Annals

/// RFC 3339 writes years 0000-9999. A time outside them (only the Swift API or
/// damaged bytes can bring one) is written with every digit and its sign: never cut
/// to a wrong date, never a trap, and refused when imported. Found by the fuzzer
/// (export wrote year 206204 as 6204; a negative year trapped).
@Suite struct TimeOutsideTheYearsTests {
    @Test func aYearPast9999KeepsEveryDigit() {
        let time = ZonedTime(microseconds: 6_445_014_447_761_741_888, offsetMinutes: 480)
        #expect(time.localDate.year > 9999)
        #expect(time.description.hasPrefix("\(time.localDate.year)-05-18T"))
    }

    @Test func aYearBeforeZeroIsWrittenWithItsSignInsteadOfTrapping() {
        let time = ZonedTime(microseconds: -70_000_000_000_000_000, offsetMinutes: 0)
        #expect(time.localDate.year < 0)
        #expect(time.description.hasPrefix("-0\(-time.localDate.year)-"))
        #expect(CivilDate(daysSinceEpoch: -3_000_000).description.hasPrefix("-"))
    }

    @Test(arguments: [Int64.min, Int64.min + 1, Int64.max, -1])
    func theExtremeInstantsAreWrittenWithoutOverflow(microseconds: Int64) {
        let time = ZonedTime(microseconds: microseconds, offsetMinutes: -1439)
        #expect(time.description.hasSuffix("-23:59"))
    }

    @Test func anEventWithSuchATimeExportsAsALineThatImportRefuses() throws {
        let folder = ImportExportTests.Folder()
        // The rules refuse a time past the present, so this archive's present is the
        // end of time: only the Swift API can bring such an event in.
        var options = ArchiveOptions()
        options.clock = { Int64.max }
        let archive = try Archive.create(at: folder.path, options: options)
        let far = ZonedTime(microseconds: 400_000_000_000_000_000, offsetMinutes: 480)
        _ = try archive.appendBlocking([Event(id: .random(), stream: Sample.stream, at: far, by: Sample.clerk, Sample.scheduled())])
        let lines = try ImportExportTests.export(archive)
        #expect(lines.count == 1 && lines[0].contains("\"at\":\"\(far.localDate.year)-"))
        try archive.close()
        let other = ImportExportTests.Folder()
        let target = try Archive.create(at: other.path)
        #expect(throws: ImportRejection.self) { try target.importLines(Array(lines[0].utf8)) }
        try target.close()
    }
}
