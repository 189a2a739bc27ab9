import Foundation
import Testing

@testable import Annals
import AnnalsLog

/// A destruction whose `archive.destroyed` is in the log has happened: a failure
/// after that point says what is done and what is pending, every reader serves the
/// content as destroyed at once, and the next writer finishes the shred.
@Suite struct DestructionTruthTests {
    typealias Folder = ImportExportTests.Folder
    static let destroyed = "meeting/KJK-2012-001"

    @Test func aFullDiskDuringTheShredSaysTheDestructionIsRecordedAndNoReaderServesTheContent() throws {
        let folder = Folder()
        var options = ArchiveOptions()
        // Every write of a rewritten segment fails as on a full disk: the import's
        // events (and the destruction among them) are in the log, the shred is not.
        options.log.io = FileIO(faults: FaultPlan([FaultPlan.Rule(.write, pathContains: ".seg.tmp", effect: .fail(ENOSPC), repeats: true)]))
        let archive = try Archive.create(at: folder.path, options: options)
        do {
            _ = try archive.importLines(Array(DestructionAndCheckpointTests.scenario), options: ImportOptions(skipInvalid: true))
            Issue.record("the import reported success although the shred failed")
        } catch let error as ArchiveError {
            #expect(error.message.contains("the destruction of \(Self.destroyed) is recorded"), "\(error)")
            #expect(error.message.contains("Pending: removing that content"), "\(error)")
            #expect(error.message.contains("No space left on device"), "\(error)")
            #expect(!error.message.contains("nothing was written"), "\(error)")
        }
        #expect(try archive.projections().register[Self.destroyed] != nil)

        // A reader beside it: the content is served as destroyed by every read.
        var readOnly = ArchiveOptions()
        readOnly.readOnly = true
        let reader = try Archive.open(at: folder.path, options: readOnly)
        var exported: [UInt8] = []
        try reader.exportLines { exported.append(contentsOf: $0) }
        let text = String(decoding: exported, as: UTF8.self)
        for content in DestructionAndCheckpointTests.destroyedContent {
            #expect(!text.contains(content), "the export serves \(content) of a destroyed record")
        }
        let events = try reader.events(in: Self.destroyed)
        #expect(events.contains { $0.type == .archiveDestroyed })
        let content = events.filter { MeetingState.isContent($0.type) }
        #expect(!content.isEmpty && content.allSatisfy { $0.isDestroyed })
        var replayed = 0
        try reader.replay { stored in
            if stored.stream == Self.destroyed, MeetingState.isContent(stored.type) {
                #expect(stored.isDestroyed)
                replayed += 1
            }
            return true
        }
        #expect(replayed > 0)
        // As of a moment before the destruction too: destroyed content is never shown again.
        let before = try #require(events.first { $0.type == .archiveDestroyed }).position - 1
        let past = try reader.minutes(of: Self.destroyed, asOf: .position(before))
        #expect(past?.state.agenda.isEmpty ?? true)
        try reader.close()
        try archive.close()

        // The bytes are still in the log's files until the next writer finishes the shred.
        let needle = Data(DestructionAndCheckpointTests.destroyedContent[0].utf8)
        #expect(try DestructionAndCheckpointTests.everyByte(folder.path).values.contains { $0.range(of: needle) != nil })
        let writer = try Archive.open(at: folder.path)
        try writer.close()
        let holders = try DestructionAndCheckpointTests.everyByte(folder.path).filter { $0.value.range(of: needle) != nil }.map(\.key)
        #expect(holders.isEmpty, "still in \(holders) after the next writer")
    }
}
