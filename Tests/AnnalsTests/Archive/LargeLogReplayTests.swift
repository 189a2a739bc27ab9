import Foundation
import Testing

@testable import Annals

/// Issue 4 on a large generated log (over 100,000 events, with destructions):
/// replaying it twice, and rebuilding from scratch versus from checkpoints plus the
/// tail, give byte-identical projections and the same output of every read command.
@Suite struct LargeLogReplayTests {
    typealias Folder = ImportExportTests.Folder

    /// Meetings of 2015 and 2016 at 50,000 events a year, then ten years of custody
    /// ending in the 2026 destruction of the expired 2015 records.
    static let options = GeneratorOptions(years: 2, seed: 5, startYear: 2015, custodyYears: 10, eventsPerYear: 50_000)
    static let date = CivilDate(year: 2026, month: 12, day: 31)!

    @Test func checkpointsPlusTheTailAndRepeatedReplaysGiveTheBytesOfOneFullReplay() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path, options: .generated(Self.options))
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 20)
        for event in AgencyGenerator(Self.options) {
            codec.encode(event, into: &writer)
            writer.newline()
        }
        let lines = writer.bytes.split(separator: UInt8(ascii: "\n"))
        // Imported in four parts, each followed by a checkpoint file, kept.
        let file = URL(fileURLWithPath: folder.path + "/" + Archive.projectionsFile)
        var saved: [Data] = []
        for part in 0..<4 {
            let range = (lines.count * part / 4)..<(lines.count * (part + 1) / 4)
            let report = try archive.importLines(Array(lines[range].joined(separator: [UInt8(ascii: "\n")])))
            #expect(report.rejected.isEmpty)
            try archive.saveProjections()
            saved.append(try Data(contentsOf: file))
        }
        #expect(archive.log.endPosition >= 100_000)
        var events: [StoredEvent] = []
        try archive.replay { events.append($0); return true }
        let policy = archive.rules.policy
        let full = ProjectionSet.replay(events, policy: policy)
        let bytes = full.encode()
        let views = RenderedViews.json(full, on: Self.date, reviewYear: 2026)
        #expect(full.register.entries.count > 100, "the log should hold destructions")

        // The same log replayed twice; and the archive's live projections.
        #expect(ProjectionSet.replay(events, policy: policy).encode() == bytes)
        #expect(try archive.projections().encode() == bytes)

        // In memory: a checkpoint at several positions (around the first destruction
        // too), decoded, then the rest of the log.
        let destruction = try #require(events.firstIndex { $0.type == .archiveDestroyed })
        let splits = [events.count / 7, events.count / 2, destruction, destruction + 1, events.count - 1]
        var running = ProjectionSet(policy: policy)
        var applied = 0
        for split in splits.sorted() {
            while applied < split {
                running.apply(events[applied])
                applied += 1
            }
            var resumed = try ProjectionSet(decoding: running.encode(), policy: policy)
            resumed.replay(events[split...])
            #expect(resumed.encode() == bytes, "checkpoint after \(split) events")
        }
        try archive.close()

        // Through the archive: each checkpoint file written during the import, put
        // back, and the archive opened on it (checkpoint plus tail).
        for (part, checkpoint) in saved.enumerated() {
            try checkpoint.write(to: file)
            var options = ArchiveOptions()
            options.readOnly = true
            let reopened = try Archive.open(at: folder.path, options: options)
            let set = try reopened.projections()
            #expect(set.position == full.position)
            #expect(set.encode() == bytes, "opened on the checkpoint of part \(part)")
            #expect(RenderedViews.json(set, on: Self.date, reviewYear: 2026) == views, "part \(part)")
            // And rebuilt beside it from scratch: the same, and nothing repaired.
            if part == 0 { #expect(try !reopened.rebuildProjections().replacedDifferentState) }
            try reopened.close()
        }
    }
}
