import Foundation
import Testing

@testable import Annals

/// The replay loop on several threads (one reading, others decoding, one folding),
/// the checkpoint's meetings decoded on first use, and the shared texts of
/// `BinaryEventDecoder` change nothing: on a generated log long enough to be cut in
/// many chunks, with destructions, every way of building the projections gives the
/// same bytes as folding the events one by one on one thread.
@Suite struct ReplayPipelineTests {
    typealias Folder = ImportExportTests.Folder

    /// A year of meetings, then eleven of custody, so that ten-year records are
    /// appraised, approved and destroyed (and their content shredded).
    static let options = GeneratorOptions(years: 1, seed: 3, custodyYears: 11, eventsPerYear: 40_000)

    static let lines: [ArraySlice<UInt8>] = {
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 20)
        for event in AgencyGenerator(options) {
            codec.encode(event, into: &writer)
            writer.newline()
        }
        return writer.bytes.split(separator: UInt8(ascii: "\n"))
    }()

    static func joined(_ lines: ArraySlice<ArraySlice<UInt8>>) -> [UInt8] {
        Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    static func readOnly(_ path: String) throws -> Archive {
        var options = ArchiveOptions()
        options.readOnly = true
        return try Archive.open(at: path, options: options)
    }

    @Test func everyWayOfBuildingTheProjectionsGivesTheSameBytes() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path, options: .generated(Self.options))
        let half = Self.lines.count / 2
        _ = try archive.importLines(Self.joined(Self.lines[..<half]))
        try archive.saveProjections()
        let checkpoint = folder.path + "/" + Archive.projectionsFile
        let early = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        _ = try archive.importLines(Self.joined(Self.lines[half...]))
        try archive.close()

        let reopened = try Self.readOnly(folder.path)
        var events: [StoredEvent] = []
        try reopened.replay { events.append($0); return true }
        #expect(events.count > 4 * 8192)
        #expect(events.contains { $0.isDestroyed })
        // One event at a time, on this thread, through the public fold.
        let serial = ProjectionSet.replay(events, policy: reopened.rules.policy)
        let expected = serial.encode()
        // From the checkpoint written at close, meetings decoded on first use.
        let live = try reopened.projections()
        #expect(live.encode() == expected)
        // Rebuilt from the log on several threads.
        #expect(try reopened.rebuiltProjections().encode() == expected)
        // The decoded meetings are the same values as the serial fold's.
        for stream in serial.records.streams.prefix(200) {
            #expect(live.records[stream] == serial.records[stream], "\(stream)")
            #expect(live.records.version(of: stream) == serial.records[stream]?.version)
        }
        #expect(live == serial)
        // As of a position, on several threads, equals the serial prefix.
        let middle = UInt64(events.count / 3)
        let prefix = ProjectionSet.replay(events.prefix(Int(middle) + 1), policy: reopened.rules.policy)
        #expect(try reopened.projections(asOf: .position(middle)).encode() == prefix.encode())
        try reopened.close()

        // The early checkpoint plus a long tail (folded on several threads).
        try early.write(to: URL(fileURLWithPath: checkpoint))
        let resumed = try Self.readOnly(folder.path)
        #expect(try resumed.projections().encode() == expected)
        try resumed.close()
    }

    @Test func sharedTextsDecodeExactlyAsEachPayloadAlone() throws {
        let decoder = BinaryEventDecoder()
        let codec = EventJSONCodec()
        for line in Self.lines.prefix(20_000) {
            let event = try codec.decode(line: Array(line)).event
            let payload = BinaryEventCodec.encode(event)
            let alone = try payload.withUnsafeBytes { try BinaryEventCodec.decode(type: event.type, payload: $0) }
            let shared = try payload.withUnsafeBytes { try decoder.decode(type: event.type, payload: $0) }
            #expect(alone.at == shared.at && alone.by == shared.by && alone.data == shared.data)
            #expect(shared.data == event.data)
        }
    }
}
