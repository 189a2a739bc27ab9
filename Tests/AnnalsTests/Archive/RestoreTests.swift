import Foundation
import Testing

@testable import Annals

/// Export and import of an archive in which records were destroyed: the destroyed
/// content events travel as tombstone lines, and the new archive holds them as
/// records born destroyed with the digests the register names.
@Suite struct RestoreTests {
    typealias Folder = ImportExportTests.Folder
    static let destroyedStream = "meeting/KJK-2012-001"

    /// An exported line without what differs between archives: `recorded_at`, and the
    /// digest of a live event (salted anew in each archive). A tombstone's digest is
    /// carried over, so it stays.
    static func comparable(_ line: String) -> String {
        var object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        object["recorded_at"] = nil
        if object["destroyed"] == nil { object["digest"] = nil }
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func json(_ line: String) -> [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    /// The office scenario (2012-2024, one record destroyed in 2023), exported.
    static func source(_ folder: Folder) throws -> (Archive, [String]) {
        let archive = try DestructionAndCheckpointTests.imported(folder)
        return (archive, try ImportExportTests.export(archive))
    }

    @Test func exportWritesEachDestroyedEventAsATombstoneLine() throws {
        let folder = Folder()
        let (archive, lines) = try Self.source(folder)
        let stored = try archive.events(in: Self.destroyedStream)
        let tombstones = lines.map(Self.json).filter { $0["destroyed"] as? Bool == true }
        #expect(tombstones.count == stored.filter(\.isDestroyed).count)
        #expect(tombstones.count == 6)
        for line in tombstones {
            #expect(line["stream"] as? String == Self.destroyedStream)
            #expect(MeetingState.isContent(EventType(name: line["type"] as! String)!))
            #expect(line["at"] == nil && line["by"] == nil && line["data"] == nil)
            let position = UInt64(line["position"] as! Int)
            let record = try #require(try archive.log.record(at: position))
            #expect(record.isDestroyed && record.id.description == line["id"] as? String)
            #expect(record.digest.hex == line["digest"] as? String)
        }
        // One stream's export has them too, in its order.
        var bytes: [UInt8] = []
        let (exported, destroyed) = try archive.exportLines(stream: Self.destroyedStream) { bytes.append(contentsOf: $0) }
        #expect(exported == stored.count && destroyed == 6)
        let streamLines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(streamLines.map { Self.json($0)["version"] as? Int } == stored.map { Int($0.version) })
        try archive.close()
    }

    @Test func anExportWithADestructionImportsIntoANewArchiveAndExportsTheSameLines() throws {
        let a = Folder(), b = Folder()
        let (first, lines) = try Self.source(a)
        let second = try Archive.create(at: b.path)
        let report = try second.importLines(Array(lines.joined(separator: "\n").utf8))
        #expect(report.rejected.isEmpty)
        #expect(report.appended == lines.count && report.destroyed == 6)
        let again = try ImportExportTests.export(second)
        #expect(again.map(Self.comparable) == lines.map(Self.comparable))
        // Born destroyed, with the digests of the source: the register still names them.
        let destroyed = try second.events(in: Self.destroyedStream).filter(\.isDestroyed)
        let entry = try #require(try second.projections().register[Self.destroyedStream])
        #expect(destroyed.map(\.digest) == entry.record?.digests)
        #expect(try second.projections().register == first.projections().register)
        #expect(try second.projections().catalogue() == first.projections().catalogue())
        #expect(try second.projections().register.encode() == first.projections().register.encode())
        // Every leaf, digest and checksum of the new archive holds.
        let verified = try second.log.verify()
        #expect(verified.ok, "\(verified.problems)")
        try first.close()
        try second.close()
    }

    @Test func importingTheSameExportTwiceAppendsNothingTheSecondTime() throws {
        let a = Folder(), b = Folder()
        let (first, lines) = try Self.source(a)
        let second = try Archive.create(at: b.path)
        let input = Array(lines.joined(separator: "\n").utf8)
        _ = try second.importLines(input)
        let end = second.log.endPosition
        let repeated = try second.importLines(input)
        #expect(repeated.appended == 0 && repeated.destroyed == 0)
        #expect(repeated.alreadyPresent == lines.count)
        #expect(second.log.endPosition == end)
        try first.close()
        try second.close()
    }

    @Test func destroyedEventsWithoutTheirDestructionAreRejected() throws {
        let a = Folder(), b = Folder()
        let (first, lines) = try Self.source(a)
        let destruction = try #require(lines.firstIndex { $0.contains("\"archive.destroyed\"") })
        var cut = lines
        cut.remove(at: destruction)
        let firstTombstone = try #require(cut.firstIndex { $0.contains("\"destroyed\":true") })
        let second = try Archive.create(at: b.path)
        do {
            _ = try second.importLines(Array(cut.joined(separator: "\n").utf8))
            Issue.record("an import of destroyed content without its destruction was accepted")
        } catch let rejection as ImportRejection {
            #expect(rejection.rule == "restore.not_destroyed")
            #expect(rejection.line == firstTombstone + 1)
            #expect(rejection.message.contains(Self.destroyedStream))
        }
        #expect(second.log.endPosition == 0)
        // With --skip-invalid the rest is written, and nothing of that record.
        let report = try second.importLines(Array(cut.joined(separator: "\n").utf8), options: ImportOptions(skipInvalid: true))
        #expect(report.rejected.map(\.rule) == ["restore.not_destroyed"])
        #expect(report.destroyed == 0)
        #expect(try second.events(in: Self.destroyedStream).isEmpty)
        #expect(report.appended == cut.count - (try first.events(in: Self.destroyedStream).count) + 1)
        #expect(second.log.endPosition == UInt64(report.appended))
        try first.close()
        try second.close()
    }

    /// A crash between an import's batches can leave a restored record's tombstones
    /// and custody events written without its destruction: importing the export again
    /// judges the destruction by what the written headers say, and completes it.
    @Test func aRestoreInterruptedBeforeItsDestructionIsCompletedByImportingAgain() throws {
        let a = Folder(), b = Folder()
        let (first, lines) = try Self.source(a)
        let second = try Archive.create(at: b.path)
        let codec = EventJSONCodec()
        var records: [NewRecord] = []
        for line in lines where line.contains("\"stream\":\"\(Self.destroyedStream)\"") && !line.contains("\"archive.destroyed\"") {
            switch try Array(line.utf8).withUnsafeBytes({ try codec.decodeLine($0) }) {
            case .destroyed(let d): records.append(NewRecord.destroyed(id: d.id, type: d.type.rawValue, digest: d.digest))
            case .event(let e): records.append(NewRecord(id: e.event.id, type: e.event.type.rawValue, payload: BinaryEventCodec.encode(e.event)))
            }
        }
        _ = try second.log.appendBlocking([StreamAppend(stream: Self.destroyedStream, expected: .noStream, records: records)])
        let report = try second.importLines(Array(lines.joined(separator: "\n").utf8))
        #expect(report.rejected.isEmpty)
        #expect(report.alreadyPresent == records.count)
        let stored = try second.events(in: Self.destroyedStream)
        #expect(stored.last?.type == .archiveDestroyed)
        #expect(try stored.filter(\.isDestroyed).map(\.digest) == first.events(in: Self.destroyedStream).filter(\.isDestroyed).map(\.digest))
        #expect(try second.projections().register[Self.destroyedStream]?.record?.digests.count == 6)
        try first.close()
        try second.close()
    }
}
