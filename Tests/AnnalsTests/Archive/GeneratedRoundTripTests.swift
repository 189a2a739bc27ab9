import Foundation
import Testing

@testable import Annals

/// Export → import → export on a realistic multi-year history from the generator.
@Suite struct GeneratedRoundTripTests {
    typealias Folder = ImportExportTests.Folder

    static func generated(years: Int) -> [UInt8] {
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 20)
        for event in AgencyGenerator(GeneratorOptions(years: years, seed: 11, custodyYears: 1, eventsPerYear: 10_000)) {
            codec.encode(event, into: &writer)
            writer.newline()
        }
        return writer.bytes
    }

    @Test func generatedYearsImportWithNoRejectionAndRoundTripThroughExport() throws {
        let input = Self.generated(years: 2)
        let a = Folder(), b = Folder()
        let first = try Archive.create(at: a.path)
        let report = try first.importLines(input)
        #expect(report.rejected.isEmpty)
        #expect(report.appended > 15_000)
        let exported = try ImportExportTests.export(first)
        #expect(exported.count == report.appended)
        let second = try Archive.create(at: b.path)
        _ = try second.importLines(Array(exported.joined(separator: "\n").utf8))
        let again = try ImportExportTests.export(second)
        #expect(again.map(ImportExportTests.comparable) == exported.map(ImportExportTests.comparable))
        // The views agree too: the same archive numbers for the same meetings.
        #expect(try first.projections().catalogue() == second.projections().catalogue())
        try first.close()
        try second.close()
    }
}
