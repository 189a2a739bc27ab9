import Foundation
import Testing

@testable import Annals

/// Export → import → export on a realistic multi-year history from the generator,
/// with destructions: meetings of 2015 and 2016, then ten years in which the records
/// office files, lends, holds and appraises, and in 2026 destroys the expired 2015
/// ten-year records before two witnesses. Their content events travel as tombstone
/// lines; everything else as events.
@Suite struct GeneratedRoundTripTests {
    typealias Folder = ImportExportTests.Folder

    static let options = GeneratorOptions(years: 2, seed: 11, startYear: 2015, custodyYears: 10, eventsPerYear: 10_000)

    static func generated(_ options: GeneratorOptions) -> [UInt8] {
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 20)
        for event in AgencyGenerator(options) {
            codec.encode(event, into: &writer)
            writer.newline()
        }
        return writer.bytes
    }

    @Test func generatedYearsWithDestructionsRoundTripThroughExportAndImport() throws {
        let a = Folder(), b = Folder()
        let first = try Archive.create(at: a.path, options: .generated(Self.options))
        let report = try first.importLines(Self.generated(Self.options))
        #expect(report.rejected.isEmpty)
        #expect(report.appended > 50_000)
        let set = try first.projections()
        #expect(set.register.entries.count > 100, "the history should destroy records")
        var bytes: [UInt8] = []
        let (exported, destroyed) = try first.exportLines { bytes.append(contentsOf: $0) }
        #expect(exported == report.appended)
        #expect(destroyed > 1_000)
        let second = try Archive.create(at: b.path, options: .generated(Self.options))
        let reimport = try second.importLines(bytes)
        #expect(reimport.rejected.isEmpty)
        #expect(reimport.appended == exported && reimport.destroyed == destroyed)
        // The same lines, but recorded_at, and the digests of live events (salted anew);
        // a tombstone's digest is the one its record kept.
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        let again = try ImportExportTests.export(second)
        #expect(again.count == lines.count)
        let mismatch = zip(again, lines).first { RestoreTests.comparable($0) != RestoreTests.comparable($1) }
        #expect(mismatch == nil, "first differing line: \(String(describing: mismatch))")
        // The views agree: catalogue, register, retention review, decisions, counts.
        let rebuilt = try second.projections()
        let date = CivilDate(year: 2026, month: 12, day: 31)!
        #expect(RenderedViews.json(rebuilt, on: date, reviewYear: 2026) == RenderedViews.json(set, on: date, reviewYear: 2026))
        #expect(rebuilt.register.encode() == set.register.encode())
        #expect(rebuilt.numbering.encode() == set.numbering.encode())
        try first.close()
        try second.close()
    }
}
